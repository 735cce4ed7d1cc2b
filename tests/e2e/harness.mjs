// Shared set-up for the end-to-end tests: a static server for the release
// bundle, the fake GitHub and the relay on loopback, and headless Chromium
// driven by playwright-core. Started by `cargo xtask test`, which passes the
// paths and ports in E2E_* variables. Nothing here reaches the internet.
// Every browser context runs under the CSP and token nets of nets.mjs.

import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { readFile, readdir, mkdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, extname, dirname } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { armBrowser } from "./nets.mjs";

export { netFindings, TOKEN_KEY } from "./nets.mjs";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the end-to-end tests with \`cargo xtask test\``);
  return v;
};

export const APP_PORT = Number(env("E2E_APP_PORT"));
export const FAKE_PORT = Number(env("E2E_FAKE_PORT"));
export const RELAY_PORT = Number(env("E2E_RELAY_PORT"));
export const APP = `http://127.0.0.1:${APP_PORT}/`;
export const FAKE = `http://127.0.0.1:${FAKE_PORT}`;
export const RELAY = `http://127.0.0.1:${RELAY_PORT}`;
export const SHOTS = process.env.E2E_SCREENSHOTS || "screenshots";
/** The demo scenario's classic token (octo-demo, every scope). */
export const DEMO_TOKEN = "ghp_DEMOdemoDEMOdemoDEMOdemoDEMOdemo0000";

/**
 * The checklist's checks as the product lists them (`ghcr-setup checks`):
 * `[{id, group, title}]` in display order. Tests read ids and counts from
 * here, never from a list or a number of their own.
 */
const CLI_BIN = process.env.E2E_CLI_BIN
  || join(dirname(fileURLToPath(import.meta.url)), "../../target/debug/ghcr-setup");
export const CHECKS = JSON.parse(execFileSync(CLI_BIN, ["checks"], { encoding: "utf8" }));
export const CHECK_IDS = CHECKS.map((c) => c.id);
export const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 375, height: 812 } };

const CHROMIUM_FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-dev-shm-usage",
];

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".svg": "image/svg+xml" };

function serveDist(dir) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, APP).pathname);
    const file = join(dir, path.endsWith("/") ? path + "index.html" : path);
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(APP_PORT, "127.0.0.1", () => ok(server));
  });
}

function startProcess(bin, args, readyWord) {
  return new Promise((ok, fail) => {
    const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const timer = setTimeout(() => fail(new Error(`${bin} did not start: ${out}`)), 20000);
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes(readyWord)) { clearTimeout(timer); ok(child); }
    });
    child.stderr.on("data", (d) => { out += d; });
    child.on("exit", (code) => { clearTimeout(timer); fail(new Error(`${bin} exited ${code}: ${out}`)); });
  });
}

/** The OAuth App client id of the demo scenario (and of the test bundle). */
export const DEMO_CLIENT_ID = "Ov23liDEMOdemo000000";

/**
 * Connection settings to put in the app's "Advanced" override when the bundle
 * was built for other ports than the ones this run uses (a second stack run
 * by hand next to `cargo xtask test`); `null` when the bundle already talks
 * to this run's fake GitHub.
 */
let settingsOverride = null;

async function bundleTalksTo(dist, base) {
  for (const name of await readdir(dist)) {
    if (!/\.(wasm|js)$/.test(name)) continue;
    if ((await readFile(join(dist, name))).includes(base)) return true;
  }
  return false;
}

/**
 * Starts everything; returns { browser, stop }. `patchScenario(scenario)`
 * may change the demo scenario (add tokens, users, grants) before the fake
 * GitHub reads it.
 */
export async function startStack({ latencyMs = 0, patchScenario } = {}) {
  const scenario = JSON.parse(await readFile(new URL("../../crates/fake-github/scenarios/demo.json", import.meta.url), "utf8"));
  scenario.device_flow.interval = 1; // poll every second so tests stay quick
  if (patchScenario) patchScenario(scenario);
  const scenarioFile = join(tmpdir(), `ghcr-setup-e2e-${process.pid}.json`);
  await writeFile(scenarioFile, JSON.stringify(scenario));
  const dist = env("E2E_DIST");
  if (!existsSync(join(dist, "index.html"))) throw new Error(`no release bundle at ${dist}`);
  settingsOverride = (await bundleTalksTo(dist, FAKE)) ? null : { api_base: FAKE, relay_url: RELAY, client_id: DEMO_CLIENT_ID };
  // Whatever started is stopped again if a later part fails, so the test
  // process can end.
  let server, fake, relay, browser;
  const stop = async () => {
    await browser?.close();
    fake?.kill();
    relay?.kill();
    server?.close();
  };
  try {
    server = await serveDist(dist);
    fake = await startProcess(env("E2E_FAKE_BIN"), [
      "--listen", `127.0.0.1:${FAKE_PORT}`, "--scenario", scenarioFile, "--latency-ms", String(latencyMs),
    ], "listening");
    // Every page's traffic comes from 127.0.0.1 and the tests sign in many
    // times in a row, so the relay's per-address limits are set generously;
    // its poll pace (1 s) matches the scenario's interval above, which the
    // app keeps.
    relay = await startProcess(env("E2E_RELAY_BIN"), [
      "--listen", `127.0.0.1:${RELAY_PORT}`, "--upstream", FAKE, "--allow-origin", `http://127.0.0.1:${APP_PORT}`,
      "--max-connections-per-address", "64", "--code-interval-secs", "0",
      "--poll-interval-secs", "1", "--sign-ins-per-address", "10000",
    ], "listening");
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_FLAGS });
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
  armBrowser(browser, {
    known: scenario.tokens.map((t) => t.value),
    apiBase: FAKE,
    app: APP,
    // The demo build's start page prints the demo token for people to paste.
    publishes: [{ selector: ".demo-repos p > code", text: DEMO_TOKEN }],
  });
  await mkdir(SHOTS, { recursive: true });
  return { browser, stop };
}

/** Waits until the pins note in `scope` no longer says it is reading (the
 * action versions are settled), and returns its text. */
export async function settledNote(page, scope) {
  const note = page.locator(`${scope} .pins-note`).first();
  await page.waitForFunction((sel) => {
    const el = document.querySelector(`${sel} .pins-note p`);
    return el && el.textContent.trim() !== "" && !/^Reading/.test(el.textContent);
  }, scope, { timeout: 30000 });
  return (await note.textContent()).trim();
}

/** A fresh page (own storage, under the nets) that records its console output and page errors. */
export async function openPage(browser, hash = "#/", size = WIDTHS.desktop) {
  const context = await browser.newContext({ viewport: size });
  if (settingsOverride) {
    await context.addInitScript((value) => {
      if (!localStorage.getItem("ghcr-setup.settings")) localStorage.setItem("ghcr-setup.settings", value);
    }, JSON.stringify(settingsOverride));
  }
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: APP.slice(0, -1) });
  const page = await context.newPage();
  page.consoleLines = [];
  page.errors = [];
  page.on("console", (m) => page.consoleLines.push(m.text()));
  page.on("pageerror", (e) => page.errors.push(String(e)));
  await page.goto(APP + hash);
  await page.waitForSelector("main h1");
  return page;
}

/**
 * Saves a screenshot of the current page at desktop and phone width, and
 * fails if the page is wider than the phone (sideways scrolling).
 */
export async function screenshots(page, name) {
  for (const [label, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    await page.waitForTimeout(50);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) throw new Error(`${name}: page is ${overflow}px wider than the ${label} viewport`);
    await page.screenshot({ path: join(SHOTS, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(WIDTHS.desktop);
}

/** Control API of the fake GitHub. */
export async function fake(method, path, body) {
  const res = await fetch(FAKE + path, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export async function resetFake() {
  await fake("POST", "/_fake/reset");
  await fake("DELETE", "/_fake/faults");
  await fake("DELETE", "/_fake/log");
}

/**
 * Fails if `secret` appears anywhere a token must never be: the URL, the DOM,
 * console output, sessionStorage, and localStorage unless `remembered`.
 */
export async function assertNoLeak(page, secret, { remembered = false } = {}) {
  const has = (text) => (secret instanceof RegExp ? secret.test(text) : text.includes(secret));
  const where = [];
  if (has(page.url())) where.push("URL");
  if (has(await page.content())) where.push("DOM");
  if (page.consoleLines.some(has)) where.push("console");
  const storage = await page.evaluate(() => ({
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
  }));
  if (has(storage.session)) where.push("sessionStorage");
  if (!remembered && has(storage.local)) where.push("localStorage");
  if (page.errors.length) where.push(`page errors: ${page.errors.join("; ")}`);
  if (where.length) throw new Error(`token found in: ${where.join(", ")}`);
}

/** Signs in by pasting `token` (from any page with the sign-in panel). */
export async function pasteToken(page, token, { remember = false } = {}) {
  if (remember) await page.check("#remember");
  await page.click("#tab-paste");
  await page.fill("#token-input", token);
  await page.click("form button[type=submit]:has-text('Use this token')");
}

// ---- The checklist page ----

/** Anything shaped like a GitHub token. */
export const TOKEN_SHAPE = /gh[pousr]_[A-Za-z0-9]{20,}|github_pat_/;

/** The fake's request log: `[{method, path, status, origin?, has_auth}]`. */
export async function fakeLog() {
  return fake("GET", "/_fake/log");
}

/** Waits until every item of the checklist has its verdict ("As of HH:MM:SS"). */
export async function waitForChecklist(page, timeout = 30000) {
  await page.waitForFunction(() => {
    const meta = document.querySelector(".summary-bar .summary-meta");
    return meta && /As of \d\d:\d\d:\d\d/.test(meta.textContent)
      && document.querySelectorAll("li.check-row").length > 0
      && !document.querySelector("li.check-row.status-pending");
  }, null, { timeout });
}

/**
 * Opens the checklist of `repo` in a fresh page, signs in there by pasting
 * `token` and waits for the final verdicts. Returns the page.
 */
export async function openChecklist(browser, repo, token, { size } = {}) {
  const page = await openPage(browser, `#/check/${repo}`, size);
  await pasteToken(page, token);
  await waitForChecklist(page);
  return page;
}

/** Every row's status, `{ "check-id": "pass" | "warn" | … }`. */
export async function rowStatuses(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll("li.check-row")].map((li) => {
    const status = [...li.classList].find((c) => c.startsWith("status-"));
    return [li.dataset.check, status ? status.slice("status-".length) : ""];
  })));
}

/** One row: its status, status word, one-line verdict and the whole text. */
export async function row(page, id) {
  const li = page.locator(`li.check-row[data-check="${id}"]`);
  const status = ((await li.getAttribute("class")) || "").split(/\s+/).find((c) => c.startsWith("status-")) || "";
  return {
    status: status.slice("status-".length),
    word: ((await li.locator(".status-word").textContent()) || "").trim(),
    verdict: ((await li.locator(".check-verdict").textContent()) || "").trim(),
    text: (await li.textContent()) || "",
  };
}

/** Opens a row's details (if closed) and returns its locator. */
export async function openRow(page, id) {
  const li = page.locator(`li.check-row[data-check="${id}"]`);
  if (!(await li.locator("details").evaluate((d) => d.open))) await li.locator("summary").click();
  return li;
}

/** "API requests left this hour: N of M" as N, or null when not shown. */
export async function requestsLeft(page) {
  const text = await page.textContent(".summary-bar");
  const m = /API requests left this hour: (\d+) of \d+/.exec(text || "");
  return m ? Number(m[1]) : null;
}
