// One representative of each kind of failure, end to end: the fake GitHub
// (or the browser, for a refused connection) fails one fact of the
// checklist — the repository's default workflow permissions — and the page
// shows that row as unknown with the cause in its verdict, while a row that
// does not need the fact (the signed-in account) still passes. The page
// throws nothing and logs no error but the browser's own "Failed to load
// resource" line for each injected HTTP error. The full matrix (every fact ×
// every fault) runs natively in crates/core/tests/fault_matrix.rs.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  startStack, openPage, pasteToken, waitForChecklist, row, fake, fakeLog, resetFake, assertNoLeak, DEMO_TOKEN,
} from "./harness.mjs";

const REPO = "demo-org/ready-app";
const PATH = "/repos/demo-org/ready-app/actions/permissions/workflow";
const AFFECTED = "workflow-permissions";
const UNAFFECTED = "identity";
/** The app gives up on a request after this long (src/net.rs). */
const APP_TIMEOUT_MS = 15_000;

let stack;
before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });
beforeEach(resetFake);

const rest = "https://docs.github.com/rest";
const rateHeaders = { "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "4990", "x-ratelimit-used": "10", "x-ratelimit-reset": "4102444800" };
const scoped = { ...rateHeaders, "x-oauth-scopes": "repo, workflow, read:org, read:packages, admin:org", "x-accepted-oauth-scopes": "repo" };

// [name, fault for POST /_fake/faults, the cause the verdict names]
const FAULTS = [
  ["401", { status: 401, headers: rateHeaders, body: { message: "Bad credentials", documentation_url: rest } },
    /GitHub did not accept the token/],
  ["403 missing scope", {
    status: 403,
    headers: { ...scoped, "x-oauth-scopes": "workflow, read:org, read:packages, admin:org" },
    body: { message: "Resource not accessible by personal access token", documentation_url: rest },
  }, /lacks the `?repo`? scope/],
  ["403 SSO", {
    status: 403,
    headers: { ...scoped, "x-github-sso": "required; url=https://github.com/orgs/demo-org/sso?authorization_request=1" },
    body: { message: "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.", documentation_url: rest },
  }, /single sign-on/],
  ["403 OAuth App restriction", {
    status: 403,
    headers: scoped,
    body: { message: "Although you appear to have the correct authorization credentials, the `demo-org` organization has enabled OAuth App access restrictions, meaning that data access to third-parties is limited.", documentation_url: rest },
  }, /has not approved this app/],
  ["404", { status: 404, headers: scoped, body: { message: "Not Found", documentation_url: rest } },
    /404 for the repository's workflow permissions.*may not see.*repo/],
  ["409", { status: 409, headers: scoped, body: { message: "Git Repository is empty.", documentation_url: rest } },
    /HTTP 409/],
  ["422", { status: 422, headers: scoped, body: { message: "Validation Failed", documentation_url: rest } },
    /HTTP 422.*invalid/],
  ["429 with Retry-After", {
    status: 429,
    headers: { ...scoped, "retry-after": "2" },
    body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: rest },
  }, /slow down/],
  ["403 primary rate limit", {
    status: 403,
    headers: { ...scoped, "x-ratelimit-remaining": "0", "x-ratelimit-used": "5000" },
    body: { message: "API rate limit exceeded for user ID 1001.", documentation_url: rest },
  }, /hourly API limit is used up/],
  ["500", { status: 500, headers: scoped, body: { message: "Server Error" } }, /GitHub had a problem \(HTTP 500\)/],
  ["502", { status: 502, headers: { "content-type": "text/html" }, body: "<html><body><h1>502 Bad Gateway</h1></body></html>" },
    /GitHub had a problem \(HTTP 502\)/],
  ["malformed JSON", { status: 200, headers: { ...scoped, "content-type": "application/json; charset=utf-8" }, body: "{ not json" },
    /answer could not be read/],
  ["empty body", { status: 200, headers: scoped }, /answer could not be read/],
];

/**
 * Opens the checklist with a console watcher in place before the check
 * starts; `prepare(page)` runs before the token is pasted (routes, clock).
 */
async function openWatched({ prepare, waitOpts } = {}) {
  const page = await openPage(stack.browser, `#/check/${REPO}`);
  const consoleErrors = [];
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  if (prepare) await prepare(page);
  await pasteToken(page, DEMO_TOKEN);
  if (waitOpts?.during) await waitOpts.during(page);
  await waitForChecklist(page);
  return { page, consoleErrors };
}

/** The affected row is unknown and names the cause; the unaffected one passes; nothing else went wrong. */
async function expectExplained(page, consoleErrors, { loadFailures = true } = {}) {
  const affected = await row(page, AFFECTED);
  const classes = (await page.getAttribute(`#check-${AFFECTED}`, "class")) || "";
  assert.ok(classes.split(/\s+/).includes("status-unknown"), `${AFFECTED} (${classes}): ${affected.verdict}`);
  const unaffected = await row(page, UNAFFECTED);
  assert.equal(unaffected.status, "pass", `${UNAFFECTED}: ${unaffected.verdict}`);
  assert.deepEqual(page.errors, [], "no page error");
  const other = consoleErrors.filter((line) => !/^Failed to load resource/.test(line));
  assert.deepEqual(other, [], "no console error but the browser's own failed-load lines");
  if (!loadFailures) assert.deepEqual(consoleErrors, [], "no failed load to report");
  await assertNoLeak(page, DEMO_TOKEN);
  return affected;
}

for (const [name, fault, cause] of FAULTS) {
  test(`${name} on one fact: its row names the cause, the others still finish`, async (t) => {
    await fake("POST", "/_fake/faults", { method: "GET", path_prefix: PATH, ...fault });
    const { page, consoleErrors } = await openWatched();
    const affected = await expectExplained(page, consoleErrors, { loadFailures: fault.status >= 400 });
    const asked = (await fakeLog()).filter((e) => e.method === "GET" && e.path === PATH).length;
    const retried = [429, 500, 502].includes(fault.status);
    assert.equal(asked, retried ? 3 : 1, `${PATH} asked ${asked} times`);
    await t.test("the verdict names the cause", () => {
      assert.match(affected.verdict, cause);
    });
    if (fault.status === 429) {
      await t.test("once the retries are over, the verdict does not promise the check goes on", () => {
        assert.doesNotMatch(affected.verdict, /continues by itself/);
        assert.match(affected.verdict, /re-check/i, "says what to do instead");
      });
    }
    await page.context().close();
  });
}

test("connection refused on one fact: its row says GitHub could not be reached", async () => {
  const { page, consoleErrors } = await openWatched({
    prepare: (p) => p.route((url) => url.pathname === PATH, (route) => route.abort("connectionrefused")),
  });
  const affected = await expectExplained(page, consoleErrors);
  assert.match(affected.verdict, /GitHub could not be reached/);
  assert.ok(consoleErrors.some((l) => /ERR_CONNECTION_REFUSED/.test(l)), consoleErrors.join("\n"));
  await page.context().close();
});

// The fake holds the answer for a minute; the page's clock is moved past the
// app's time limit once per attempt, so three timeouts take seconds, not 45.
test("a timeout on one fact: its row says GitHub took too long", async () => {
  await fake("POST", "/_fake/faults", { method: "GET", path_prefix: PATH, latency_ms: 60_000 });
  let sent = 0;
  const { page, consoleErrors } = await openWatched({
    prepare: async (p) => {
      p.on("request", (r) => { if (r.method() === "GET" && new URL(r.url()).pathname === PATH) sent += 1; });
      await p.clock.install();
      await p.reload();
      await p.waitForSelector("main h1");
    },
    waitOpts: {
      during: async (p) => {
        for (let attempt = 1; attempt <= 3; attempt += 1) {
          const deadline = Date.now() + 20_000;
          while (sent < attempt) {
            if (Date.now() > deadline) throw new Error(`attempt ${attempt} was never sent (${sent} sent)`);
            await p.waitForTimeout(50);
          }
          await p.clock.fastForward(APP_TIMEOUT_MS + 1_000);
        }
      },
    },
  });
  const affected = await expectExplained(page, consoleErrors);
  assert.match(affected.verdict, /GitHub took too long to answer/);
  assert.equal(sent, 3, "tried three times, then gave up");
  await page.context().close();
});

test("a transient 500 on one fact heals by a retry: its row passes", async () => {
  await fake("POST", "/_fake/faults", { method: "GET", path_prefix: PATH, status: 500, times: 1, body: { message: "Server Error" } });
  const { page, consoleErrors } = await openWatched();
  const healed = await row(page, AFFECTED);
  assert.equal(healed.status, "pass", healed.verdict);
  assert.equal((await row(page, UNAFFECTED)).status, "pass");
  const answers = (await fakeLog()).filter((e) => e.method === "GET" && e.path === PATH).map((e) => e.status);
  assert.deepEqual(answers, [500, 200], "answered 500 once, then 200 to the retry");
  assert.deepEqual(page.errors, []);
  assert.deepEqual(consoleErrors.filter((l) => !/^Failed to load resource/.test(l)), []);
  await assertNoLeak(page, DEMO_TOKEN);
  await page.context().close();
});

// Retry-After (crates/core/src/api/retry.rs): a short one is waited out and
// the summary bar says until when; one longer than two minutes is not, and
// the row says how long GitHub asked for and when to try again.
const secondaryLimit = (retryAfter, times) => ({
  method: "GET",
  path_prefix: PATH,
  status: 429,
  ...(times ? { times } : {}),
  headers: { ...scoped, "retry-after": retryAfter },
  body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: rest },
});

test("a Retry-After pause is shown in the summary bar until it ends", async () => {
  await fake("POST", "/_fake/faults", secondaryLimit("3", 1));
  let paused = "";
  const { page, consoleErrors } = await openWatched({
    waitOpts: {
      during: async (p) => {
        const bar = await p.waitForSelector("[data-testid=summary-paused]", { timeout: 30_000 });
        paused = (await bar.textContent()).trim();
        await p.waitForSelector("[data-testid=summary-paused]", { state: "detached", timeout: 30_000 });
      },
    },
  });
  assert.match(paused, /^Waiting for GitHub until \d{2}:\d{2}:\d{2} \(it asked us to slow down\)$/);
  const healed = await row(page, AFFECTED);
  assert.equal(healed.status, "pass", healed.verdict);
  const answers = (await fakeLog()).filter((e) => e.method === "GET" && e.path === PATH).map((e) => e.status);
  assert.deepEqual(answers, [429, 200], "waited once, then asked again");
  assert.deepEqual(page.errors, []);
  assert.deepEqual(consoleErrors.filter((l) => !/^Failed to load resource/.test(l)), []);
  await page.context().close();
});

test("a Retry-After of a day is not waited out: the row says how long and until when", async () => {
  await fake("POST", "/_fake/faults", secondaryLimit("86400"));
  const { page, consoleErrors } = await openWatched();
  const affected = await expectExplained(page, consoleErrors);
  assert.match(affected.verdict, /GitHub asked us to wait 24 hours/);
  assert.match(affected.verdict, /Try again after \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  const asked = (await fakeLog()).filter((e) => e.method === "GET" && e.path === PATH).length;
  assert.equal(asked, 1, "given up at once, not retried");
  assert.equal(await page.$("[data-testid=summary-paused]"), null, "no pause is shown for a wait not taken");
  await page.context().close();
});
