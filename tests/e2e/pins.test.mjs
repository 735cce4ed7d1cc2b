// Action versions as a person meets them: the generator pins the newest
// release GitHub lists within each major and says it read them just now;
// with GitHub out of reach it falls back to the built-in table and says so
// with the table's date; the analyzer says the same about what it compares
// against; a known action a pasted workflow uses is read live on demand,
// once, while a workflow of the generator's actions costs no request; and a
// return visit, signed in, costs `304`s for the release listings and reads
// each newer commit again (a commit is never taken from storage).

import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  startStack, openPage, screenshots, fake, resetFake, fakeLog, pasteToken, settledNote,
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


/** The commit a tag of one of the fake's action repositories points to (following annotated tags). */
async function commitOf(tag, repo = "docker/login-action") {
  const get = async (path) => (await fetch(FAKE + path)).json();
  let object = (await get(`/repos/${repo}/git/ref/tags/${tag}`)).object;
  for (let i = 0; object.type === "tag" && i < 3; i++) {
    object = (await get(`/repos/${repo}/git/tags/${object.sha}`)).object;
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

test("a return visit reads a newer release's commit again: storage never decides the commit pinned", async () => {
  const newer = "v4.2.0";
  await fake("POST", "/_fake/faults", {
    method: "GET", path_prefix: "/repos/docker/login-action/releases", status: 200,
    body: [release(newer), release(builtinLogin.tag)],
  });
  const sha = await commitOf(newer);
  const page = await openPage(stack.browser, "#/generate?repo=octo-demo%2Fhello-ghcr");
  await settledNote(page, ".gen-preview");
  assert.ok((await page.textContent(".gen-preview pre")).includes(`docker/login-action@${sha} # ${newer}`));
  const stored = await page.evaluate((key) => localStorage.getItem(key), CACHE_KEY);
  assert.ok(stored && !stored.includes(sha), "the commit is not kept");
  // Another page of the origin writes its own commit wherever it can.
  const planted = "6".repeat(40);
  await page.evaluate(({ key, sha, planted }) => {
    localStorage.setItem(key, localStorage.getItem(key).replaceAll(sha, planted));
  }, { key: CACHE_KEY, sha, planted });
  await fake("DELETE", "/_fake/log");
  await page.reload();
  await settledNote(page, ".gen-preview");
  const yaml = await page.textContent(".gen-preview pre");
  assert.ok(yaml.includes(`docker/login-action@${sha} # ${newer}`), yaml);
  assert.ok(!yaml.includes(planted));
  const asked = (await fakeLog()).filter((l) => l.path === `/repos/docker/login-action/git/ref/tags/${newer}`);
  assert.equal(asked.length, 1, "the tag was read again");
  assert.equal(asked[0].status, 200, "unconditionally");
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

/** The API requests the fake saw (its control endpoints left out), as `METHOD path`. */
async function apiRequests() {
  return (await fakeLog()).filter((l) => !l.path.startsWith("/_fake")).map((l) => `${l.method} ${l.path}`);
}

/** Waits until the analyzer's versions box says `pattern`, and returns its text. */
async function pinsBoxSays(page, pattern) {
  await page.waitForFunction((source) => {
    const box = document.querySelector("#analyze-pins");
    return box && new RegExp(source).test(box.textContent.replace(/\s+/g, " "));
  }, pattern.source, { timeout: 30000 });
  return (await page.textContent("#analyze-pins")).replace(/\s+/g, " ");
}

/** Puts `yaml` in the analyzer's text box as a paste would. */
async function paste(page, yaml) {
  await page.fill("#analyze-input", yaml);
  await page.waitForSelector("#analyze-result .finding, #analyze-result .flash-success");
}

const USES_CACHE_AND_PAGES = `name: Site and image
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@v4
      - uses: actions/cache@v4
        with:
          path: ~/.cache
          key: deps
  pages:
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    steps:
      - uses: actions/deploy-pages@v4
`;

test("while the first releases are on their way the note says so, never the built-in sentence", async () => {
  // Every release list answers after 2 s: the page has to say it is reading.
  await fake("POST", "/_fake/faults", { method: "GET", path_prefix: "/repos/", latency_ms: 2000 });
  const page = await openPage(stack.browser, "#/analyze");
  const note = page.locator("#analyze-pins .pins-note p").first();
  await note.waitFor();
  assert.match((await note.textContent()).trim(), /^Reading the newest action releases from GitHub/);
  assert.match(await settledNote(page, "#analyze-pins"), /All 7 action versions were read from GitHub/);
  await page.context().close();
});

test("a known action the pasted workflow uses is read live on demand, once", async () => {
  // The demo lists deploy-pages v5.0.1, newer than the built-in v5.0.0, and
  // a v6 of configure-pages that is never taken; cache's newest is the built-in one.
  const table = await readFile(new URL("../../crates/core/src/actions/table.rs", import.meta.url), "utf8");
  const builtinPages = table.match(/Action::DeployPages => \("(v[\d.]+)", "([0-9a-f]{40})"\)/)[1];
  const newer = "v5.0.1";
  assert.notEqual(newer, builtinPages, "the test needs a release newer than the built-in one");
  const sha = await commitOf(newer, "actions/deploy-pages");

  const page = await openPage(stack.browser, "#/analyze");
  assert.match(await settledNote(page, "#analyze-pins"), /All 7 action versions were read from GitHub/);
  await fake("DELETE", "/_fake/log"); // only what the pasted workflow costs from here on

  await paste(page, USES_CACHE_AND_PAGES);
  const box = await pinsBoxSays(page, /were read from GitHub too/);
  assert.match(box, /All 9 action versions were read from GitHub \(without signing in\) just now\./);
  assert.match(box, /actions\/deploy-pages and actions\/cache were read from GitHub too, because a workflow pasted here uses them\./);
  assert.match(box, new RegExp(`4 more actions the analyzer knows \\([^)]*\\) are compared with their built-in versions, checked on ${lastChecked}\\.`));
  assert.doesNotMatch(box.match(/4 more actions[^)]*\)/)[0], /actions\/cache|deploy-pages/);

  // The finding and its fix use the live release, not the built-in one.
  const findings = (await page.textContent("#analyze-result")).replace(/\s+/g, " ");
  assert.match(findings, /actions\/deploy-pages is on major version 4; the newest is v5\.0\.1 \(read from GitHub on \d{4}-\d\d-\d\d\)/);
  assert.ok(findings.includes(`actions/deploy-pages@${sha} # ${newer}`), findings);
  assert.match(findings, /actions\/cache is on major version 4; the newest is v5\.0\.5 \(read from GitHub on/);

  // What it cost: one release list per added action, and the new tag of
  // deploy-pages (annotated: its reference, then its tag object).
  const cost = await apiRequests();
  assert.deepEqual(cost.filter((r) => r.endsWith("/releases")).sort(), [
    "GET /repos/actions/cache/releases", "GET /repos/actions/deploy-pages/releases",
  ]);
  assert.equal(cost.length, 4, JSON.stringify(cost));
  assert.ok(cost.includes(`GET /repos/actions/deploy-pages/git/ref/tags/${newer}`), JSON.stringify(cost));
  await screenshots(page, "pins-analyze-on-demand");

  // The same actions again cost nothing more.
  await fake("DELETE", "/_fake/log");
  await paste(page, USES_CACHE_AND_PAGES.replace("Site and image", "Site"));
  await page.waitForTimeout(1000);
  assert.deepEqual(await apiRequests(), []);
  await page.context().close();
});

test("a workflow of the generator's actions only costs no request", async () => {
  const page = await openPage(stack.browser, "#/analyze");
  assert.match(await settledNote(page, "#analyze-pins"), /All 7 action versions were read from GitHub/);
  await fake("DELETE", "/_fake/log");
  await page.click("button:has-text('Load an outdated example')");
  await page.waitForSelector(".finding");
  await page.waitForTimeout(1000);
  assert.deepEqual(await apiRequests(), [], "nothing asked for the example");
  assert.match(await settledNote(page, "#analyze-pins"), /All 7 action versions were read/);

  // The same wait is long enough to see a request when one is due.
  await paste(page, "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/cache@v5\n");
  const box = await pinsBoxSays(page, /actions\/cache was read from GitHub too/);
  assert.match(box, /All 8 action versions were read from GitHub/);
  // Cache's newest release is the built-in one, so its known commit is used: no tag lookup.
  assert.deepEqual(await apiRequests(), ["GET /repos/actions/cache/releases"]);
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
  assert.doesNotMatch(stored, /\/git\/(ref|tags)\//, "no tag answer (and so no commit) is kept");

  await fake("DELETE", "/_fake/log");
  await page.reload();
  await page.waitForSelector(".gen-preview pre");
  assert.match(await settledNote(page, ".gen-preview"), /read from GitHub just now/);
  const releases = (await fakeLog()).filter((l) => /^\/repos\/[^/]+\/[^/]+\/releases$/.test(l.path) && l.method === "GET");
  assert.equal(releases.length, 7, JSON.stringify(releases));
  assert.ok(releases.every((l) => l.status === 304 && l.has_auth), JSON.stringify(releases));
  await page.context().close();
});
