// The live checklist against every repository of the demo scenario: each
// failure mode ends with the right status on the rows that matter, and the
// row's one-line verdict names the cause. Also: the kinds of token and
// caller that cannot read everything (fine-grained, no admin rights, SSO,
// OAuth App restrictions), Re-check served from ETags at no rate-limit cost,
// and a transient server error healed by a retry. The token never leaks.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  startStack, openPage, openChecklist, pasteToken, waitForChecklist, rowStatuses, row, openRow, requestsLeft,
  screenshots, fake, fakeLog, resetFake, assertNoLeak, DEMO_TOKEN, FAKE,
} from "./harness.mjs";

let stack;
before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });
beforeEach(resetFake);

const FINE_GRAINED = "github_pat_DEMO_fineGrainedDemoToken0000000000";
const MAINTAINER = "ghp_DEMOmaintainerDEMOmaintainerDEMO0000";
const OAUTH_TOKEN = /gho_[A-Za-z0-9]{20,}/;

/** The fake GitHub's own count of requests left for `token` (`GET /rate_limit` costs none). */
async function countedLeft(token) {
  const res = await fetch(`${FAKE}/rate_limit`, { headers: { authorization: `Bearer ${token}` } });
  return (await res.json()).resources.core.remaining;
}

/**
 * Asserts each expected row: `{ id: [status, /verdict/] }`; opens those rows
 * so the screenshot shows their evidence and fix.
 */
async function expectRows(page, expected) {
  for (const [id, [status, verdict]] of Object.entries(expected)) {
    const r = await row(page, id);
    assert.equal(r.status, status, `${id}: expected ${status}, got ${r.status} (${r.verdict})`);
    if (verdict) assert.match(r.verdict, verdict, `${id}: the verdict should name the cause`);
    if (status !== "pass" && status !== "na") await openRow(page, id);
  }
}

const shotName = (repo) => `checklist-${repo.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

// One entry per demo repository (failure-modes.md numbers in brackets).
const REPOS = [
  ["demo-org/ready-app", "everything right", {
    "workflow-permissions": ["pass", /default is read.*packages: write/],
    package: ["pass", /exists \(public package/],
    "latest-run": ["pass", /succeeded/],
  }],
  ["demo-org/fresh-app", "nothing set up", {
    "workflow-file": ["fail", /No workflow in \.github\/workflows publishes to ghcr\.io/],
    "workflow-permissions": ["warn", /Default workflow permissions are write/],
    package: ["manual", /not published yet/],
  }],
  ["demo-org/no-packages-write", "[1] no packages: write under a read default", {
    "workflow-permissions": ["fail", /declares no permissions: and the repository default is read/],
    "latest-run": ["fail", /ended with failure/],
  }],
  ["locked-down-org/service", "[2, 9, 10] org forces read and allows only GitHub-owned actions", {
    "allowed-actions": ["fail", /not allowed: docker\/setup-buildx-action/],
    "workflow-permissions": ["fail", /without packages: write/],
    "latest-run": ["fail", /startup_failure/],
  }],
  ["demo-org/unlinked-package", "[3] package linked to no repository", {
    "package-access": ["manual", /linked to no repository.*Manage Actions access/],
  }],
  ["new-org/first-image", "[4] first image of a new org", {
    package: ["warn", /never been published.*installation not allowed to Create organization package/],
  }],
  ["demo-org/pr-pusher", "[5] logs in and pushes on pull requests", {
    "pull-requests": ["fail", /logs in or pushes on pull requests.*forks and Dependabot/],
  }],
  ["Demo-Labs/Image-Builder", "[6] mixed-case name through github.repository", {
    "image-name": ["fail", /github\.repository.*Demo-Labs\/Image-Builder/],
    "workflow-permissions": ["warn", /write/],
  }],
  ["demo-org/private-package", "[7] public repository, private package", {
    "package-visibility": ["warn", /private while the repository is public.*unauthorized/],
  }],
  ["demo-org/runner-app", "[8, 10] old and offline self-hosted runners, secret missing", {
    runners: ["warn", /older than 2\.327\.1/],
    "fallback-secret": ["warn", /LOCAL_RUNNER_FALLBACK_TOKEN, which is not set/],
    "runner-policy": ["pass", /only selected repositories.*runner-app is one of them/],
  }],
  ["demo-org/runner-ready", "[8] current runner, old secret", {
    runners: ["pass", /new enough/],
    "fallback-secret": ["warn", /last updated \d+ days ago/],
    "fallback-secret-kind": ["manual", /classic token \(ghp_…\)/],
  }],
  ["demo-org/pinned-policy", "[9] SHA pinning required, tags used", {
    "sha-pinning": ["fail", /requires actions pinned to a full commit SHA.*actions\/checkout@v7/],
    "latest-run": ["fail", /startup_failure/],
  }],
  ["octo-demo/hello-ghcr", "personal repository with a public package", {
    "org-role": ["na", /personal account/],
    package: ["pass", /exists \(public package/],
    "workflow-file": ["fail", /No workflow/],
  }],
];

for (const [repo, what, expected] of REPOS) {
  test(`${repo} (${what}): final statuses and causes`, async () => {
    const page = await openChecklist(stack.browser, repo, DEMO_TOKEN);
    const statuses = await rowStatuses(page);
    assert.equal(Object.keys(statuses).length, 22, JSON.stringify(statuses));
    assert.ok(!Object.values(statuses).includes("pending"), JSON.stringify(statuses));
    await expectRows(page, expected);
    if (repo === "demo-org/ready-app") {
      const bad = Object.entries(statuses).filter(([, s]) => !["pass", "na"].includes(s));
      assert.deepEqual(bad, [], "a ready repository has nothing to fix or confirm");
      const said = await page.textContent(".summary-bar [role=status]");
      assert.match(said, /^Check complete: /);
      assert.match(said, /\b18 passing\b/);
      assert.match(said, /\b4 not applicable\b/);
      assert.doesNotMatch(said, /failing|warning|to confirm|unknown/);
    } else {
      // Every problem counted in the bar is a row, and the bar says so.
      const fails = Object.values(statuses).filter((s) => s === "fail").length;
      if (fails) assert.match(await page.textContent(".summary-counts .status-fail"), new RegExp(`(^|\\D)${fails} failing\\b`));
    }
    await screenshots(page, shotName(repo));
    await assertNoLeak(page, DEMO_TOKEN);
    await page.context().close();
  });
}

test("the status word and the verdict are in the row's summary, the evidence in its details", async () => {
  const page = await openChecklist(stack.browser, "demo-org/no-packages-write", DEMO_TOKEN);
  const li = page.locator("li.check-row#check-workflow-permissions");
  assert.equal(await li.getAttribute("data-check"), "workflow-permissions");
  assert.equal((await li.locator("summary .status-word").textContent()).trim(), "Fail");
  assert.equal(await li.locator("details").evaluate((d) => d.open), false);
  await li.locator("summary").click();
  assert.ok(await li.locator(".check-detail").isVisible());
  assert.match(await li.locator(".check-detail").textContent(), /Why it matters/);
  assert.match(await li.locator(".check-symptom").textContent(), /installation not allowed to Write organization package/);
  await assertNoLeak(page, DEMO_TOKEN);
  await page.context().close();
});

test("a repository typed in other capitals is judged by GitHub's spelling", async () => {
  const page = await openChecklist(stack.browser, "demo-labs/image-builder", DEMO_TOKEN);
  assert.match((await row(page, "repo-access")).verdict, /Demo-Labs\/Image-Builder/);
  await expectRows(page, { "image-name": ["fail", /which is Demo-Labs\/Image-Builder/] });
  await assertNoLeak(page, DEMO_TOKEN);
  await page.context().close();
});

test("a fine-grained token: the package rows are unknown and say why", async () => {
  const page = await openChecklist(stack.browser, "demo-org/ready-app", FINE_GRAINED);
  await expectRows(page, {
    identity: ["warn", /fine-grained personal access token/],
    package: ["unknown", /fine-grained personal access token cannot read packages/],
    "package-access": ["unknown", /Packages API accepts only classic tokens/],
    "package-visibility": ["unknown", /fine-grained/],
    "workflow-permissions": ["pass", null],
  });
  await screenshots(page, "checklist-fine-grained");
  await assertNoLeak(page, FINE_GRAINED);
  await page.context().close();
});

test("a caller without admin rights: the settings rows are unknown and say admin rights are needed", async () => {
  const page = await openChecklist(stack.browser, "demo-org/ready-app", MAINTAINER);
  const expected = { "repo-access": ["warn", /Your access is write/] };
  for (const id of ["actions-enabled", "allowed-actions", "sha-pinning", "workflow-permissions"]) {
    expected[id] = ["unknown", /needs admin rights on the repository/];
  }
  await expectRows(page, expected);
  // What it can read is still judged.
  await expectRows(page, { "workflow-file": ["pass", null], package: ["pass", null] });
  await screenshots(page, "checklist-not-admin");
  await assertNoLeak(page, MAINTAINER);
  await page.context().close();
});

test("an SSO organization: org access fails naming single sign-on", async () => {
  const page = await openChecklist(stack.browser, "sso-org/app", DEMO_TOKEN);
  await expectRows(page, {
    "org-access": ["fail", /requires SAML single sign-on and this token is not authorized/],
    "repo-access": ["fail", /single sign-on/],
    package: ["unknown", /authorize the token at https:\/\/github\.com\/orgs\/sso-org\/sso/],
  });
  await screenshots(page, "checklist-sso");
  await assertNoLeak(page, DEMO_TOKEN);
  await page.context().close();
});

test("an organization with OAuth App restrictions, signed in by the device flow", async () => {
  const page = await openPage(stack.browser, "#/check/restricted-org/private-app");
  await page.click("button:has-text('Sign in with GitHub')");
  const code = (await (await page.waitForSelector("[data-testid=user-code]")).textContent()).trim();
  await fake("POST", "/_fake/approve", { user_code: code });
  await waitForChecklist(page);
  await expectRows(page, {
    identity: ["pass", /OAuth App token/i],
    "org-access": ["fail", /OAuth App access restrictions and has not approved this app/],
    "repo-access": ["fail", /has not approved this app/],
    "workflow-file": ["unknown", /an owner approves it, or paste a classic token/],
  });
  await screenshots(page, "checklist-oauth-restricted");
  await assertNoLeak(page, OAUTH_TOKEN);
  await page.context().close();
});

test("Re-check asks with ETags: every answer is 304 and the rate limit does not drop", async () => {
  const page = await openChecklist(stack.browser, "demo-org/ready-app", DEMO_TOKEN);
  const first = await rowStatuses(page);
  const left = await countedLeft(DEMO_TOKEN);
  assert.ok(left > 0 && left < 5000, `requests left: ${left}`);
  await fake("DELETE", "/_fake/log");
  await page.click(".summary-bar button:has-text('Re-check')");
  await page.waitForFunction(() => document.querySelector(".summary-bar").textContent.includes("answers unchanged since the last check"));
  await waitForChecklist(page);
  const gets = (await fakeLog()).filter((e) => e.method === "GET");
  assert.ok(gets.length >= 10, `the second round asked again: ${JSON.stringify(gets)}`);
  assert.deepEqual(gets.filter((e) => e.status !== 304), [], "every answer of the second round is 304");
  assert.equal(await countedLeft(DEMO_TOKEN), left, "304 answers are free");
  assert.equal(await requestsLeft(page), left, "the bar shows what GitHub counts");
  assert.match(await page.textContent(".summary-bar"), new RegExp(`${gets.length} answers unchanged since the last check \\(free\\)`));
  assert.deepEqual(await rowStatuses(page), first);
  await screenshots(page, "checklist-rechecked");
  await assertNoLeak(page, DEMO_TOKEN);
  await page.context().close();
});

// Answers to requests in flight together arrive in any order; one counted
// early and delivered last must not raise the figure in the bar. Here the
// secrets answer (a fact nothing else waits for) is held until the rest are in.
test("the bar shows the lowest requests-left figure when answers arrive out of order", async () => {
  const page = await openPage(stack.browser, "#/check/demo-org/ready-app");
  await page.route((url) => url.pathname === "/repos/demo-org/ready-app/actions/secrets", async (route) => {
    const response = await route.fetch();
    await new Promise((ok) => setTimeout(ok, 2000));
    await route.fulfill({ response });
  });
  await pasteToken(page, DEMO_TOKEN);
  await waitForChecklist(page);
  assert.equal(await requestsLeft(page), await countedLeft(DEMO_TOKEN), "the bar against the count of the fake GitHub");
  await page.context().close();
});

test("a transient 500 heals by a retry and the row passes", async () => {
  const path = "/repos/demo-org/ready-app/actions/permissions/workflow";
  await fake("POST", "/_fake/faults", { method: "GET", path_prefix: path, status: 500, times: 1, body: { message: "Server Error" } });
  const page = await openChecklist(stack.browser, "demo-org/ready-app", DEMO_TOKEN);
  await expectRows(page, { "workflow-permissions": ["pass", /default is read/] });
  const answers = (await fakeLog()).filter((e) => e.method === "GET" && e.path === path).map((e) => e.status);
  assert.deepEqual(answers, [500, 200], "answered 500 once, then 200 to the retry");
  const bad = Object.entries(await rowStatuses(page)).filter(([, s]) => !["pass", "na"].includes(s));
  assert.deepEqual(bad, []);
  await assertNoLeak(page, DEMO_TOKEN);
  await page.context().close();
});
