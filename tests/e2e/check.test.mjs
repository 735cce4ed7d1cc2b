// The check page: sign-in appears in place and the checklist starts by
// itself; every kind of GitHub failure shows its own message in the rows
// it affects.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  startStack, openPage, screenshots, fake, resetFake, assertNoLeak, pasteToken, waitForChecklist, row, rowStatuses, DEMO_TOKEN,
  CHECK_IDS,
} from "./harness.mjs";

let stack;
before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });
beforeEach(resetFake);

test("sign in in place, then the check continues by itself", async () => {
  const page = await openPage(stack.browser, "#/check/demo-org/ready-app");
  assert.match(await page.textContent("main"), /needs a GitHub sign-in/);
  await pasteToken(page, DEMO_TOKEN);
  // Every item is there at once and fills in; the bar says when all are in.
  await page.waitForSelector("li.check-row");
  assert.equal(await page.locator("li.check-row").count(), CHECK_IDS.length);
  await waitForChecklist(page);
  assert.equal(await page.inputValue("#check-repo"), "demo-org/ready-app");
  assert.match((await row(page, "repo-access")).verdict, /You are an admin of demo-org\/ready-app/);
  assert.match(await page.textContent(".summary-bar"), /API requests left this hour: \d+ of 5000/);
  assert.match(await page.textContent(".summary-bar [role=status]"), /Check complete: /);
  assert.ok(page.url().endsWith("#/check/demo-org/ready-app"), page.url());
  await screenshots(page, "check-repo");
  await assertNoLeak(page, DEMO_TOKEN);
  // The workflow panel's generator link carries the repository and its options.
  await page.click(".workflow-panel a:has-text('Adjust the options in the generator')");
  await page.waitForSelector(".gen-preview pre");
  assert.match(await page.textContent(".gen-preview pre"), /ghcr\.io\/demo-org\/ready-app/);
  await page.context().close();
});

// Every request under /repos/demo-org/ready-app answers the fault; `/user`
// still works, so the token rows pass and the repository rows say why not.
// [name, fault, status of the repository-access row, its message, status of
// the Dockerfile row (read through the contents API)]
const FAULTS = [
  ["404", { status: 404, body: { message: "Not Found" } }, "fail", "Not found, or not visible to this token", null],
  ["401", { status: 401, body: { message: "Bad credentials" } }, "fail", "GitHub did not accept the token", "unknown"],
  ["403 SSO", { status: 403, headers: { "x-github-sso": "required; url=https://github.com/orgs/demo-org/sso?authorization_request=1" }, body: { message: "Resource protected by organization SAML enforcement." } }, "fail", "single sign-on", "unknown"],
  ["403 OAuth App restrictions", { status: 403, body: { message: "Although you appear to have the correct authorization credentials, the `demo-org` organization has enabled OAuth App access restrictions, meaning that data access to third-parties is limited." } }, "fail", "has not approved this app", "unknown"],
  ["403 rate limit", { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-limit": "5000", "x-ratelimit-used": "5000", "x-ratelimit-reset": "4102444800" }, body: { message: "API rate limit exceeded" } }, "unknown", "hourly API limit is used up", "unknown"],
  ["500", { status: 500, body: { message: "Server Error" } }, "unknown", "GitHub had a problem (HTTP 500)", "unknown"],
  ["malformed", { status: 200, headers: { "content-type": "application/json" }, body: "{ not json" }, "unknown", "could not be read", "unknown"],
];

for (const [name, fault, status, expected, dockerfile] of FAULTS) {
  test(`GitHub answers ${name}: a specific message`, async () => {
    const page = await openPage(stack.browser, "#/signin");
    await pasteToken(page, DEMO_TOKEN);
    await page.waitForSelector("text=Signed in as octo-demo");
    await fake("POST", "/_fake/faults", { method: "GET", path_prefix: "/repos/demo-org/ready-app", ...fault });
    await page.evaluate(() => { location.hash = "#/check/demo-org/ready-app"; });
    await waitForChecklist(page);
    const repo = await row(page, "repo-access");
    assert.equal(repo.status, status, repo.verdict);
    assert.ok(repo.verdict.includes(expected), `expected "${expected}", got: ${repo.verdict}`);
    const statuses = await rowStatuses(page);
    assert.equal(statuses.identity, "pass", "/user still answers");
    assert.ok(!Object.values(statuses).includes("pending"));
    if (dockerfile) assert.equal(statuses.dockerfile, dockerfile, "a row that could not be read is unknown, not judged");
    if (name === "403 rate limit") assert.match(await page.textContent(".summary-bar"), /API requests left this hour: 0 of 5000/);
    if (name === "403 SSO") await screenshots(page, "check-sso");
    await assertNoLeak(page, DEMO_TOKEN);
    await page.context().close();
  });
}

test("a repository that cannot be read is not called one without a workflow", async () => {
  const page = await openPage(stack.browser, "#/signin");
  await pasteToken(page, DEMO_TOKEN);
  await page.waitForSelector("text=Signed in as octo-demo");
  await fake("POST", "/_fake/faults", { method: "GET", path_prefix: "/repos/demo-org/ready-app", status: 404, body: { message: "Not Found" } });
  await page.evaluate(() => { location.hash = "#/check/demo-org/ready-app"; });
  await waitForChecklist(page);
  const statuses = await rowStatuses(page);
  for (const id of ["workflow-file", "dockerfile", "image-name"]) {
    const { verdict } = await row(page, id);
    assert.equal(statuses[id], "unknown", `${id}: ${verdict}`);
    assert.match(verdict, /404 for the repository/, `${id} names the unreadable repository as the cause`);
    assert.doesNotMatch(verdict, /No workflow/);
  }
  await page.context().close();
});

test("an unreachable API and an invalid name are explained", async () => {
  const page = await openPage(stack.browser, "#/check/bad%20name!");
  assert.match(await page.textContent("#check-repo-error"), /\S/);
  assert.equal(await page.inputValue("#check-repo"), "bad name!");
  await page.evaluate(() => { location.hash = "#/signin"; });
  await page.click("summary:has-text('Advanced')");
  await page.fill("#adv-api", "http://127.0.0.1:9");
  await page.click("form button:has-text('Save')");
  await pasteToken(page, DEMO_TOKEN);
  await page.waitForSelector("#token-error :text('GitHub could not be reached')", { timeout: 30000 });
  await page.context().close();
});
