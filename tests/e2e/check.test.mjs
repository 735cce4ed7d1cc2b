// The check page: sign-in appears in place and the check continues by
// itself; every kind of GitHub failure shows its own message.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startStack, openPage, screenshots, fake, resetFake, assertNoLeak, pasteToken, DEMO_TOKEN } from "./harness.mjs";

let stack;
before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });
beforeEach(resetFake);

test("sign in in place, then the check continues by itself", async () => {
  const page = await openPage(stack.browser, "#/check/demo-org/ready-app");
  assert.match(await page.textContent("main"), /needs a GitHub sign-in/);
  await pasteToken(page, DEMO_TOKEN);
  await page.waitForSelector("dl.facts");
  const text = await page.textContent("main");
  assert.match(text, /demo-org\/ready-app/);
  assert.match(text, /Default branch\s*main/);
  assert.match(text, /API requests left this hour/);
  assert.ok(page.url().endsWith("#/check/demo-org/ready-app"), page.url());
  await screenshots(page, "check-repo");
  await assertNoLeak(page, DEMO_TOKEN);
  // The generator link carries the repository and its default branch.
  await page.click("a:has-text('Generate the workflow for this repository')");
  await page.waitForSelector(".gen-preview pre");
  assert.match(await page.textContent(".gen-preview pre"), /ghcr\.io\/demo-org\/ready-app/);
  await page.context().close();
});

const FAULTS = [
  ["404", { status: 404, body: { message: "Not Found" } }, "Not found, or not visible to this token"],
  ["401", { status: 401, body: { message: "Bad credentials" } }, "GitHub did not accept the token"],
  ["403 SSO", { status: 403, headers: { "x-github-sso": "required; url=https://github.com/orgs/demo-org/sso?authorization_request=1" }, body: { message: "Resource protected by organization SAML enforcement." } }, "single sign-on"],
  ["403 OAuth App restrictions", { status: 403, body: { message: "Although you appear to have the correct authorization credentials, the `demo-org` organization has enabled OAuth App access restrictions, meaning that data access to third-parties is limited." } }, "has not approved this app"],
  ["403 rate limit", { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-limit": "5000", "x-ratelimit-used": "5000", "x-ratelimit-reset": "4102444800" }, body: { message: "API rate limit exceeded" } }, "hourly API limit is used up"],
  ["500", { status: 500, body: { message: "Server Error" } }, "GitHub had a problem (HTTP 500)"],
  ["malformed", { status: 200, headers: { "content-type": "application/json" }, body: "{ not json" }, "could not be read"],
];

for (const [name, fault, expected] of FAULTS) {
  test(`GitHub answers ${name}: a specific message`, async () => {
    const page = await openPage(stack.browser, "#/signin");
    await pasteToken(page, DEMO_TOKEN);
    await page.waitForSelector("text=Signed in as octo-demo");
    await fake("POST", "/_fake/faults", { method: "GET", path_prefix: "/repos/demo-org/ready-app", ...fault });
    await page.evaluate(() => { location.hash = "#/check/demo-org/ready-app"; });
    const el = await page.waitForSelector("main .flash-error", { timeout: 20000 });
    const text = await el.textContent();
    assert.ok(text.includes(expected), `expected "${expected}", got: ${text}`);
    if (name === "403 SSO") await screenshots(page, "check-sso");
    await assertNoLeak(page, DEMO_TOKEN);
    await page.context().close();
  });
}

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
