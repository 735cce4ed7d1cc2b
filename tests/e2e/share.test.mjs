// Sharing a finished checklist: the link holds no token and, when asked,
// no runner or secret names; opened by someone else (no token, no storage)
// it shows the same verdicts without one request to GitHub until they
// choose "Check live"; the Markdown copy and the prefilled issue; a damaged
// link is explained, never a crash.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  startStack, openPage, openChecklist, rowStatuses, screenshots, fake, fakeLog, resetFake, assertNoLeak,
  pasteToken, waitForChecklist, DEMO_TOKEN, TOKEN_SHAPE, APP,
  CHECK_IDS,
} from "./harness.mjs";

let stack;
before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });
beforeEach(resetFake);

/** Names in demo-org/runner-app that "Include runner and secret names" covers. */
const NAMES = ["build-box-1", "build-box-2", "LOCAL_RUNNER_FALLBACK_TOKEN"];

async function openShare(page) {
  await page.click(".summary-bar button:has-text('Share')");
  await page.waitForSelector(".share-dialog");
  await page.waitForFunction(() => document.querySelector("#share-link")?.value.includes("#/share?d="));
  return page.inputValue("#share-link");
}

/** Waits for the link to change after the names box changed. */
async function linkAfterChange(page, before) {
  await page.waitForFunction((old) => {
    const v = document.querySelector("#share-link")?.value;
    return v && v !== old && v.includes("#/share?d=");
  }, before);
  return page.inputValue("#share-link");
}

/** The shared view's text. */
const shownText = (page) => page.textContent("main");
/** Every link target in the shared view, decoded. */
const linkTargets = (page) => page.evaluate(() => [...document.querySelectorAll("main a")].map((a) => decodeURIComponent(a.href)).join("\n"));


test("share a finished checklist: the link holds no token, names only when asked, and opens with no API request", async () => {
  const page = await openChecklist(stack.browser, "demo-org/runner-app", DEMO_TOKEN);
  const live = await rowStatuses(page);
  const link = await openShare(page);
  assert.ok(link.startsWith(`${APP}#/share?d=`), link);
  assert.doesNotMatch(link, TOKEN_SHAPE);
  const dialog = await page.textContent(".share-dialog");
  assert.match(dialog, /the repository demo-org\/runner-app/);
  assert.ok(dialog.includes(`${CHECK_IDS.length} verdicts`), dialog);
  assert.match(dialog, /Never your token/);
  assert.match(dialog, /the generator's options/);
  assert.equal(await page.isChecked("#share-names"), true);
  // "Exactly what the link holds": the snapshot itself, as JSON.
  await page.click(".share-raw summary");
  const raw = JSON.parse(await page.textContent(".share-raw pre"));
  assert.equal(raw.repo, "demo-org/runner-app");
  assert.equal(raw.items.length, CHECK_IDS.length);
  assert.equal(typeof raw.v, "number");
  assert.doesNotMatch(JSON.stringify(raw), TOKEN_SHAPE);
  for (const name of NAMES) assert.ok(JSON.stringify(raw).includes(name), `${name} is in the link while the box is ticked`);
  await screenshots(page, "share-dialog");

  await page.uncheck("#share-names");
  const hidden = await linkAfterChange(page, link);
  assert.doesNotMatch(hidden, TOKEN_SHAPE);
  const rawHidden = await page.textContent(".share-raw pre");
  for (const name of NAMES) assert.ok(!rawHidden.includes(name), `${name} is left out of what the link holds`);
  await assertNoLeak(page, DEMO_TOKEN);

  // Opened elsewhere: a fresh context with no token and nothing stored.
  await fake("DELETE", "/_fake/log");
  const shared = await openPage(stack.browser, link.slice(link.indexOf("#")));
  await shared.waitForSelector(".share-banner");
  assert.match(await shared.textContent(".share-banner"), /Snapshot of demo-org\/runner-app as of \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  assert.ok(await shared.locator(".maintainer-panel").isVisible());
  assert.match(await shared.textContent(".maintainer-panel"), /docker login ghcr\.io/);
  assert.deepEqual(await rowStatuses(shared), live, "the same status on every row");
  const withNames = await shownText(shared);
  for (const name of NAMES) assert.ok(withNames.includes(name), `${name} is shown when names are included`);
  assert.equal(await shared.locator("li.check-row .fix-panel").count(), 0, "read-only: no fixes");
  await screenshots(shared, "share-view");
  await assertNoLeak(shared, TOKEN_SHAPE);
  assert.deepEqual(await fakeLog(), [], "nothing was asked of the API to show the snapshot");

  // "Check live" leads to the live checklist, which needs a sign-in first.
  await shared.click(".share-banner a:has-text('Check live')");
  await shared.waitForSelector("#tab-paste");
  assert.ok(shared.url().endsWith("#/check/demo-org/runner-app"), shared.url());
  assert.match(await shared.textContent("main"), /needs a GitHub sign-in/);
  assert.deepEqual(await fakeLog(), [], "still nothing asked without a token");
  // Signing in there picks up where the link left off: the live checklist of the same repository.
  await pasteToken(shared, DEMO_TOKEN);
  await waitForChecklist(shared);
  assert.ok(shared.url().endsWith("#/check/demo-org/runner-app"), shared.url());
  assert.deepEqual(await rowStatuses(shared), live, "the live checklist agrees with the snapshot");
  await assertNoLeak(shared, DEMO_TOKEN);
  await shared.context().close();

  // Without names: the view shows "(name hidden)" in their place, in text and links.
  const anonymous = await openPage(stack.browser, hidden.slice(hidden.indexOf("#")));
  await anonymous.waitForSelector(".share-banner");
  assert.deepEqual(await rowStatuses(anonymous), live);
  const withoutNames = await shownText(anonymous);
  for (const name of NAMES) assert.ok(!withoutNames.includes(name), `${name} is left out`);
  assert.match(withoutNames, /\(name hidden\)/);
  await assertNoLeak(anonymous, TOKEN_SHAPE);
  await anonymous.context().close();
  await page.context().close();
});

test("Copy as Markdown puts a task list on the clipboard; the issue link is prefilled and short enough", async () => {
  const page = await openChecklist(stack.browser, "demo-org/runner-app", DEMO_TOKEN);
  const link = await openShare(page);
  await page.click(".share-dialog button:has-text('Copy as Markdown')");
  const md = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(md, /^## .*demo-org\/runner-app/m);
  const tasks = md.split("\n").filter((l) => /^- \[[ x]\] /.test(l));
  assert.equal(tasks.length, CHECK_IDS.length, md);
  assert.ok(tasks.some((l) => l.startsWith("- [ ] **Latest run** — Fail")), md);
  assert.ok(tasks.some((l) => l.startsWith("- [x] **Publishing workflow** — Pass")), md);
  assert.ok(md.includes(link), "the Markdown links to the shared checklist");
  assert.doesNotMatch(md, TOKEN_SHAPE);

  const issue = await page.locator(".share-dialog a:has-text('Open as GitHub issue')").getAttribute("href");
  assert.ok(issue.startsWith("https://github.com/demo-org/runner-app/issues/new"), issue.slice(0, 100));
  assert.ok(issue.length < 8000, `issue link is ${issue.length} characters`);
  const body = decodeURIComponent(issue);
  assert.doesNotMatch(body, TOKEN_SHAPE);
  assert.match(body, /title=Set up publishing to ghcr\.io&body=## ghcr\.io publishing checklist for demo-org\/runner-app/);
  assert.match(body, /- \[ \] \*\*Fallback token secret\*\* — Warning/);
  // Too long for a link in full: the passing items are left out and counted,
  // and the link leads to all of it.
  assert.doesNotMatch(body, /^- \[x\] /m, "passing items are left out of the issue");
  assert.match(body, /\b\d+ items? that pass or do not apply (is|are) left out\b/, body.slice(-300));
  assert.ok(body.includes(link), `the issue links to the full checklist: ${body.slice(-300)}`);
  assert.equal(await page.locator(".share-dialog a:has-text('Open as GitHub issue')").getAttribute("target"), "_blank");

  // Without names, the Markdown leaves them out too.
  await page.uncheck("#share-names");
  await linkAfterChange(page, link);
  await page.click(".share-dialog button:has-text('Copy as Markdown')");
  const anonymous = await page.evaluate(() => navigator.clipboard.readText());
  for (const name of NAMES) assert.ok(!anonymous.includes(name), `${name} is left out of the Markdown`);
  await assertNoLeak(page, DEMO_TOKEN);
  await page.context().close();
});

test("a damaged or cut-short link is explained, without a crash", async () => {
  let page = await openPage(stack.browser, "#/share?d=garbage");
  await page.waitForSelector("main .error-message");
  assert.match(await page.textContent("main"), /This share link cannot be read/);
  assert.ok(await page.locator("main a:has-text('Check a repository yourself')").isVisible());
  assert.deepEqual(page.errors, []);
  await screenshots(page, "share-damaged");
  await page.context().close();

  // A real link cut in half, as a mail program might.
  page = await openChecklist(stack.browser, "demo-org/ready-app", DEMO_TOKEN);
  const link = await openShare(page);
  await page.context().close();
  // Keep whole base64 groups so it still decodes, and only the unpacking fails.
  const data = link.slice(link.indexOf("?d=") + 3);
  const cut = `#/share?d=${data.slice(0, 4 * Math.floor(data.length / 8))}`;
  page = await openPage(stack.browser, cut);
  await page.waitForSelector("main .error-message");
  assert.match(await page.textContent("main"), /This share link cannot be read.*cut short/);
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // No data at all.
  page = await openPage(stack.browser, "#/share");
  await page.waitForSelector("main .error-message, main .share-banner");
  assert.equal(await page.locator("main .share-banner").count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("hidden names are left out of the shared view's links too", async () => {
  const page = await openChecklist(stack.browser, "demo-org/runner-app", DEMO_TOKEN);
  const link = await openShare(page);
  await page.uncheck("#share-names");
  const hidden = await linkAfterChange(page, link);
  await page.context().close();
  const anonymous = await openPage(stack.browser, hidden.slice(hidden.indexOf("#")));
  await anonymous.waitForSelector(".share-banner");
  const targets = await linkTargets(anonymous);
  for (const name of NAMES) assert.ok(!targets.includes(name), `${name} is left out of ${targets}`);
  await anonymous.context().close();
});

test("a trimmed issue keeps the items that fail", async () => {
  const page = await openChecklist(stack.browser, "demo-org/runner-app", DEMO_TOKEN);
  await openShare(page);
  const body = decodeURIComponent(await page.locator(".share-dialog a:has-text('Open as GitHub issue')").getAttribute("href"));
  assert.match(body, /- \[ \] \*\*Latest run\*\* — Fail/);
  await page.context().close();
});
