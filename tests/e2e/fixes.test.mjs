// One-click fixes from the checklist, without leaving the page: each says
// exactly what will change before it changes anything, GitHub's refusals
// are explained (409 from an organization's policy), fixes this caller
// cannot make say what is missing, and the secret fix checks a pasted token
// first and never lets it out of memory.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  startStack, openChecklist, row, openRow, screenshots, fake, fakeLog, resetFake, assertNoLeak,
  DEMO_TOKEN, FAKE,
} from "./harness.mjs";

/** A service account's classic token with `repo` and `write:packages` (added to the scenario below). */
const SERVICE_TOKEN = "ghp_DEMOcibotDEMOcibotDEMOcibotDEMOcib00";
/** octo-demo without the `workflow` scope. */
const NO_WORKFLOW_TOKEN = "ghp_DEMOnoworkflowDEMOnoworkflowDEMO0000";
/** octo-demo without `admin:org`: the organization's settings cannot be read. */
const NO_ADMIN_ORG_TOKEN = "ghp_DEMOnoadminorgDEMOnoadminorgDEMO0000";
const FINE_GRAINED = "github_pat_DEMO_fineGrainedDemoToken0000000000";

function addTokens(scenario) {
  scenario.users.push({ login: "ci-bot", id: 1003, name: "CI service account" });
  scenario.tokens.push(
    { value: SERVICE_TOKEN, user: "ci-bot", scopes: ["repo", "write:packages"], note: "service account for the fallback secret" },
    { value: NO_WORKFLOW_TOKEN, user: "octo-demo", scopes: ["repo", "read:org", "read:packages", "admin:org"], note: "no workflow scope" },
    { value: NO_ADMIN_ORG_TOKEN, user: "octo-demo", scopes: ["repo", "workflow", "read:org", "read:packages"], note: "no admin:org scope" },
  );
  const runnerApp = scenario.repos.find((r) => r.owner === "demo-org" && r.name === "runner-app");
  runnerApp.permissions["ci-bot"] = "write";
}

let stack;
before(async () => { stack = await startStack({ patchScenario: addTokens }); });
after(async () => { await stack?.stop(); });
beforeEach(resetFake);

const writes = async () => (await fakeLog()).filter((e) => !["GET", "OPTIONS"].includes(e.method));

/** Clicks the offer `label` in row `id` and returns the confirmation. */
async function offer(page, id, label) {
  const li = await openRow(page, id);
  await li.locator(".fix-panel").getByRole("button", { name: label, exact: true }).click();
  const confirm = li.locator(".fix-confirm");
  await confirm.waitFor();
  return { li, confirm };
}

/** Confirms and waits for the outcome in the row: `.flash-success` or `.error-message`. */
async function makeChange(li, confirm) {
  await confirm.locator("button:has-text('Make this change')").click();
  const outcome = li.locator(".fix-panel > .flash-success, .fix-panel .error-message");
  await outcome.first().waitFor({ timeout: 15000 });
  return outcome.first();
}

test("demo-org/fresh-app from red to green on the page: default to read, then the workflow proposed once", async () => {
  const page = await openChecklist(stack.browser, "demo-org/fresh-app", DEMO_TOKEN);
  const url = page.url();
  assert.equal((await row(page, "workflow-permissions")).status, "warn");

  // 1. The default permissions.
  let { li, confirm } = await offer(page, "workflow-permissions", "Set the default to read");
  assert.match(await confirm.textContent(), /GITHUB_TOKEN in demo-org\/fresh-app change from read and write to read/);
  assert.equal(await writes().then((w) => w.length), 0, "nothing changes before the confirmation");
  await screenshots(page, "fix-default-read-confirm");
  let outcome = await makeChange(li, confirm);
  assert.match(await outcome.getAttribute("class"), /flash-success/);
  assert.match(await outcome.textContent(), /default permissions of GITHUB_TOKEN in demo-org\/fresh-app are now read/);
  assert.deepEqual((await writes()).map((e) => [e.method, e.path, e.status]),
    [["PUT", "/repos/demo-org/fresh-app/actions/permissions/workflow", 204]]);
  // The row reads the setting again and turns green.
  await page.waitForSelector("li#check-workflow-permissions.status-pass", { timeout: 15000 });
  await screenshots(page, "fix-default-read-done");

  // 2. The workflow, as a pull request.
  assert.equal((await row(page, "workflow-file")).status, "fail");
  ({ li, confirm } = await offer(page, "workflow-file", "Propose the workflow as a pull request"));
  assert.match(await confirm.textContent(), /is created from main in demo-org\/fresh-app.*pull request is opened against main/);
  await screenshots(page, "fix-propose-confirm");
  outcome = await makeChange(li, confirm);
  const text = await outcome.textContent();
  assert.match(text, /Opened pull request #\d+ in demo-org\/fresh-app with the workflow/, text);
  const number = /#(\d+)/.exec(text)[1];
  const link = outcome.locator(`a:has-text("Pull request #${number}")`);
  assert.equal(await link.getAttribute("href"), `https://github.com/demo-org/fresh-app/pull/${number}`);
  const made = (await writes()).map((e) => `${e.method} ${e.path} ${e.status}`);
  assert.ok(made.includes("POST /repos/demo-org/fresh-app/git/refs 201"), made.join("\n"));
  assert.ok(made.some((w) => /^PUT \/repos\/demo-org\/fresh-app\/contents\/\.github\/workflows\/docker-image\.yml 20[01]$/.test(w)), made.join("\n"));
  assert.ok(made.includes("POST /repos/demo-org/fresh-app/pulls 201"), made.join("\n"));
  await screenshots(page, "fix-propose-done");

  // 3. Proposing again links the same pull request instead of opening another.
  await fake("DELETE", "/_fake/log");
  ({ li, confirm } = await offer(page, "workflow-file", "Propose the workflow as a pull request"));
  outcome = await makeChange(li, confirm);
  await page.waitForFunction((n) => document.querySelector("#check-workflow-file .fix-panel > .flash-success")?.textContent.includes(`already open in demo-org/fresh-app (#${n})`), number);
  assert.equal(await li.locator(".fix-panel > .flash-success a").getAttribute("href"), `https://github.com/demo-org/fresh-app/pull/${number}`);
  assert.deepEqual(await writes(), [], "no second branch, file or pull request");
  await screenshots(page, "fix-propose-already-open");

  // 4. Or straight onto main: the same file, committed without review; the
  // whole checklist is read again and the workflow row turns green.
  await fake("DELETE", "/_fake/log");
  ({ li, confirm } = await offer(page, "workflow-file", "Commit it to main directly"));
  assert.match(await confirm.textContent(), /committed straight to main in demo-org\/fresh-app — no branch, no pull request, no review/);
  await screenshots(page, "fix-commit-confirm");
  outcome = await makeChange(li, confirm);
  assert.match(await outcome.textContent(), /Committed \.github\/workflows\/docker-image\.yml to main in demo-org\/fresh-app \(commit [0-9a-f]{7}\)/);
  assert.deepEqual((await writes()).map((e) => [e.method, e.path, e.status]),
    [["PUT", "/repos/demo-org/fresh-app/contents/.github/workflows/docker-image.yml", 201]]);
  await page.waitForSelector("li#check-workflow-file.status-pass", { timeout: 15000 });
  await page.waitForFunction(() => document.querySelectorAll(".check-row.status-pending").length === 0, null, { timeout: 15000 });
  // Red to green: nothing fails any more; what is left is for the person
  // (the package appears with the first push).
  const statuses = await page.$$eval("li.check-row", (rows) => rows.map((r) => [r.id, r.className]));
  const failing = statuses.filter(([, c]) => /status-fail/.test(c)).map(([id]) => id);
  assert.deepEqual(failing, [], statuses.map((s) => s.join(" ")).join("\n"));
  await screenshots(page, "fix-commit-done");

  assert.equal(page.url(), url, "never left the page");
  await assertNoLeak(page, DEMO_TOKEN);
  await page.context().close();
});

test("locked-down-org/service: allowing actions the organization forbids is refused with the 409 explained", async () => {
  const page = await openChecklist(stack.browser, "locked-down-org/service", DEMO_TOKEN);
  assert.equal((await row(page, "allowed-actions")).status, "fail");
  const { li, confirm } = await offer(page, "allowed-actions", "Allow these actions");
  assert.match(await confirm.textContent(), /docker\/login-action@\*.* are added to the actions locked-down-org\/service allows for the repository/);
  assert.match(await confirm.textContent(), /The rest of the list.*stay as they are/);
  const outcome = await makeChange(li, confirm);
  assert.match(await outcome.getAttribute("class"), /error-message/);
  assert.match(await outcome.textContent(), /GitHub answered 409: the organization's policy decides the allowed actions for locked-down-org\/service/);
  assert.deepEqual((await writes()).map((e) => [e.method, e.path, e.status]),
    [["PUT", "/repos/locked-down-org/service/actions/permissions/selected-actions", 409]]);
  assert.equal((await row(page, "allowed-actions")).status, "fail");
  await screenshots(page, "fix-allow-actions-409");
  await assertNoLeak(page, DEMO_TOKEN);
  await page.context().close();
});

/** Changes a setting through the fake's API as octo-demo, an owner of demo-org. */
async function put(path, body) {
  const res = await fetch(`${FAKE}${path}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${DEMO_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 204, `${path}: ${res.status}`);
}

test("Actions switched off: enabling them turns the row green, and an organization that disables Actions gets its 409 explained", async () => {
  await put("/repos/demo-org/fresh-app/actions/permissions", { enabled: false });
  let page = await openChecklist(stack.browser, "demo-org/fresh-app", DEMO_TOKEN);
  assert.equal((await row(page, "actions-enabled")).status, "fail");
  let { li, confirm } = await offer(page, "actions-enabled", "Enable GitHub Actions");
  assert.match(await confirm.textContent(), /GitHub Actions are enabled for demo-org\/fresh-app/);
  await fake("DELETE", "/_fake/log");
  let outcome = await makeChange(li, confirm);
  assert.match(await outcome.getAttribute("class"), /flash-success/);
  assert.deepEqual((await writes()).map((e) => [e.method, e.path, e.status]),
    [["PUT", "/repos/demo-org/fresh-app/actions/permissions", 204]]);
  await page.waitForSelector("li#check-actions-enabled.status-pass", { timeout: 15000 });
  await screenshots(page, "fix-enable-actions-done");
  await assertNoLeak(page, DEMO_TOKEN);
  await page.context().close();

  // The organization switches Actions off for all its repositories. An
  // owner who can read that policy is told before anything is sent.
  await put("/repos/demo-org/fresh-app/actions/permissions", { enabled: false });
  await put("/orgs/demo-org/actions/permissions", { enabled_repositories: "none" });
  page = await openChecklist(stack.browser, "demo-org/fresh-app", DEMO_TOKEN);
  li = await openRow(page, "actions-enabled");
  assert.match((await row(page, "actions-enabled")).verdict, /demo-org disables them for all its repositories/);
  assert.match(await li.locator(".fix-blocked").textContent(), /Enable GitHub Actions: demo-org disables Actions for all its repositories, so GitHub would refuse \(409\)/);
  await screenshots(page, "fix-enable-actions-blocked");
  await page.context().close();

  // Without admin:org the policy cannot be read: GitHub refuses (409) and the page says why.
  page = await openChecklist(stack.browser, "demo-org/fresh-app", NO_ADMIN_ORG_TOKEN);
  ({ li, confirm } = await offer(page, "actions-enabled", "Enable GitHub Actions"));
  await fake("DELETE", "/_fake/log");
  outcome = await makeChange(li, confirm);
  assert.match(await outcome.getAttribute("class"), /error-message/);
  assert.match(await outcome.textContent(), /409.*organization that owns demo-org\/fresh-app does not let it enable Actions/);
  assert.deepEqual((await writes()).map((e) => [e.method, e.path, e.status]),
    [["PUT", "/repos/demo-org/fresh-app/actions/permissions", 409]]);
  assert.equal((await row(page, "actions-enabled")).status, "fail");
  await screenshots(page, "fix-enable-actions-409");
  await assertNoLeak(page, NO_ADMIN_ORG_TOKEN);
  await page.context().close();
});

test("an organization forcing read: the write default is blocked when the policy is known, and GitHub's 409 is explained when it is not", async () => {
  // demo-org now forces read-only tokens on its repositories.
  await put("/orgs/demo-org/actions/permissions/workflow", { default_workflow_permissions: "read", can_approve_pull_request_reviews: false });

  // The owner sees the policy: the offer is blocked and says why.
  let page = await openChecklist(stack.browser, "demo-org/no-packages-write", DEMO_TOKEN);
  let li = await openRow(page, "workflow-permissions");
  assert.match(await li.locator(".fix-blocked").textContent(), /Set the default to read and write: demo-org forces read for its repositories, so GitHub would refuse \(409\); use the workflow fix/);
  assert.equal(await li.locator(".fix-panel button:has-text('Set the default to read and write')").count(), 0);
  await screenshots(page, "fix-write-default-blocked");
  await assertNoLeak(page, DEMO_TOKEN);
  await page.context().close();

  // Without admin:org the policy cannot be read: GitHub's 409 is explained.
  await fake("DELETE", "/_fake/log");
  page = await openChecklist(stack.browser, "demo-org/no-packages-write", NO_ADMIN_ORG_TOKEN);
  const { li: row409, confirm } = await offer(page, "workflow-permissions", "Set the default to read and write");
  assert.match(await confirm.textContent(), /change from read to read and write/);
  const outcome = await makeChange(row409, confirm);
  assert.match(await outcome.textContent(), /GitHub answered 409: demo-org forces read-only tokens on its repositories.*packages: write/);
  assert.deepEqual((await writes()).map((e) => [e.method, e.path, e.status]),
    [["PUT", "/repos/demo-org/no-packages-write/actions/permissions/workflow", 409]]);
  await screenshots(page, "fix-write-default-409");
  await assertNoLeak(page, NO_ADMIN_ORG_TOKEN);
  await page.context().close();
});

test("a token without the workflow scope: the proposal says so and the workflow panel offers Propose on GitHub", async () => {
  const page = await openChecklist(stack.browser, "demo-org/fresh-app", NO_WORKFLOW_TOKEN);
  const li = await openRow(page, "workflow-file");
  const blocked = await li.locator(".fix-blocked", { hasText: "Propose the workflow" }).textContent();
  assert.match(blocked, /Propose the workflow as a pull request: Needs the workflow scope.*"Propose on GitHub" in the workflow panel/);
  assert.equal(await li.locator(".fix-panel button:has-text('Propose the workflow')").count(), 0);
  // Committing it directly writes the same file: blocked for the same reason.
  assert.match(await li.locator(".fix-blocked", { hasText: "Commit it to main directly" }).textContent(), /Needs the workflow scope/);
  assert.equal(await li.locator(".fix-panel button:has-text('Commit it to main directly')").count(), 0);
  // Settings fixes need no workflow scope: still offered.
  const settings = await openRow(page, "workflow-permissions");
  assert.equal(await settings.locator(".fix-panel button:has-text('Set the default to read')").isEnabled(), true);
  const href = await page.locator(".workflow-panel a:has-text('Propose on GitHub')").getAttribute("href");
  assert.ok(href.startsWith("https://github.com/demo-org/fresh-app/new/main?filename=.github/workflows/docker-image.yml&value="), href);
  assert.match(decodeURIComponent(href), /ghcr\.io\/demo-org\/fresh-app/);
  await screenshots(page, "fix-no-workflow-scope");
  assert.deepEqual(await writes(), []);
  await assertNoLeak(page, NO_WORKFLOW_TOKEN);
  await page.context().close();
});

test("demo-org/runner-app: the secret fix refuses a fine-grained token, verifies a service account's token and stores it", async () => {
  const page = await openChecklist(stack.browser, "demo-org/runner-app", DEMO_TOKEN);
  assert.equal((await row(page, "fallback-secret")).status, "warn");
  const { li, confirm } = await offer(page, "fallback-secret", "Verify a token and create LOCAL_RUNNER_FALLBACK_TOKEN");
  assert.match(await confirm.textContent(), /The repository secret LOCAL_RUNNER_FALLBACK_TOKEN, which \.github\/workflows\/docker-image\.yml logs in with, is created in demo-org\/runner-app.*sealed in this browser.*Everyone who can push to demo-org\/runner-app can write a workflow that reads this secret/);
  const form = confirm.locator("form.verify-token");
  const input = form.locator("input[type=password]");

  // A fine-grained token is refused by its kind, before it is sent anywhere.
  await fake("DELETE", "/_fake/log");
  await input.fill(FINE_GRAINED);
  await form.locator("button:has-text('Check this token')").click();
  const refused = form.locator(".error-message");
  await refused.waitFor();
  assert.match(await refused.textContent(), /This token cannot be stored.*fine-grained token \(github_pat_…\)/);
  assert.equal(await form.locator("button:has-text('Store it as the secret')").count(), 0);
  assert.deepEqual((await fakeLog()).filter((e) => e.method !== "OPTIONS"), [], "a fine-grained token is never sent");
  await screenshots(page, "fix-secret-fine-grained");

  // The service account's classic token is checked with GitHub.
  await input.fill(SERVICE_TOKEN);
  await form.locator("button:has-text('Check this token')").click();
  const ok = form.locator(".flash-success");
  await ok.waitFor();
  assert.match(await ok.textContent(), /of ci-bot can push to ghcr\.io \(scopes: repo, write:packages\)/);
  await screenshots(page, "fix-secret-verified");

  await fake("DELETE", "/_fake/log");
  await form.locator("button:has-text('Store it as the secret')").click();
  const stored = li.locator(".fix-panel > .flash-success");
  await stored.waitFor({ timeout: 15000 });
  assert.match(await stored.textContent(), /Created the repository secret LOCAL_RUNNER_FALLBACK_TOKEN in demo-org\/runner-app/);
  const log = (await fakeLog()).filter((e) => e.method !== "OPTIONS").map((e) => `${e.method} ${e.path} ${e.status}`);
  const put = log.indexOf("PUT /repos/demo-org/runner-app/actions/secrets/LOCAL_RUNNER_FALLBACK_TOKEN 201");
  assert.ok(put >= 0, log.join("\n"));
  assert.ok(log.indexOf("GET /repos/demo-org/runner-app/actions/secrets/public-key 200") < put, log.join("\n"));
  // The row reads the secrets again: the secret now exists.
  await page.waitForFunction(() => {
    const r = document.querySelector("#check-fallback-secret");
    return r && !r.classList.contains("status-pending") && /is set/.test(r.querySelector(".check-verdict")?.textContent || "");
  }, null, { timeout: 15000 });
  const after = (await fakeLog()).map((e) => `${e.method} ${e.path} ${e.status}`);
  assert.ok(after.lastIndexOf("GET /repos/demo-org/runner-app/actions/secrets 200") > after.indexOf("PUT /repos/demo-org/runner-app/actions/secrets/LOCAL_RUNNER_FALLBACK_TOKEN 201"), after.join("\n"));
  assert.match((await row(page, "fallback-secret")).verdict, /LOCAL_RUNNER_FALLBACK_TOKEN is set \(repository secret\)/);
  await screenshots(page, "fix-secret-stored");

  await assertNoLeak(page, SERVICE_TOKEN);
  await assertNoLeak(page, FINE_GRAINED);
  await assertNoLeak(page, DEMO_TOKEN);
  await page.context().close();
});

test("the secret fix fits a phone screen", async () => {
  const page = await openChecklist(stack.browser, "demo-org/runner-app", DEMO_TOKEN);
  await openRow(page, "fallback-secret");
  await screenshots(page, "fix-secret-offer");
  await offer(page, "fallback-secret", "Verify a token and create LOCAL_RUNNER_FALLBACK_TOKEN");
  await screenshots(page, "fix-secret-form");
  await page.context().close();
});
