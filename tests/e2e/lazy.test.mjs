// The release bundle loads each page's code on demand: the first load
// fetches one wasm, the start page prefetches the likely next pages, and a
// chunk that cannot be fetched is explained with a retry that works.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack, openPage, APP } from "./harness.mjs";

let stack;
before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });

/** Names of the wasm files `page` fetched from now on. */
function recordWasm(page) {
  const names = [];
  page.on("request", (r) => {
    const name = new URL(r.url()).pathname.split("/").pop();
    if (name.endsWith(".wasm")) names.push(name);
  });
  return names;
}

test("a page outside the split fetches only the main wasm", async () => {
  const context = await stack.browser.newContext();
  const page = await context.newPage();
  const wasm = recordWasm(page);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(APP + "#/no/such/page");
  await page.waitForSelector("main h1:has-text('Page not found')");
  await page.waitForTimeout(500);
  assert.equal(wasm.length, 1, `fetched: ${wasm.join(", ")}`);
  assert.match(wasm[0], /^ghcr-setup-web_bg-[0-9a-f]{16}\.wasm$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the start page prefetches the checklist's code, so opening it fetches no more of it", async () => {
  const page = await openPage(stack.browser, "#/");
  const wasm = recordWasm(page);
  await page.waitForFunction(() =>
    performance.getEntriesByType("resource").some((e) => /split_ghcr_check-/.test(e.name)));
  const before = wasm.length;
  await page.click("header a:has-text('Check repository')");
  await page.waitForSelector("main h1:has-text('Check repository')");
  const after = wasm.slice(before);
  assert.ok(!after.some((n) => n.startsWith("split_ghcr_check-")), `fetched again: ${after.join(", ")}`);
  await page.context().close();
});

test("a page whose code does not arrive says so, and Try again loads it", async () => {
  const page = await openPage(stack.browser, "#/no/such/page");
  await page.route(/split_ghcr_analyze-[0-9a-f]+\.wasm$/, (r) => r.abort("connectionrefused"));
  await page.evaluate(() => { location.hash = "#/analyze"; });
  const alert = await page.waitForSelector("main [role=alert]");
  assert.match(await alert.textContent(), /This page could not be loaded.*check your connection/s);
  assert.equal((await page.textContent("main h1")).trim(), "This page could not be loaded");
  await page.unroute(/split_ghcr_analyze-[0-9a-f]+\.wasm$/);
  await page.click("main button:has-text('Try again')");
  await page.waitForSelector("main h1:has-text('Analyze a workflow')");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
