// What the page's security policy means for a person: a host the policy
// blocks is refused in the settings with the reason, before anything fails
// later; and since GitHub Pages cannot forbid framing by header, the app
// refuses to start inside another page's frame (a page with one-click
// changes must not be clickable through someone else's overlay).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack, openPage, APP } from "./harness.mjs";

let stack;
before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });

test("inside another page's frame the app shows only a link out of it", async () => {
  const context = await stack.browser.newContext();
  const page = await context.newPage();
  await page.setContent(`<h1>Another site</h1><iframe src="${APP}#/check/demo-org/ready-app" width="800" height="600"></iframe>`);
  const frame = page.frameLocator("iframe");
  await frame.locator("main h1").waitFor();
  assert.equal((await frame.locator("main h1").textContent()).trim(), "ghcr-setup does not run inside another page");
  const link = frame.locator("main a");
  assert.equal(await link.getAttribute("target"), "_top");
  assert.match(await link.getAttribute("href"), /#\/check\/demo-org\/ready-app$/);
  assert.equal(await frame.locator("form, button, input").count(), 0, "nothing to click but the link");
  await context.close();
});

test("as a page of its own the app starts", async () => {
  const context = await stack.browser.newContext();
  const page = await context.newPage();
  await page.goto(APP + "#/");
  await page.waitForSelector("main h1:has-text('Publish Docker images')");
  await context.close();
});

test("a connection setting the security policy would block is refused with the reason, and nothing typed is lost", async () => {
  const page = await openPage(stack.browser, "#/signin");
  const before = await page.textContent("footer code");
  await page.click("summary:has-text('Advanced')");
  await page.fill("#adv-api", "https://ghe.example.com/api/v3");
  await page.click("form button:has-text('Save')");
  const why = await page.waitForSelector("#adv-refused:has-text('blocks')");
  assert.match(await why.textContent(), /may connect only to .*blocks https:\/\/ghe\.example\.com\/api\/v3.*GHCR_SETUP_API_BASE/s);
  assert.equal(await page.inputValue("#adv-api"), "https://ghe.example.com/api/v3");
  assert.equal(await page.textContent("footer code"), before, "the settings in force did not change");
  assert.equal(await page.evaluate(() => localStorage.getItem("ghcr-setup.settings")?.includes("ghe.example.com") ?? false), false);
  await page.context().close();
});
