// The live checklist against the demo scenario: the final status of every
// row is pinned in a table per repository (fixtures/demo-checklist.json, run
// whole natively by the CLI's tests; here for four repositories that show
// every status between them), the key rows' one-line verdicts name the
// cause, and every verdict is a finished sentence. The start page lists
// exactly the scenario's demo repositories.
// Also: the kinds of token and caller that cannot read everything
// (fine-grained, no admin rights, SSO, OAuth App restrictions), Re-check
// served from ETags at no rate-limit cost with a new "As of" time, and a
// transient server error healed by a retry. The token never leaks.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  startStack, openPage, openChecklist, pasteToken, waitForChecklist, rowStatuses, row, openRow, requestsLeft,
  screenshots, fake, fakeLog, resetFake, assertNoLeak, DEMO_TOKEN, FAKE,
  CHECK_IDS,
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

/**
 * The final status of every row for every demo repository, and the causes
 * its key rows must name, signed in as the start page suggests: the demo
 * token, or the device flow for restricted-org (whose OAuth App access
 * restrictions hit only OAuth App tokens). The whole table runs natively
 * against the same fake GitHub in the CLI's tests; the browser runs the
 * repositories below, which together show every status, the device flow
 * and the summary bar.
 */
const TABLE = JSON.parse(await readFile(new URL("./fixtures/demo-checklist.json", import.meta.url), "utf8"));
const FINAL = Object.fromEntries(Object.entries(TABLE).map(([repo, entry]) => [repo, entry.statuses]));
const IN_BROWSER = ["demo-org/ready-app", "restricted-org/public-site", "demo-org/runner-app", "sso-org/app"];
/** A pattern of the table as a regular expression (`(?i)` in front: ignore case). */
const pattern = (source) => source.startsWith("(?i)") ? new RegExp(source.slice(4), "i") : new RegExp(source);
const REPOS = IN_BROWSER.map((repo) => ({
  repo,
  what: TABLE[repo].what,
  device: TABLE[repo].sign_in === "device-flow",
  causes: Object.fromEntries(Object.entries(TABLE[repo].causes).map(([id, source]) => [id, pattern(source)])),
}));

test("the repositories run in the browser show every status between them", () => {
  const seen = new Set(IN_BROWSER.flatMap((repo) => Object.values(FINAL[repo])));
  assert.deepEqual([...seen].sort(), ["fail", "manual", "na", "pass", "unknown", "warn"]);
});

/** What a row shows while it waits, or text that never reached a verdict. */
const PLACEHOLDER = /Reading from GitHub|\b(TODO|FIXME|TBD|undefined|NaN)\b|\[object Object\]/;

/** Every row: `{ id: { status, title, verdict } }`, in page order. */
async function allRows(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll("li.check-row")].map((li) => {
    const status = [...li.classList].find((c) => c.startsWith("status-"));
    const text = (sel) => (li.querySelector(sel)?.textContent || "").trim();
    return [li.dataset.check, {
      status: status ? status.slice("status-".length) : "",
      title: text(".check-title"),
      verdict: text(".check-verdict"),
    }];
  })));
}

/**
 * Asserts the final status of every row against `expected`, and that each
 * row's one-line verdict is a real sentence, not empty or a placeholder.
 */
function assertAllRows(repo, rows, expected) {
  assert.deepEqual(Object.keys(rows).sort(), [...CHECK_IDS].sort(), `${repo}: every check`);
  const wrong = CHECK_IDS.filter((id) => rows[id].status !== expected[id])
    .map((id) => `${id}: expected ${expected[id]}, got ${rows[id].status} (${rows[id].verdict})`);
  assert.deepEqual(wrong, [], `${repo}: final statuses`);
  for (const id of CHECK_IDS) {
    const { title, verdict } = rows[id];
    assert.ok(verdict.length >= 20, `${repo} ${id}: the verdict is a sentence: ${JSON.stringify(verdict)}`);
    assert.doesNotMatch(verdict, PLACEHOLDER, `${repo} ${id}: the verdict is not a placeholder`);
    assert.match(verdict, /[.)]$/, `${repo} ${id}: the verdict is a finished sentence: ${verdict}`);
    assert.notEqual(verdict, title, `${repo} ${id}: the verdict says more than the title`);
  }
}

/** Signs in on the current page by the device flow, the fake GitHub approving the code. */
async function signInByDeviceFlow(page) {
  await page.click("button:has-text('Sign in with GitHub')");
  const code = (await (await page.waitForSelector("[data-testid=user-code]")).textContent()).trim();
  await fake("POST", "/_fake/approve", { user_code: code });
}

for (const { repo, what, device, causes } of REPOS) {
  test(`${repo} (${what}): final status of every row, and causes`, async () => {
    let page;
    if (device) {
      page = await openPage(stack.browser, `#/check/${repo}`);
      await signInByDeviceFlow(page);
      await waitForChecklist(page);
    } else {
      page = await openChecklist(stack.browser, repo, DEMO_TOKEN);
    }
    const statuses = await rowStatuses(page);
    assert.equal(Object.keys(statuses).length, CHECK_IDS.length, JSON.stringify(statuses));
    assert.ok(!Object.values(statuses).includes("pending"), JSON.stringify(statuses));
    assertAllRows(repo, await allRows(page), FINAL[repo]);
    await expectRows(page, Object.fromEntries(Object.entries(causes).map(([id, cause]) => [id, [FINAL[repo][id], cause]])));
    if (repo === "demo-org/ready-app") {
      // Nothing to fix; the one row to confirm is what GitHub's API cannot show.
      const bad = Object.entries(statuses).filter(([id, s]) => !["pass", "na"].includes(s) && !(id === "execution-protections" && s === "manual"));
      assert.deepEqual(bad, [], "a ready repository has nothing to fix, and only execution protections to confirm");
      const said = await page.textContent(".summary-bar [role=status]");
      assert.match(said, /^Check complete: /);
      assert.match(said, /\b18 passing\b/);
      assert.match(said, /\b4 not applicable\b/);
      assert.match(said, /\b1 to confirm\b/);
      assert.doesNotMatch(said, /failing|warning|unknown/);
    } else {
      // Every problem counted in the bar is a row, and the bar says so.
      const fails = Object.values(statuses).filter((s) => s === "fail").length;
      if (fails) assert.match(await page.textContent(".summary-counts .status-fail"), new RegExp(`(^|\\D)${fails} failing\\b`));
    }
    await screenshots(page, shotName(repo));
    await assertNoLeak(page, device ? OAUTH_TOKEN : DEMO_TOKEN);
    await page.context().close();
  });
}

test("the start page lists each repository of the demo scenario but the action repositories, and each has its table", async () => {
  const scenario = JSON.parse(await readFile(new URL("../../crates/fake-github/scenarios/demo.json", import.meta.url), "utf8"));
  // Action repositories hold only releases and tags, for pinning by SHA.
  const isAction = (r) => "releases" in r || "tags" in r;
  const repos = scenario.repos.filter((r) => !isAction(r)).map((r) => `${r.owner}/${r.name}`).sort();
  assert.ok(repos.length >= 16, `demo repositories in the scenario: ${repos}`);
  const page = await openPage(stack.browser, "#/");
  await page.waitForSelector(".demo-repos .demo-list a");
  const links = await page.$$eval(".demo-repos .demo-list li", (lis) => lis.map((li) => ({
    repo: (li.querySelector("a")?.textContent || "").trim(),
    href: li.querySelector("a")?.getAttribute("href") || "",
    what: (li.querySelector("span")?.textContent || "").trim(),
  })));
  assert.deepEqual(links.map((l) => l.repo).sort(), repos, "the start page's demo list against the scenario");
  for (const { repo, href, what } of links) {
    assert.equal(href, `#/check/${repo}`, `${repo}: the link opens its checklist`);
    assert.ok(what.length >= 20, `${repo}: the list says what it demonstrates`);
  }
  assert.deepEqual(Object.keys(FINAL).sort(), repos, "each demo repository has its table (run natively by the CLI's tests)");
  await page.context().close();
});

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

test("Re-check asks with ETags: every answer is 304 and the rate limit does not drop", async () => {
  const page = await openChecklist(stack.browser, "demo-org/ready-app", DEMO_TOKEN);
  const first = await rowStatuses(page);
  const left = await countedLeft(DEMO_TOKEN);
  assert.ok(left > 0 && left < 5000, `requests left: ${left}`);
  const asOf = async () => /As of (\d\d):(\d\d):(\d\d)/.exec(await page.textContent(".summary-bar .summary-meta"));
  const before = await asOf();
  assert.ok(before, "the bar says when the results are from");
  // The time has second resolution: let a second pass so the new one differs.
  await page.waitForTimeout(1100);
  // Everything the bar's time shows from the click on.
  await page.evaluate(() => {
    const meta = document.querySelector(".summary-bar .summary-meta");
    window.__metaSeen = [meta.textContent];
    new MutationObserver(() => window.__metaSeen.push(meta.textContent))
      .observe(meta, { subtree: true, childList: true, characterData: true });
  });
  await fake("DELETE", "/_fake/log");
  await page.click(".summary-bar button:has-text('Re-check')");
  await page.waitForFunction(() => document.querySelector(".summary-bar").textContent.includes("answers unchanged since the last check"));
  await waitForChecklist(page);
  const seen = await page.evaluate(() => window.__metaSeen);
  assert.ok(seen.some((t) => t.includes("Checking…") && !/As of/.test(t)), `the bar said it was checking again: ${JSON.stringify(seen)}`);
  const after = await asOf();
  assert.ok(after, "the bar says when the new results are from");
  const seconds = (m) => Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  const later = (seconds(after) - seconds(before) + 86400) % 86400; // across midnight too
  assert.ok(later >= 1 && later < 600, `the time moves on with Re-check: ${before[0]} then ${after[0]}`);
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
  // Every row ends as it does without the fault.
  const changed = Object.entries(await rowStatuses(page)).filter(([id, s]) => s !== FINAL["demo-org/ready-app"][id]);
  assert.deepEqual(changed, []);
  await assertNoLeak(page, DEMO_TOKEN);
  await page.context().close();
});
