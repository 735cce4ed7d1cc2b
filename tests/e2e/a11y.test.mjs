// Accessibility: every page and state passes axe-core (WCAG 2.0 and 2.1 A
// and AA, and axe's best practices) at desktop and phone width, in the light
// and the dark colour scheme; a person using only the keyboard can sign in,
// run a check, apply a one-click fix and share the result, with focus always
// visible and never dropped to <body>; and status changes reach screen
// readers through live regions that speak once per change, not once per row.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import {
  startStack, openPage, openChecklist, pasteToken, waitForChecklist, openRow, screenshots, fake, resetFake,
  DEMO_TOKEN, WIDTHS,
  CHECK_IDS,
} from "./harness.mjs";

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const SCHEMES = ["light", "dark"];

/** A service account's classic token with `repo` and `write:packages` (added to the scenario below). */
const SERVICE_TOKEN = "ghp_DEMOa11ybotDEMOa11ybotDEMOa11ybot000";
const FINE_GRAINED = "github_pat_DEMO_fineGrainedDemoToken0000000000";

function addTokens(scenario) {
  scenario.users.push({ login: "a11y-bot", id: 1009, name: "CI service account" });
  scenario.tokens.push({ value: SERVICE_TOKEN, user: "a11y-bot", scopes: ["repo", "write:packages"], note: "service account" });
  const runnerApp = scenario.repos.find((r) => r.owner === "demo-org" && r.name === "runner-app");
  runnerApp.permissions["a11y-bot"] = "write";
}

let stack;
before(async () => { stack = await startStack({ patchScenario: addTokens }); });
after(async () => { await stack?.stop(); });
beforeEach(resetFake);

// ---- axe ----

/**
 * Loads axe into the page. The bundle's Content-Security-Policy allows no
 * inline script, so a <script> tag is refused; the source is evaluated
 * through the browser driver instead, which the page's CSP does not govern.
 */
async function injectAxe(page) {
  if (await page.evaluate(() => typeof window.axe === "object")) return;
  await page.evaluate(AXE_SOURCE);
  assert.ok(await page.evaluate(() => typeof window.axe === "object"), "axe-core did not load");
}

/** Runs axe once on the whole document: the violations, in a printable form. */
async function axeViolations(page) {
  await injectAxe(page);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

/**
 * Audits the page as it is now at desktop and phone width, in the light and
 * the dark scheme; violations are added to `found` under `state`.
 */
async function audit(page, state, found) {
  for (const [width, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const v of await axeViolations(page)) found.push({ state: `${state} (${width}, ${scheme})`, ...v });
    }
  }
  await page.setViewportSize(WIDTHS.desktop);
  await page.emulateMedia({ colorScheme: "light" });
}

/** Fails with every violation: rule, impact, where, what to do. */
function assertNoViolations(found) {
  if (!found.length) return;
  const text = found.map((v) => [
    `${v.state}: ${v.id} (${v.impact}) — ${v.help}`,
    ...v.nodes.map((n) => `    ${n.target}\n      ${(n.summary || "").replace(/\n/g, "\n      ")}`),
    `    help: ${v.helpUrl}`,
  ].join("\n")).join("\n");
  assert.fail(`${found.length} accessibility violation(s):\n${text}`);
}

/** Opens every row of the checklist. */
async function openAllRows(page) {
  await page.evaluate(() => document.querySelectorAll("li.check-row > details").forEach((d) => { d.open = true; }));
}

// ---- Every page and state ----

test("axe: start page, generator, analyzer and not-found", async () => {
  const found = [];
  const page = await openPage(stack.browser, "#/");
  await audit(page, "home", found);
  await screenshots(page, "a11y-home");
  // The start form's error.
  await page.fill("#start-repo", "not a repository!");
  await page.click("button:has-text('Check this repository')");
  await page.waitForSelector("#start-repo-error:not(:empty)");
  await audit(page, "home with an input error", found);
  await screenshots(page, "a11y-home-error");

  await page.evaluate(() => { location.hash = "#/generate"; });
  await page.waitForSelector(".gen-form");
  await audit(page, "generator, empty", found);
  await page.fill("#opt-repo", "octo-org/app");
  await page.waitForSelector(".gen-preview pre");
  await audit(page, "generator, filled", found);
  await screenshots(page, "a11y-generator");
  await page.fill("#opt-platforms", "linux/amd64,windows/arm64!");
  await page.waitForSelector("#opt-platforms-error");
  await audit(page, "generator, invalid field", found);

  await page.evaluate(() => { location.hash = "#/analyze"; });
  await page.waitForSelector("#analyze-input");
  await audit(page, "analyzer, empty", found);
  await page.click("button:has-text('Load an outdated example')");
  await page.waitForSelector(".finding");
  await audit(page, "analyzer with findings", found);
  await screenshots(page, "a11y-analyzer-findings");
  await page.fill("#analyze-input", "jobs: [unclosed");
  await page.waitForSelector("#analyze-result .error-message");
  await audit(page, "analyzer, unreadable YAML", found);

  await page.evaluate(() => { location.hash = "#/no/such/page"; });
  await page.waitForSelector("main h1:has-text('Page not found')");
  await audit(page, "not found", found);
  assert.deepEqual(page.errors, []);
  await page.context().close();
  assertNoViolations(found);
});

test("axe: sign-in with both tabs, a device code and an error", async () => {
  const found = [];
  const page = await openPage(stack.browser, "#/signin");
  await audit(page, "sign-in, device flow tab", found);
  await page.click("summary:has-text('Advanced')");
  await audit(page, "sign-in, advanced settings open", found);
  await page.click("#tab-paste");
  await page.waitForSelector("#token-input");
  await audit(page, "sign-in, paste tab", found);
  await page.fill("#token-input", "not-a-token");
  await page.click("form button[type=submit]:has-text('Use this token')");
  await page.waitForSelector("#token-error .error-message");
  await audit(page, "sign-in, paste error", found);

  await page.click("#tab-device");
  await page.click("button:has-text('Sign in with GitHub')");
  const code = (await (await page.waitForSelector("[data-testid=user-code]")).textContent()).trim();
  await audit(page, "sign-in, device code shown", found);
  await screenshots(page, "a11y-signin-device-code");
  await fake("POST", "/_fake/deny", { user_code: code });
  await page.waitForSelector(".device-sign-in .flash-error");
  await audit(page, "sign-in, device flow denied", found);
  await screenshots(page, "a11y-signin-denied");

  await page.click("#tab-paste");
  await pasteToken(page, DEMO_TOKEN);
  await page.waitForSelector("text=Signed in as octo-demo");
  await audit(page, "sign-in, signed in", found);
  await screenshots(page, "a11y-signin-signed-in");
  await page.context().close();
  assertNoViolations(found);
});

test("axe: the check page empty, with invalid input, signed out, running and finished", async () => {
  const found = [];
  let page = await openPage(stack.browser, "#/check");
  await audit(page, "check, empty", found);
  await page.evaluate(() => { location.hash = "#/check/bad%20name!"; });
  await page.waitForSelector("#check-repo-error:not(:empty)");
  await audit(page, "check, invalid repository", found);
  await page.evaluate(() => { location.hash = "#/check/demo-org/fresh-app"; });
  await page.waitForSelector("#tab-paste");
  await audit(page, "check, signed out", found);

  // Running: the Actions settings answer slowly, so the rows stay pending.
  await fake("POST", "/_fake/faults", { method: "GET", path_prefix: "/repos/demo-org/fresh-app/actions", latency_ms: 8000, times: 4 });
  await pasteToken(page, DEMO_TOKEN);
  await page.waitForSelector("li.check-row.status-pending");
  await audit(page, "check, running", found);
  await waitForChecklist(page);
  await audit(page, "check, finished (rows closed)", found);
  await openAllRows(page);
  await audit(page, "check, failing repository with every row and its offers open", found);
  await screenshots(page, "a11y-check-rows-open");
  const li = await openRow(page, "workflow-permissions");
  await li.locator(".fix-panel button:has-text('Set the default to read')").click();
  await li.locator(".fix-confirm").waitFor();
  await audit(page, "check, a fix's confirmation open", found);
  await screenshots(page, "a11y-check-confirm");
  await li.locator(".fix-confirm button:has-text('Make this change')").click();
  await li.locator(".fix-panel > .flash-success").waitFor({ timeout: 15000 });
  await audit(page, "check, a fix applied", found);
  await page.context().close();

  // The secret fix's token form, refusing a token and accepting one.
  page = await openChecklist(stack.browser, "demo-org/runner-app", DEMO_TOKEN);
  const secret = await openRow(page, "fallback-secret");
  await secret.locator(".fix-panel button:has-text('Verify a token and create')").click();
  const form = secret.locator("form.verify-token");
  await form.waitFor();
  await audit(page, "check, verify-token form", found);
  await form.locator("input[type=password]").fill(FINE_GRAINED);
  await form.locator("button:has-text('Check this token')").click();
  await form.locator(".error-message").waitFor();
  await audit(page, "check, verify-token refused", found);
  await form.locator("input[type=password]").fill(SERVICE_TOKEN);
  await form.locator("button:has-text('Check this token')").click();
  await form.locator(".flash-success").waitFor();
  await audit(page, "check, verify-token verified", found);
  await screenshots(page, "a11y-check-verify-token");

  // The share dialog.
  await page.click(".summary-bar button:has-text('Share')");
  await page.waitForFunction(() => document.querySelector("#share-link")?.value.includes("#/share?d="));
  await audit(page, "check, share dialog open", found);
  await screenshots(page, "a11y-check-share-dialog");
  await page.context().close();
  assertNoViolations(found);
});

test("axe: a shared checklist and a damaged link", async () => {
  const found = [];
  const page = await openChecklist(stack.browser, "demo-org/runner-app", DEMO_TOKEN);
  await page.click(".summary-bar button:has-text('Share')");
  await page.waitForFunction(() => document.querySelector("#share-link")?.value.includes("#/share?d="));
  const link = await page.inputValue("#share-link");
  await page.context().close();

  let shared = await openPage(stack.browser, link.slice(link.indexOf("#")));
  await shared.waitForSelector(".share-banner");
  await audit(shared, "share, valid link", found);
  await openAllRows(shared);
  await audit(shared, "share, every row open", found);
  await screenshots(shared, "a11y-share-rows-open");
  await shared.context().close();

  shared = await openPage(stack.browser, "#/share?d=garbage");
  await shared.waitForSelector("main .error-message");
  await audit(shared, "share, damaged link", found);
  await screenshots(shared, "a11y-share-damaged");
  await shared.context().close();
  assertNoViolations(found);
});

test("axe: a page whose code does not arrive, and Try again from the keyboard", async () => {
  const found = [];
  const page = await openPage(stack.browser, "#/no/such/page");
  const chunk = /split_ghcr_analyze-[0-9a-f]+\.wasm$/;
  await page.route(chunk, (r) => r.abort("connectionrefused"));
  await page.evaluate(() => { location.hash = "#/analyze"; });
  await page.waitForSelector("main [role=alert]");
  await audit(page, "a page that could not be loaded", found);
  await page.unroute(chunk);
  await page.focus("main button:has-text('Try again')");
  await page.keyboard.press("Enter");
  // The page takes the button's place; focus goes to its heading.
  await page.waitForFunction(() => document.activeElement?.matches("main h1") && document.activeElement.textContent.includes("Analyze a workflow"), null, { timeout: 15000 });
  await page.context().close();
  assertNoViolations(found);
});

// ---- The keyboard alone ----

/** Where focus is: `<body>` or not, whether its ring is drawn, and what it is. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { body: true, desc: "<body>" };
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
    const box = el.getBoundingClientRect();
    const text = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().replace(/\s+/g, " ").slice(0, 60);
    return {
      body: false,
      id: el.id,
      tag: el.tagName.toLowerCase(),
      text,
      drawn: el.matches(":focus-visible") && ring && box.width > 0 && box.height > 0,
      inDialog: Boolean(el.closest("dialog[open]")),
      desc: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${text}"`,
    };
  });
}

/** Fails unless focus is on an element (not <body>) with a visible ring, and `is(focus)` holds. */
async function expectFocus(page, step, is = () => true) {
  const f = await focused(page);
  assert.ok(!f.body, `${step}: focus was lost to <body>`);
  assert.ok(f.drawn, `${step}: the focus ring of ${f.desc} is not visible`);
  assert.ok(is(f), `${step}: focus is on ${f.desc}`);
  return f;
}

/** Waits until focus is where `selector` points (focus moved by the page, not by a key). */
async function waitForFocus(page, selector, step) {
  await page.waitForFunction((s) => document.activeElement?.matches(s), selector, { timeout: 15000 })
    .catch(async () => assert.fail(`${step}: focus never reached ${selector}; it is on ${(await focused(page)).desc}`));
  return expectFocus(page, step);
}

/** Presses Tab (or Shift+Tab) until `is(focus)`; every stop on the way must show its focus. */
async function tabTo(page, is, step, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const f = await expectFocus(page, `${step} (after ${i + 1} × ${back ? "Shift+Tab" : "Tab"})`);
    if (is(f)) return f;
  }
  return assert.fail(`${step}: not reached in ${max} presses`);
}

test("keyboard only: from the start page, sign in, check, apply a fix, share", async () => {
  const page = await openPage(stack.browser, "#/");
  // The skip link comes first and leads into the page.
  await page.keyboard.press("Tab");
  await expectFocus(page, "first Tab", (f) => f.text === "Skip to content");
  await page.keyboard.press("Enter");
  await expectFocus(page, "skip link", (f) => f.id === "main");
  await page.keyboard.press("Tab");
  await expectFocus(page, "the start form", (f) => f.id === "start-repo");
  await page.keyboard.type("demo-org/fresh-app");
  await page.keyboard.press("Enter");

  // The check page opens with focus on its heading, and signs in in place.
  await waitForFocus(page, "main h1", "after opening the check page");
  assert.equal((await focused(page)).text, "Check repository");
  await tabTo(page, (f) => f.id === "device-start", "the device-flow button");
  await page.keyboard.press("Enter");
  await waitForFocus(page, "#device-copy", "the code is shown");
  const code = (await page.textContent("[data-testid=user-code]")).trim();
  await fake("POST", "/_fake/approve", { user_code: code });
  // The checklist takes the sign-in form's place and focus goes to its summary.
  await waitForFocus(page, "#check-summary", "signed in");
  await waitForChecklist(page);
  await expectFocus(page, "checklist finished", (f) => f.id === "check-summary");

  // To the row, open it, to its fix.
  await tabTo(page, (f) => f.id === "check-workflow-permissions-summary", "the workflow-permissions row");
  await page.keyboard.press("Enter");
  assert.ok(await page.locator("#check-workflow-permissions > details").evaluate((d) => d.open), "Enter opens the row");
  const offer = await tabTo(page, (f) => f.text === "Set the default to read", "the fix's button");
  // The confirmation takes focus; Escape closes it and gives focus back.
  await page.keyboard.press("Enter");
  await waitForFocus(page, "#confirm-workflow-permissions", "the confirmation opened");
  await page.keyboard.press("Escape");
  await expectFocus(page, "Escape in the confirmation", (f) => f.id === offer.id);
  assert.equal(await page.locator("#check-workflow-permissions .fix-confirm").count(), 0, "Escape closed the confirmation");
  await page.keyboard.press("Space");
  await waitForFocus(page, "#confirm-workflow-permissions", "the confirmation opened again");
  await tabTo(page, (f) => f.text === "Make this change", "Make this change");
  await page.keyboard.press("Enter");
  // Focus waits on the row's summary while the buttons under it change.
  await expectFocus(page, "the change started", (f) => f.id === "check-workflow-permissions-summary");
  await page.waitForSelector("#check-workflow-permissions .fix-panel > .flash-success", { timeout: 15000 });
  await page.waitForSelector("li#check-workflow-permissions.status-pass", { timeout: 15000 });
  await waitForChecklist(page);
  await expectFocus(page, "the row re-checked to pass", (f) => f.id === "check-workflow-permissions-summary");

  // A row only the person can settle: "Done — re-check" re-reads it, and
  // focus waits on its summary while the row (and the button) is pending.
  await tabTo(page, (f) => f.id === "check-package-summary", "the package row");
  await page.keyboard.press("Enter");
  await tabTo(page, (f) => f.text === "Done — re-check", "Done — re-check");
  await page.keyboard.press("Enter");
  await expectFocus(page, "re-checking the row", (f) => f.id === "check-package-summary");
  await waitForChecklist(page);
  await expectFocus(page, "the row re-checked", (f) => f.id === "check-package-summary");

  // The share dialog: focus inside, Tab and Shift+Tab stay inside, Escape returns to Share.
  await tabTo(page, (f) => f.id === "share-open", "the Share button", { back: true });
  await page.keyboard.press("Enter");
  await waitForFocus(page, "dialog.share-dialog", "the share dialog opened");
  await page.waitForFunction(() => document.querySelector("#share-link")?.value.includes("#/share?d="));
  for (const key of ["Tab", "Shift+Tab"]) {
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press(key);
      await expectFocus(page, `${key} ${i + 1} in the share dialog`, (f) => f.inDialog);
    }
  }
  await page.keyboard.press("Escape");
  await page.waitForSelector("dialog.share-dialog", { state: "detached" });
  await waitForFocus(page, "#share-open", "the share dialog closed");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// ---- What screen readers hear ----

/**
 * Records what the page's live regions say from now on, as a screen reader
 * would hear it: each region's text whenever it changes to something new.
 */
async function recordAnnouncements(page) {
  await page.evaluate(() => {
    const said = [];
    const last = new WeakMap();
    const look = () => {
      for (const r of document.querySelectorAll("[role=status], [role=alert], [aria-live]:not([aria-live=off])")) {
        const text = r.textContent.trim().replace(/\s+/g, " ");
        if (last.get(r) === text) continue;
        last.set(r, text);
        if (!text) continue;
        const where = r.closest(".summary-bar") ? "summary" : r.closest("li.check-row") ? `row ${r.closest("li.check-row").dataset.check}` : r.id || r.className || r.tagName;
        said.push({ role: r.getAttribute("role") || "live", where, text });
      }
    };
    look();
    window.__announcements = said;
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}
const announcements = (page) => page.evaluate(() => window.__announcements);

test("live regions: the check is announced when it starts and ends, fixes once each, errors as alerts", async () => {
  await fake("POST", "/_fake/faults", { method: "GET", path_prefix: "/repos/demo-org/fresh-app/actions", latency_ms: 1500, times: 4 });
  const page = await openPage(stack.browser, "#/check/demo-org/fresh-app");
  await recordAnnouncements(page);
  await pasteToken(page, DEMO_TOKEN);
  await page.waitForSelector(".summary-bar [role=status]");
  await waitForChecklist(page);
  await page.waitForTimeout(200);
  assert.equal(await page.locator("#fix-status[role=status]").count(), 1, "the fix status region is in the page before any fix");
  assert.equal(await page.locator("li.check-row [role=status], li.check-row [aria-live]").count(), 0, "rows hold no live region of their own");
  let said = await announcements(page);
  const summary = said.filter((a) => a.where === "summary").map((a) => a.text);
  assert.ok(summary.length >= 1 && summary.length <= 2, `the summary speaks at the start and at the end only: ${JSON.stringify(summary)}`);
  if (summary.length === 2) assert.equal(summary[0], `Checking ${CHECK_IDS.length} items…`);
  assert.match(summary.at(-1), /^Check complete: \d+ fail.*pass/);
  assert.deepEqual(said.filter((a) => a.where.startsWith("row ")), [], "no row announces itself");

  // A fix: what is being changed, then how it went — once each.
  const li = await openRow(page, "workflow-permissions");
  await li.locator(".fix-panel button:has-text('Set the default to read')").click();
  await li.locator(".fix-confirm button:has-text('Make this change')").click();
  await page.waitForSelector("li#check-workflow-permissions.status-pass", { timeout: 15000 });
  await waitForChecklist(page);
  await page.waitForTimeout(200);
  said = await announcements(page);
  const fix = said.filter((a) => a.where === "fix-status").map((a) => a.text);
  assert.deepEqual(fix.slice(0, 1), ["Workflow token permissions: changing it on GitHub…"], JSON.stringify(fix));
  assert.equal(fix.length, 2, JSON.stringify(fix));
  assert.match(fix[1], /default permissions of GITHUB_TOKEN in demo-org\/fresh-app are now read/);
  assert.match(said.filter((a) => a.where === "summary").at(-1).text, /^Check complete: /);
  if (process.env.A11Y_SHOW_ANNOUNCEMENTS) console.log(JSON.stringify(said, null, 1));
  await page.context().close();

  // A refused fix is an alert in its row.
  const locked = await openChecklist(stack.browser, "locked-down-org/service", DEMO_TOKEN);
  await recordAnnouncements(locked);
  const row = await openRow(locked, "allowed-actions");
  await row.locator(".fix-panel").getByRole("button", { name: "Allow these actions", exact: true }).click();
  await row.locator(".fix-confirm button:has-text('Make this change')").click();
  await row.locator(".fix-panel .error-message[role=alert]").waitFor({ timeout: 15000 });
  said = await announcements(locked);
  assert.ok(said.some((a) => a.role === "alert" && /GitHub did not make the change.*409/.test(a.text)), JSON.stringify(said));
  assert.ok(!said.some((a) => a.where === "fix-status" && /409/.test(a.text)), "the failure is not said twice");
  await locked.context().close();
});

test("live regions: sign-in says each step once, not the countdown every second; errors are alerts", async () => {
  const page = await openPage(stack.browser, "#/signin");
  await recordAnnouncements(page);
  await page.click("button:has-text('Sign in with GitHub')");
  const code = (await (await page.waitForSelector("[data-testid=user-code]")).textContent()).trim();
  await page.waitForTimeout(2500); // the countdown ticks twice
  let said = (await announcements(page)).map((a) => a.text);
  const spelled = code.replace("-", "").split("").join(" ").replace(/^(\S \S \S \S) /, "$1, ");
  assert.deepEqual(said.filter((t) => /code|GitHub/.test(t)).slice(-1), [`Your code is ${spelled}. Waiting for approval on GitHub…`], JSON.stringify(said));
  assert.ok(!said.some((t) => /expires in/.test(t)), `the countdown is not announced: ${JSON.stringify(said)}`);
  await fake("POST", "/_fake/deny", { user_code: code });
  await page.waitForSelector(".device-sign-in .flash-error[role=alert]");
  // Focus moved from the pressed button through the phases to "Start again".
  await page.waitForFunction(() => document.activeElement?.id === "device-start");
  assert.equal((await focused(page)).text, "Start again");

  await page.click("#tab-paste");
  await page.fill("#token-input", "not-a-token");
  await page.click("form button[type=submit]:has-text('Use this token')");
  await page.waitForSelector("#token-error [role=alert]");
  said = await announcements(page);
  assert.ok(said.some((a) => a.role === "alert" && /This does not look like a GitHub token/.test(a.text)), JSON.stringify(said));
  await page.context().close();
});
