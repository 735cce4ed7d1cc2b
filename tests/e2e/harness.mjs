// Shared set-up for the end-to-end tests: a static server for the release
// bundle, the fake GitHub and the relay on loopback, and headless Chromium
// driven by playwright-core. Started by `cargo xtask test`, which passes the
// paths and ports in E2E_* variables. Nothing here reaches the internet.

import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFile, mkdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, extname, dirname } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

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
  return new Promise((ok) => server.listen(APP_PORT, "127.0.0.1", () => ok(server)));
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

/** Starts everything; returns { browser, stop }. */
export async function startStack({ latencyMs = 0 } = {}) {
  const scenario = JSON.parse(await readFile(new URL("../../crates/fake-github/scenarios/demo.json", import.meta.url), "utf8"));
  scenario.device_flow.interval = 1; // poll every second so tests stay quick
  const scenarioFile = join(tmpdir(), `ghcr-setup-e2e-${process.pid}.json`);
  await writeFile(scenarioFile, JSON.stringify(scenario));
  const dist = env("E2E_DIST");
  if (!existsSync(join(dist, "index.html"))) throw new Error(`no release bundle at ${dist}`);
  const server = await serveDist(dist);
  const fake = await startProcess(env("E2E_FAKE_BIN"), [
    "--listen", `127.0.0.1:${FAKE_PORT}`, "--scenario", scenarioFile, "--latency-ms", String(latencyMs),
  ], "listening");
  const relay = await startProcess(env("E2E_RELAY_BIN"), [
    "--listen", `127.0.0.1:${RELAY_PORT}`, "--upstream", FAKE, "--allow-origin", `http://127.0.0.1:${APP_PORT}`,
  ], "listening");
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_FLAGS });
  await mkdir(SHOTS, { recursive: true });
  return {
    browser,
    async stop() {
      await browser.close();
      fake.kill();
      relay.kill();
      server.close();
    },
  };
}

/** A fresh page (own storage) that records console output and fails on page errors. */
export async function openPage(browser, hash = "#/", size = WIDTHS.desktop) {
  const context = await browser.newContext({ viewport: size });
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
