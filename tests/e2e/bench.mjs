// Browser figures for `cargo xtask bench`: what a person waits for and what
// the page fetches, measured in headless Chromium against the release bundle
// and the fake GitHub. Records numbers only and asserts nothing about time;
// `xtask/src/bench.rs` starts this, reads the JSON it writes to BENCH_OUT,
// and prints the report (medians, ranges, sizes).
//
// Environment: the E2E_* variables of the harness, and
//   BENCH_OUT             where to write the JSON
//   BENCH_LATENCY_MS      latency the fake adds to every API request (default 200)
//   BENCH_RUNS            runs per figure (default 5)
//   BENCH_COUNTER_DIST    the bare Leptos counter's bundle (index.html, glue, wasm)
//   BENCH_REPO            the repository checked (default demo-org/ready-app)

import { createServer } from "node:http";
import { readFile, writeFile } from "node:fs/promises";
import { join, extname, basename } from "node:path";
import { startStack, openPage, fake, pasteToken, DEMO_TOKEN, APP, FAKE } from "./harness.mjs";

const env = (name, fallback) => process.env[name] || fallback;
const OUT = env("BENCH_OUT", "");
const LATENCY = Number(env("BENCH_LATENCY_MS", "200"));
const RUNS = Number(env("BENCH_RUNS", "5"));
const COUNTER_DIST = env("BENCH_COUNTER_DIST", "");
const REPO = env("BENCH_REPO", "demo-org/ready-app");
if (!OUT || !COUNTER_DIST) throw new Error("BENCH_OUT and BENCH_COUNTER_DIST must be set: run `cargo xtask bench`");
if (!(LATENCY >= 0) || !(RUNS >= 1)) throw new Error("BENCH_LATENCY_MS must be >= 0 and BENCH_RUNS >= 1");

const say = (line) => process.stderr.write(`  bench: ${line}\n`);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// ---- Page helpers ----

/**
 * A fresh context (own HTTP and code cache, own storage: a first visit) whose
 * pages note `performance.now()` in `window.__readyAt` the first time every
 * selector matches, from a MutationObserver installed before any page script.
 */
async function freshContext(browser, selectors) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript((sel) => {
    const ready = () => sel.every((s) => document.querySelector(s));
    const observer = new MutationObserver(() => {
      if (window.__readyAt === undefined && ready()) {
        window.__readyAt = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true, attributes: true });
  }, selectors);
  return context;
}

/** Navigation start → every selector present, in ms; plus the page. */
async function timeToReady(browser, url, selectors) {
  const context = await freshContext(browser, selectors);
  const page = await context.newPage();
  const fetched = [];
  page.on("response", (r) => fetched.push(r.url()));
  await page.goto(url);
  await page.waitForFunction(() => window.__readyAt !== undefined, null, { timeout: 60000 });
  const ms = await page.evaluate(() => window.__readyAt);
  return { ms, page, context, fetched };
}

/** Waits until no new response arrived for `quietMs`. */
async function settle(fetched, quietMs = 800) {
  for (let seen = -1; seen !== fetched.length;) {
    seen = fetched.length;
    await sleep(quietMs);
  }
}

/** The file names fetched from the app's own origin. */
const appFiles = (urls) => [...new Set(urls.filter((u) => u.startsWith(APP)).map((u) => basename(new URL(u).pathname) || "index.html"))].sort();

/**
 * Counts a page's concurrent API requests (preflights are not requests the
 * page makes) two ways: requests the page has open (issued, not finished;
 * Chromium holds some back until one of its connections to the host is
 * free), and requests on the wire (from sending the request to the last
 * byte of the answer), from the DevTools protocol's monotonic timestamps.
 */
async function trackConcurrency(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const state = { on: false, open: new Map(), maxOpen: 0, sent: new Map(), spans: [] };
  const isApi = (req) => req.url.startsWith(FAKE) && req.method !== "OPTIONS";
  cdp.on("Network.requestWillBeSent", (e) => {
    if (!state.on || !isApi(e.request) || e.type === "Preflight") return;
    state.open.set(e.requestId, true);
    state.maxOpen = Math.max(state.maxOpen, state.open.size);
  });
  cdp.on("Network.responseReceived", (e) => {
    const t = e.response.timing;
    if (state.open.has(e.requestId) && t && t.sendStart >= 0) state.sent.set(e.requestId, t.requestTime * 1000 + t.sendStart);
  });
  const finished = (e) => {
    if (!state.open.delete(e.requestId)) return;
    const sent = state.sent.get(e.requestId);
    if (sent !== undefined) state.spans.push([sent, e.timestamp * 1000]);
  };
  cdp.on("Network.loadingFinished", finished);
  cdp.on("Network.loadingFailed", (e) => state.open.delete(e.requestId));
  return {
    start() { state.on = true; state.open.clear(); state.sent.clear(); state.maxOpen = 0; state.spans = []; },
    stop() {
      state.on = false;
      // Sweep: +1 at each start, -1 at each end (an end before a start at the same instant).
      const edges = state.spans.flatMap(([a, b]) => [[a, 1], [b, -1]]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      let now = 0;
      let onWire = 0;
      for (const [, d] of edges) { now += d; onWire = Math.max(onWire, now); }
      return { open: state.maxOpen, onWire, timed: state.spans.length };
    },
  };
}

/**
 * Clicks the button `selector` (or the button whose text is `text`) and
 * returns the ms until the checklist is complete again — every row has its
 * verdict and the bar says "As of …" — after having been incomplete at least
 * once since the click. Both ends are read in the page (performance.now()).
 */
async function clickUntilComplete(page, { selector, text }) {
  await page.evaluate(({ selector, text }) => {
    const complete = () => {
      const meta = document.querySelector(".summary-bar .summary-meta");
      return !!meta && /^\s*As of/.test(meta.textContent)
        && document.querySelectorAll("li.check-row").length > 0
        && !document.querySelector("li.check-row.status-pending");
    };
    const button = selector
      ? document.querySelector(selector)
      : [...document.querySelectorAll("button")].find((b) => b.textContent.trim() === text);
    if (!button) throw new Error(`no button ${selector || text}`);
    const b = { start: performance.now(), busy: false, end: null };
    window.__bench = b;
    const observer = new MutationObserver(() => {
      if (!complete()) b.busy = true;
      else if (b.busy) { b.end = performance.now(); observer.disconnect(); }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    button.click();
  }, { selector, text });
  await page.waitForFunction(() => window.__bench.end !== null, null, { timeout: 120000 });
  return page.evaluate(() => window.__bench.end - window.__bench.start);
}

// ---- Fake GitHub helpers ----

/** Points used in the primary (core) rate limit, for the token or anonymous. */
async function rateUsed(token) {
  const res = await fetch(`${FAKE}/rate_limit`, { headers: token ? { authorization: `token ${token}` } : {} });
  if (!res.ok) throw new Error(`/rate_limit: ${res.status}`);
  return (await res.json()).resources.core.used;
}

/** A pinned action's version lookup rather than a fact about the repository. */
const isPinLookup = (path) => /^\/repos\/[^/]+\/[^/]+\/(releases|git\/)/.test(path) && !path.startsWith(`/repos/${REPO}/`);

/** Runs `action` and returns what the fake saw meanwhile. */
async function apiFigures(page, tracker, action) {
  const before = { token: await rateUsed(DEMO_TOKEN), anon: await rateUsed(null) };
  await fake("DELETE", "/_fake/log");
  tracker.start();
  const wallMs = await action();
  const concurrency = tracker.stop();
  const log = (await fake("GET", "/_fake/log")).filter((e) => e.path !== "/rate_limit");
  const after = { token: await rateUsed(DEMO_TOKEN), anon: await rateUsed(null) };
  const requests = log.filter((e) => e.method !== "OPTIONS");
  return {
    wall_ms: wallMs,
    requests: requests.length,
    pin_lookups: requests.filter((e) => isPinLookup(e.path)).length,
    not_modified: requests.filter((e) => e.status === 304).length,
    preflights: log.length - requests.length,
    max_open: concurrency.open,
    max_on_wire: concurrency.onWire,
    timed: concurrency.timed,
    rate_spent: after.token - before.token,
    anon_rate_spent: after.anon - before.anon,
  };
}

// ---- Measurements ----

/** Sign in, check the repository, then Re-check; `K` times, each a first visit. */
async function checks(browser, label, wantShareLink) {
  const first = [];
  const again = [];
  let shareLink = null;
  for (let run = 1; run <= RUNS; run++) {
    await fake("POST", "/_fake/reset");
    const page = await openPage(browser, "#/signin?next=/check");
    const tracker = await trackConcurrency(page);
    await pasteToken(page, DEMO_TOKEN);
    await page.waitForSelector("#check-repo", { timeout: 60000 });
    await page.fill("#check-repo", REPO);
    await sleep(300);
    first.push(await apiFigures(page, tracker, () => clickUntilComplete(page, { selector: "form.check-form button[type=submit]" })));
    await sleep(300);
    again.push(await apiFigures(page, tracker, () => clickUntilComplete(page, { text: "Re-check" })));
    if (wantShareLink && !shareLink) {
      await page.click(".summary-bar button:has-text('Share')");
      await page.waitForFunction(() => document.querySelector("#share-link")?.value.includes("#/share?d="), null, { timeout: 30000 });
      shareLink = await page.inputValue("#share-link");
    }
    await page.context().close();
    say(`${label} run ${run}/${RUNS}: check ${first.at(-1).wall_ms.toFixed(0)} ms, re-check ${again.at(-1).wall_ms.toFixed(0)} ms`);
  }
  return { first, again, shareLink };
}

/** Navigation → interactive for the app's home and the counter, alternating. */
async function homeVsCounter(browser, counterUrl) {
  const app = [];
  const counter = [];
  // One unrecorded visit each: the first launch of a page pays one-off costs.
  for (let run = 0; run <= RUNS; run++) {
    const a = await timeToReady(browser, `${APP}#/`, ["main h1", "#start-repo:not([disabled])"]);
    await a.context.close();
    const c = await timeToReady(browser, counterUrl, ["#increment"]);
    await c.context.close();
    if (run > 0) {
      app.push(a.ms);
      counter.push(c.ms);
    }
  }
  say(`home ${app.map((m) => m.toFixed(0)).join(", ")} ms; counter ${counter.map((m) => m.toFixed(0)).join(", ")} ms`);
  return { app_ms: app, counter_ms: counter };
}

/** A first visit straight to `hash`: ms to the page's heading, files fetched. */
async function deepLink(browser, name, hash) {
  const ms = [];
  let files = null;
  for (let run = 1; run <= RUNS; run++) {
    const v = await timeToReady(browser, APP + hash, ["main h1"]);
    await settle(v.fetched);
    ms.push(v.ms);
    const got = appFiles(v.fetched);
    if (files && got.join() !== files.join()) say(`${name}: run ${run} fetched ${got.join(", ")} (run 1: ${files.join(", ")})`);
    files = files || got;
    await v.context.close();
  }
  say(`${name}: ${files.length} files, ${ms.map((m) => m.toFixed(0)).join(", ")} ms`);
  return { name, hash: hash.length > 60 ? `${hash.slice(0, 57)}...` : hash, ms, files };
}

/** A static server for the counter's bundle on a free loopback port. */
function serveCounter() {
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, "http://x/").pathname;
    const name = path === "/" ? "index.html" : basename(path);
    try {
      const body = await readFile(join(COUNTER_DIST, name));
      res.writeHead(200, { "content-type": types[extname(name)] || "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

// ---- Main ----

const result = { latency_ms: LATENCY, runs: RUNS, repo: REPO };

say(`stack with ${LATENCY} ms per API request`);
let stack = await startStack({ latencyMs: LATENCY });
try {
  result.chromium = stack.browser.version();
  const slow = await checks(stack.browser, `${LATENCY} ms`, false);
  result.check = slow.first;
  result.recheck = slow.again;
} finally {
  await stack.stop();
}

say("stack with no added latency");
stack = await startStack({ latencyMs: 0 });
const counterServer = await serveCounter();
try {
  const quick = await checks(stack.browser, "0 ms", true);
  result.check_cpu = quick.first;
  result.recheck_cpu = quick.again;
  const counterUrl = `http://127.0.0.1:${counterServer.address().port}/`;
  result.home = await homeVsCounter(stack.browser, counterUrl);
  const share = quick.shareLink ? quick.shareLink.slice(quick.shareLink.indexOf("#")) : null;
  result.deep_links = [];
  const links = [["home", "#/"], ["check", `#/check/${REPO}`], ["share", share], ["generate", "#/generate"]];
  for (const [name, hash] of links) {
    if (hash) result.deep_links.push(await deepLink(stack.browser, name, hash));
  }
  const counterVisit = await timeToReady(stack.browser, counterUrl, ["#increment"]);
  await settle(counterVisit.fetched);
  result.counter_files = [...new Set(counterVisit.fetched.map((u) => basename(new URL(u).pathname) || "index.html"))].sort();
  await counterVisit.context.close();
} finally {
  counterServer.close();
  await stack.stop();
}

await writeFile(OUT, JSON.stringify(result, null, 1));
say(`figures written to ${OUT}`);
