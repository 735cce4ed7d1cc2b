// Action versions as a person meets them: the generator pins the newest
// release GitHub lists within each major and says it read them just now;
// with GitHub out of reach it falls back to the built-in table and says so
// with the table's date; the analyzer says the same about what it compares
// against; and a return visit, signed in, costs `304`s only.

import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  startStack, openPage, screenshots, fake, resetFake, fakeLog, pasteToken,
  APP, FAKE, RELAY, DEMO_CLIENT_ID, DEMO_TOKEN, WIDTHS,
} from "./harness.mjs";

const CACHE_KEY = "ghcr-setup.release-cache";

let stack;
let lastChecked;
let builtinLogin;
before(async () => {
  stack = await startStack();
  // The built-in table's date and login-action's pin, read from the table itself.
  const table = await readFile(new URL("../../crates/core/src/actions/table.rs", import.meta.url), "utf8");
  lastChecked = table.match(/LAST_CHECKED: &str = "(\d{4}-\d\d-\d\d)"/)[1];
  const login = table.match(/Action::Login => \("(v[\d.]+)", "([0-9a-f]{40})"\)/);
  builtinLogin = { tag: login[1], sha: login[2] };
});
after(async () => { await stack?.stop(); });
afterEach(async () => { await resetFake(); });

/** Waits until the pins note no longer says it is reading, and returns its text. */
async function settledNote(page, scope) {
  const note = page.locator(`${scope} .pins-note`).first();
  await page.waitForFunction((sel) => {
    const el = document.querySelector(`${sel} .pins-note p`);
    return el && el.textContent.trim() !== "" && !/^Reading/.test(el.textContent);
  }, scope, { timeout: 30000 });
  return (await note.textContent()).trim();
}

/** The commit a tag of the fake's `docker/login-action` points to (following annotated tags). */
async function commitOf(tag) {
  const get = async (path) => (await fetch(FAKE + path)).json();
  let object = (await get(`/repos/docker/login-action/git/ref/tags/${tag}`)).object;
  for (let i = 0; object.type === "tag" && i < 3; i++) {
    object = (await get(`/repos/docker/login-action/git/tags/${object.sha}`)).object;
  }
  assert.equal(object.type, "commit");
  return object.sha;
}

const release = (tag) => ({
  tag_name: tag, draft: false, prerelease: false, name: tag,
  html_url: `https://github.com/docker/login-action/releases/tag/${tag}`,
  published_at: "2026-11-30T12:00:00Z",
});

test("a newer release within the major is pinned and the page says it was read live", async () => {
  // The demo's v4.2.0 of login-action is a draft; here it is published.
  const newer = "v4.2.0";
  assert.notEqual(newer, builtinLogin.tag, "the test needs a release newer than the built-in one");
  await fake("POST", "/_fake/faults", {
    method: "GET", path_prefix: "/repos/docker/login-action/releases", status: 200,
    body: [release(newer), release(builtinLogin.tag), release("v4.0.0")],
  });
  const sha = await commitOf(newer);
  assert.notEqual(sha, builtinLogin.sha);
  await fake("DELETE", "/_fake/log"); // only the page's requests from here on

  const page = await openPage(stack.browser, "#/generate?repo=octo-demo%2Fhello-ghcr&attest=true");
  const note = await settledNote(page, ".gen-preview");
  assert.match(note, /All 7 action versions were read from GitHub \(without signing in\) just now\./);
  const yaml = await page.textContent(".gen-preview pre");
  assert.ok(yaml.includes(`docker/login-action@${sha} # ${newer}`), yaml);
  assert.ok(!yaml.includes(builtinLogin.sha), "the built-in commit is gone");
  assert.match(yaml, /action versions read from GitHub on \d{4}-\d\d-\d\d/);
  const asked = (await fakeLog()).filter((l) => l.path === `/repos/docker/login-action/git/ref/tags/${newer}`);
  assert.equal(asked.length, 1, "the new tag was looked up once");
  await screenshots(page, "pins-generate-live");
  await page.context().close();
});

test("with GitHub out of reach the built-in table is used, and the page says so with its date", async () => {
  const context = await stack.browser.newContext({ viewport: WIDTHS.desktop });
  // Port 9 (discard) on loopback: nothing listens, every request fails.
  await context.addInitScript((value) => localStorage.setItem("ghcr-setup.settings", value),
    JSON.stringify({ api_base: "http://127.0.0.1:9", relay_url: RELAY, client_id: DEMO_CLIENT_ID }));
  const page = await context.newPage();
  await page.goto(APP + "#/generate?repo=octo-demo%2Fhello-ghcr");
  await page.waitForSelector("main h1");
  const note = await settledNote(page, ".gen-preview");
  assert.match(note, new RegExp(`^Built-in action versions, checked on ${lastChecked}: GitHub's releases could not be read \\(without signing in\\) just now\\.`));
  // Each action that fell back says why.
  await page.click(".gen-preview .pins-details summary");
  const details = await page.textContent(".gen-preview .pins-details");
  assert.match(details, /About 7 of the action versions/);
  assert.ok(details.includes(`docker/login-action: built-in ${builtinLogin.tag} kept:`), details);
  const yaml = await page.textContent(".gen-preview pre");
  assert.ok(yaml.includes(`docker/login-action@${builtinLogin.sha} # ${builtinLogin.tag}`), yaml);
  assert.ok(yaml.includes(`action versions checked on ${lastChecked}`), yaml);
  await screenshots(page, "pins-generate-offline");

  // The analyzer says the same about what it compares against.
  await page.evaluate(() => { location.hash = "#/analyze"; });
  await page.waitForSelector("#analyze-pins");
  const analyzer = await settledNote(page, "#analyze-pins");
  assert.match(analyzer, new RegExp(`Built-in action versions, checked on ${lastChecked}`));
  await context.close();
});

test("the analyzer says where its versions came from", async () => {
  const page = await openPage(stack.browser, "#/analyze");
  const note = await settledNote(page, "#analyze-pins");
  assert.match(note, /All 7 action versions were read from GitHub \(without signing in\) just now\./);
  const rest = (await page.textContent("#analyze-pins")).replace(/\s+/g, " ");
  assert.match(rest, new RegExp(`6 more actions the analyzer knows \\(.*actions/cache.*\\) are compared with their built-in versions, checked on ${lastChecked}\\.`));
  // The findings name the same source.
  await page.click("button:has-text('Load an outdated example')");
  await page.waitForSelector(".finding");
  const findings = await page.textContent("#analyze-result");
  assert.match(findings, /\(read from GitHub on \d{4}-\d\d-\d\d\)/);
  await screenshots(page, "pins-analyze");
  await page.context().close();
});

test("signed in, a return visit asks conditionally and stores nothing about the token", async () => {
  const page = await openPage(stack.browser, "#/signin");
  await pasteToken(page, DEMO_TOKEN, { remember: true });
  await page.waitForSelector("text=Signed in as octo-demo", { timeout: 20000 });
  await page.evaluate(() => { location.hash = "#/generate?repo=octo-demo%2Fhello-ghcr"; });
  await page.waitForSelector(".gen-preview pre");
  assert.match(await settledNote(page, ".gen-preview"), /read from GitHub just now/);
  const stored = await page.evaluate((key) => localStorage.getItem(key), CACHE_KEY);
  assert.ok(stored && stored.includes("/releases"), "the release cache was kept");
  assert.ok(!stored.includes(DEMO_TOKEN), "no token in the cache");
  assert.doesNotMatch(stored, /authorization|bearer/i);

  await fake("DELETE", "/_fake/log");
  await page.reload();
  await page.waitForSelector(".gen-preview pre");
  assert.match(await settledNote(page, ".gen-preview"), /read from GitHub just now/);
  const releases = (await fakeLog()).filter((l) => /^\/repos\/[^/]+\/[^/]+\/releases$/.test(l.path) && l.method === "GET");
  assert.equal(releases.length, 7, JSON.stringify(releases));
  assert.ok(releases.every((l) => l.status === 304 && l.has_auth), JSON.stringify(releases));
  await page.context().close();
});
