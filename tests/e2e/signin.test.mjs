// Sign-in end to end: page → relay → fake GitHub by device flow (the test
// approves the code on the fake, as a person would on github.com), and by
// token paste; every failure shows its own message; the token never leaks.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  startStack, openPage, screenshots, fake, resetFake, assertNoLeak, pasteToken, DEMO_TOKEN, APP, RELAY, DEMO_CLIENT_ID, WIDTHS,
} from "./harness.mjs";

let stack;
before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });
beforeEach(resetFake);

const OAUTH_TOKEN = /gho_[A-Za-z0-9]{20,}/;

async function startDeviceFlow(page) {
  await page.click("button:has-text('Sign in with GitHub')");
  const el = await page.waitForSelector("[data-testid=user-code]");
  return (await el.textContent()).trim();
}

async function advanced(page, field, value) {
  await page.click("summary:has-text('Advanced')");
  await page.fill(field, value);
  await page.click("form button:has-text('Save')");
}

async function expectFailure(page, title) {
  const el = await page.waitForSelector(".device-sign-in .flash-error");
  const text = await el.textContent();
  assert.ok(text.includes(title), `expected "${title}", got: ${text}`);
  return text;
}

test("device flow: approve on the fake GitHub, signed in, sign out", async () => {
  const page = await openPage(stack.browser, "#/signin");
  await page.check("#scope-workflow");
  const code = await startDeviceFlow(page);
  assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  assert.match(await page.textContent(".device-sign-in"), /expires in \d+:\d\d/);
  await screenshots(page, "signin-device-code");
  const pending = await fake("GET", "/_fake/pending");
  assert.ok(pending.some((p) => p.user_code === code && p.scopes.includes("workflow")), JSON.stringify(pending));
  await fake("POST", "/_fake/approve", { user_code: code });
  await page.waitForSelector("text=Signed in as octo-demo", { timeout: 15000 });
  assert.match(await page.textContent(".box"), /OAuth App token/);
  await screenshots(page, "signin-signed-in");
  await assertNoLeak(page, OAUTH_TOKEN);
  // The device endpoints were reached only through the relay, never from the page directly.
  const log = await fake("GET", "/_fake/log");
  const device = log.filter((e) => e.path.startsWith("/login/"));
  assert.ok(device.length >= 2, JSON.stringify(log));
  assert.ok(device.every((e) => !e.origin), "device endpoints were called by the relay, which sends no Origin");
  await page.click("button:has-text('Sign out')");
  await page.waitForSelector("button:has-text('Sign in with GitHub')");
  await assertNoLeak(page, OAUTH_TOKEN);
  await page.context().close();
});

test("device flow: slow_down is honoured and the flow still completes", async () => {
  const page = await openPage(stack.browser, "#/signin");
  await fake("POST", "/_fake/faults", {
    method: "POST", path_prefix: "/login/oauth/access_token", status: 200, times: 1,
    headers: { "content-type": "application/json" }, body: { error: "slow_down", interval: 2 },
  });
  const code = await startDeviceFlow(page);
  await fake("POST", "/_fake/approve", { user_code: code });
  await page.waitForSelector("text=Signed in as octo-demo", { timeout: 20000 });
  await page.context().close();
});

// A relay (or GitHub behind it) failing for a moment while the person
// approves: each failed poll is tried again at the interval; three in a row
// end the sign-in with what failed and what to do (crates/core/src/device_flow.rs).
const relayFailure = (status, times) => ({
  method: "POST", path_prefix: "/login/oauth/access_token", status, ...(times ? { times } : {}),
  headers: { "content-type": "text/html" }, body: `<html><body><h1>${status}</h1></body></html>`,
});

test("device flow: a 502 while polling is tried again and the flow still completes", async () => {
  const page = await openPage(stack.browser, "#/signin");
  await fake("POST", "/_fake/faults", relayFailure(502, 2));
  const code = await startDeviceFlow(page);
  await fake("POST", "/_fake/approve", { user_code: code });
  await page.waitForSelector("text=Signed in as octo-demo", { timeout: 30000 });
  const polls = (await fake("GET", "/_fake/log")).filter((e) => e.path === "/login/oauth/access_token");
  assert.deepEqual(polls.slice(0, 2).map((e) => e.status), [502, 502], JSON.stringify(polls));
  await assertNoLeak(page, OAUTH_TOKEN);
  await page.context().close();
});

test("device flow: three failed polls in a row end it with what failed", async () => {
  const page = await openPage(stack.browser, "#/signin");
  await fake("POST", "/_fake/faults", relayFailure(503));
  await startDeviceFlow(page);
  const text = await expectFailure(page, "Lost contact with the sign-in relay while waiting for approval");
  assert.match(text, /The last 3 checks for your approval at .* failed \(HTTP 503\)/);
  assert.match(text, /Start again in a minute/);
  const polls = (await fake("GET", "/_fake/log")).filter((e) => e.path === "/login/oauth/access_token");
  assert.equal(polls.length, 3, JSON.stringify(polls));
  await page.context().close();
});

test("device flow: cancelled on GitHub", async () => {
  const page = await openPage(stack.browser, "#/signin");
  const code = await startDeviceFlow(page);
  await fake("POST", "/_fake/deny", { user_code: code });
  await expectFailure(page, "Sign-in was cancelled on GitHub");
  await screenshots(page, "signin-denied");
  await page.context().close();
});

test("device flow: expired code", async () => {
  const page = await openPage(stack.browser, "#/signin");
  await fake("POST", "/_fake/faults", {
    method: "POST", path_prefix: "/login/oauth/access_token", status: 200,
    headers: { "content-type": "application/json" }, body: { error: "expired_token" },
  });
  await startDeviceFlow(page);
  await expectFailure(page, "The sign-in code expired");
  await page.context().close();
});

test("device flow: OAuth App without device flow, unknown client id, unreachable relay", async () => {
  let page = await openPage(stack.browser, "#/signin");
  await advanced(page, "#adv-client", "Ov23liNODEVICEFLOW00");
  await page.click("button:has-text('Sign in with GitHub')");
  const text = await expectFailure(page, "Device flow is not enabled");
  assert.match(text, /Enable Device Flow/);
  await page.context().close();

  page = await openPage(stack.browser, "#/signin");
  await advanced(page, "#adv-client", "Ov23liUNKNOWNclient0");
  await page.click("button:has-text('Sign in with GitHub')");
  await expectFailure(page, "does not know this OAuth App's client ID");
  await page.context().close();

  page = await openPage(stack.browser, "#/signin");
  await advanced(page, "#adv-relay", "http://127.0.0.1:9");
  await page.click("button:has-text('Sign in with GitHub')");
  const relay = await expectFailure(page, "The sign-in relay could not be reached");
  assert.match(relay, /127\.0\.0\.1:9/);
  await screenshots(page, "signin-relay-unreachable");
  await page.context().close();
});

test("token paste: in memory by default, remembered only when asked", async () => {
  let page = await openPage(stack.browser, "#/signin");
  await pasteToken(page, DEMO_TOKEN);
  await page.waitForSelector("text=Signed in as octo-demo");
  assert.match(await page.textContent(".box"), /Personal access token \(classic\)/);
  assert.match(await page.textContent(".box"), /in memory only/);
  await assertNoLeak(page, DEMO_TOKEN);
  await page.reload();
  await page.waitForSelector("button:has-text('Sign in with GitHub')");
  await page.context().close();

  page = await openPage(stack.browser, "#/signin");
  await pasteToken(page, DEMO_TOKEN, { remember: true });
  await page.waitForSelector("text=Signed in as octo-demo");
  await assertNoLeak(page, DEMO_TOKEN, { remembered: true });
  const kept = JSON.parse(await page.evaluate(() => localStorage.getItem("ghcr-setup.token")));
  assert.equal(kept.token, DEMO_TOKEN);
  const days = (kept.expires_ms - Date.now()) / 86400000;
  assert.ok(days > 29.9 && days <= 30, `remembered for ${days} days`);
  const card = (await page.textContent(".box")).replace(/\s+/g, " ");
  assert.match(card, /in this browser's storage until \d{4}-\d\d-\d\d \(30 days\), or until you sign out/);
  assert.match(card, /Revoke it under GitHub → Settings → Developer settings → Personal access tokens/);
  assert.equal(await page.getAttribute("a:has-text('Open that page on GitHub')", "href"), "https://github.com/settings/tokens");
  await page.reload();
  await page.waitForSelector("text=Signed in as octo-demo");
  // Verifying it again does not extend its term.
  assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem("ghcr-setup.token"))).expires_ms, kept.expires_ms);
  await page.click("button:has-text('Sign out')");
  await page.waitForSelector("#tab-paste");
  await assertNoLeak(page, DEMO_TOKEN);
  await page.context().close();
});

test("token paste: each problem has its own message and the text is kept", async () => {
  const page = await openPage(stack.browser, "#/signin");
  await pasteToken(page, "hello world");
  await page.waitForSelector("#token-error .flash-error");
  assert.match(await page.textContent("#token-error"), /does not look like a GitHub token/);
  assert.equal(await page.inputValue("#token-input"), "hello world");

  const wrong = "ghp_" + "x".repeat(36);
  await page.fill("#token-input", wrong);
  await page.click("button:has-text('Use this token')");
  await page.waitForSelector("#token-error :text('GitHub did not accept the token')");
  assert.equal(await page.inputValue("#token-input"), wrong);
  await screenshots(page, "signin-bad-token");
  await assertNoLeak(page, wrong);

  await page.fill("#token-input", "ghp_DEMOnoscopesDEMOnoscopesDEMOnosc0000");
  await page.click("button:has-text('Use this token')");
  await page.waitForSelector("text=Signed in as octo-demo");
  assert.match(await page.textContent(".box"), /Missing scope `repo`/);
  await page.click("button:has-text('Sign out')");

  await pasteToken(page, "github_pat_DEMO_fineGrainedDemoToken0000000000");
  await page.waitForSelector("text=Signed in as octo-demo");
  assert.match(await page.textContent(".box"), /Package checks will be shown as unknown/);
  await screenshots(page, "signin-fine-grained");
  await page.context().close();
});

const POLL_FAILURES = [
  ["incorrect_device_code", { status: 200, body: { error: "incorrect_device_code" } }, "did not recognise the device code"],
  ["unsupported_grant_type", { status: 200, body: { error: "unsupported_grant_type" } }, "GitHub refused the sign-in request"],
  ["an unknown error code", { status: 200, body: { error: "teapot", error_description: "short and stout" } }, "short and stout"],
  // A 5xx is tried again at the interval; three in a row end the sign-in.
  ["HTTP 502 from the relay path, every time", { status: 502, body: { message: "bad gateway" } }, `The last 3 checks for your approval at ${RELAY} failed (HTTP 502)`],
  ["a malformed answer", { status: 200, body: "<html>not json</html>" }, "could not be read"],
];

for (const [name, fault, expected] of POLL_FAILURES) {
  test(`device flow: ${name} while polling has its own message`, async () => {
    const page = await openPage(stack.browser, "#/signin");
    await fake("POST", "/_fake/faults", {
      method: "POST", path_prefix: "/login/oauth/access_token",
      headers: { "content-type": "application/json" }, ...fault,
    });
    await startDeviceFlow(page);
    await expectFailure(page, expected);
    await page.context().close();
  });
}

/** A page whose storage holds `stored` as a remembered token (and settings
 * pointing at `apiBase`) before anything runs: as a return visit finds it. */
async function rememberedPage(browser, stored, apiBase, hash = "#/signin") {
  const localStorage = [{ name: "ghcr-setup.token", value: stored }];
  if (apiBase) {
    localStorage.push({
      name: "ghcr-setup.settings",
      value: JSON.stringify({ api_base: apiBase, relay_url: RELAY, client_id: DEMO_CLIENT_ID }),
    });
  }
  const context = await browser.newContext({
    viewport: WIDTHS.desktop,
    storageState: { cookies: [], origins: [{ origin: APP.slice(0, -1), localStorage }] },
  });
  const page = await context.newPage();
  await page.goto(APP + hash);
  return page;
}

test("a remembered token is kept when the page starts with GitHub out of reach, and used once it is back", async () => {
  const stored = JSON.stringify({ token: DEMO_TOKEN, expires_ms: Date.now() + 10 * 86400000 });
  // Port 9 on loopback: nothing listens, as if offline.
  const page = await rememberedPage(stack.browser, stored, "http://127.0.0.1:9");
  const alert = await page.waitForSelector(".flash-warn[role=alert]");
  assert.match(await alert.textContent(), /Your remembered sign-in could not be checked: [^.]+\. It is still remembered; try again when GitHub can be reached\./);
  assert.equal(await page.evaluate(() => localStorage.getItem("ghcr-setup.token")), stored, "not deleted");
  await screenshots(page, "signin-remembered-offline");
  // GitHub is reachable again (the built-in settings of this demo build), and Try again signs in.
  await page.evaluate(() => localStorage.removeItem("ghcr-setup.settings"));
  await page.click(".flash-warn button:has-text('Try again')");
  await page.waitForSelector("text=Signed in as octo-demo");
  assert.deepEqual(JSON.parse(await page.evaluate(() => localStorage.getItem("ghcr-setup.token"))), JSON.parse(stored), "kept as it was");
  await page.context().close();
});

test("a remembered token GitHub rejects, an expired one and one kept without a date are forgotten", async () => {
  for (const [stored, why] of [
    [JSON.stringify({ token: "ghp_REVOKEDrevokedREVOKEDrevoked000000", expires_ms: Date.now() + 86400000 }), "rejected (401)"],
    [JSON.stringify({ token: DEMO_TOKEN, expires_ms: Date.now() - 1000 }), "expired"],
    [DEMO_TOKEN, "bare"],
  ]) {
    const page = await rememberedPage(stack.browser, stored);
    await page.waitForSelector("#tab-paste");
    await page.waitForFunction(() => localStorage.getItem("ghcr-setup.token") === null, null, { timeout: 10000 });
    assert.equal(await page.$(".flash-warn[role=alert]"), null, why);
    await page.context().close();
  }
});

test("on a project site under github.io, Remember on this device is off and the page says why", async () => {
  const context = await stack.browser.newContext({ viewport: WIDTHS.desktop });
  // The same bundle, served as https://octo.github.io/ghcr-setup/ (answered
  // here from the local server: nothing leaves the machine).
  await context.route("https://octo.github.io/**", async (route) => {
    const url = new URL(route.request().url());
    if (!url.pathname.startsWith("/ghcr-setup/")) return route.fulfill({ status: 404, body: "" });
    const response = await route.fetch({ url: APP + url.pathname.slice("/ghcr-setup/".length) });
    await route.fulfill({ response });
  });
  const page = await context.newPage();
  await page.goto("https://octo.github.io/ghcr-setup/#/signin");
  const box = await page.waitForSelector("#remember");
  assert.equal(await box.isDisabled(), true);
  const help = (await page.textContent("#remember-help")).replace(/\s+/g, " ");
  assert.match(help, /Remembering is off on this copy: https:\/\/octo\.github\.io is shared by every GitHub Pages site of that account/);
  assert.equal(await page.getAttribute("#remember", "aria-describedby"), "remember-help");
  await screenshots(page, "signin-shared-origin");
  await context.close();
});
