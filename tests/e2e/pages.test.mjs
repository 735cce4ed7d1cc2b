// Every page opens, the header navigation works by mouse and keyboard, and
// each page is saved as a screenshot at desktop and phone width.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack, openPage, screenshots } from "./harness.mjs";

let stack;
before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });

const PAGES = [
  ["home", "#/", "Publish Docker images to GitHub Packages, set up right"],
  ["generate", "#/generate", "Generate docker-image.yml"],
  ["generate-filled", "#/generate?repo=Kulzer-Dental%2Fkdc-experimental-image&runner=self-hosted&fallback=LOCAL_RUNNER_FALLBACK_TOKEN", "Generate docker-image.yml"],
  ["analyze", "#/analyze", "Analyze a workflow"],
  ["check", "#/check", "Check repository"],
  ["check-signed-out", "#/check/demo-org/ready-app", "Check repository"],
  ["signin", "#/signin", "Sign in"],
  ["not-found", "#/no/such/page", "Page not found"],
];

for (const [name, hash, heading] of PAGES) {
  test(`page ${name} renders`, async () => {
    const page = await openPage(stack.browser, hash);
    assert.equal((await page.textContent("main h1")).trim(), heading);
    assert.match(await page.textContent(".demo-banner"), /Demo data — nothing here is GitHub/);
    // Every form control has an accessible name.
    const unnamed = await page.$$eval("input, select, textarea", (els) =>
      els.filter((e) => !(e.labels && e.labels.length) && !e.getAttribute("aria-label")).map((e) => e.outerHTML));
    assert.deepEqual(unnamed, []);
    // Nothing sticks out sideways on a phone.
    await page.setViewportSize({ width: 375, height: 812 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than a 375px phone`);
    await screenshots(page, name);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test("dark theme follows the system setting", async () => {
  const page = await openPage(stack.browser, "#/generate?repo=octo-org%2Fapp");
  await page.emulateMedia({ colorScheme: "dark" });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, "rgb(13, 17, 23)");
  await screenshots(page, "generate-dark");
  await page.emulateMedia({ colorScheme: "light" });
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), "rgb(255, 255, 255)");
  await page.context().close();
});

test("header links lead to each page and mark the current one", async () => {
  const page = await openPage(stack.browser, "#/");
  for (const [link, hash, heading] of [
    ["Generate workflow", "#/generate", "Generate docker-image.yml"],
    ["Analyze workflow", "#/analyze", "Analyze a workflow"],
    ["Check repository", "#/check", "Check repository"],
    ["Sign in", "#/signin", "Sign in"],
  ]) {
    await page.click(`.site-nav a:has-text("${link}")`);
    await page.waitForFunction((h) => document.querySelector("main h1")?.textContent.trim() === h, heading);
    assert.ok(page.url().endsWith(hash), page.url());
    assert.equal(await page.getAttribute(`.site-nav a:has-text("${link}")`, "aria-current"), "page");
  }
  // Deep links survive a reload.
  await page.reload();
  await page.waitForSelector("main h1");
  assert.equal((await page.textContent("main h1")).trim(), "Sign in");
  await page.context().close();
});

test("the start page works from the keyboard", async () => {
  const page = await openPage(stack.browser, "#/");
  await page.focus("#start-repo");
  await page.keyboard.type("https://github.com/Kulzer-Dental/kdc-experimental-image");
  await page.keyboard.press("Tab"); // to "Check this repository"
  await page.keyboard.press("Tab"); // to "Just generate the workflow"
  await page.keyboard.press("Enter");
  await page.waitForSelector(".gen-preview pre");
  assert.match(page.url(), /#\/generate\?repo=Kulzer-Dental%2Fkdc-experimental-image/);
  assert.match(await page.textContent(".gen-preview pre"), /ghcr\.io\/kulzer-dental\/kdc-experimental-image/);
  await page.context().close();
});

test("sign-in tabs follow the keyboard pattern for tabs", async () => {
  const page = await openPage(stack.browser, "#/signin");
  await page.focus("#tab-device");
  assert.equal(await page.getAttribute("#tab-paste", "tabindex"), "-1");
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector("#token-input");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-paste");
  assert.equal(await page.getAttribute("#tab-paste", "aria-selected"), "true");
  await page.keyboard.press("Home");
  await page.waitForSelector(".device-sign-in");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-device");
  await page.context().close();
});
