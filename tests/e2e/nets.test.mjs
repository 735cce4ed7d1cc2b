// The security nets every test runs under (nets.mjs), tested themselves:
// the served index.html sets a Content-Security-Policy with no inline script,
// inline style or eval; an injected inline script or style is refused,
// recorded, and fails the test that let it happen; a token put anywhere but
// the API's Authorization header is found wherever it goes, and a remembered
// token under the app's key is not a finding.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  startStack, openPage, pasteToken, netFindings, resetFake, DEMO_TOKEN, APP, FAKE, TOKEN_KEY,
  APP_PORT, FAKE_PORT, RELAY_PORT,
} from "./harness.mjs";

let stack;
before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });
beforeEach(resetFake);

/** The policy of the first `<meta http-equiv="Content-Security-Policy">`: `{ directive: [sources] }`. */
function policyOf(html) {
  const meta = /<meta\b[^>]*http-equiv="Content-Security-Policy"[^>]*>/i.exec(html);
  assert.ok(meta, "index.html has a Content-Security-Policy meta");
  const content = /\bcontent="([^"]*)"/i.exec(meta[0]);
  assert.ok(content, meta[0]);
  const policy = {};
  for (const part of content[1].split(";").map((p) => p.trim()).filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    policy[name.toLowerCase()] = sources;
  }
  return { policy, text: content[1], at: meta.index };
}

/** Waits until the nets have recorded something, then takes it. */
async function findingsOnceSeen(page, done) {
  let found = { leaks: [], csp: [] };
  const taken = { leaks: [], csp: [], authorizedTo: [] };
  for (let i = 0; i < 100; i += 1) {
    found = await netFindings(page);
    taken.leaks.push(...found.leaks);
    taken.csp.push(...found.csp);
    taken.authorizedTo = found.authorizedTo;
    if (done(taken)) break;
    await page.waitForTimeout(50);
  }
  return taken;
}

test("the served index.html sets a Content-Security-Policy with no inline script, inline style or eval", async () => {
  const html = await (await fetch(APP)).text();
  const { policy, text, at } = policyOf(html);
  for (const [name, sources] of Object.entries(policy)) {
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "blob:"]) {
      if (name === "img-src" && bad === "data:") continue;
      assert.ok(!sources.includes(bad), `${name} allows ${bad}: ${text}`);
    }
  }
  assert.deepEqual(policy["script-src"]?.slice().sort(), ["'self'", "'wasm-unsafe-eval'"], text);
  assert.deepEqual(policy["style-src"], ["'self'"], text);
  assert.deepEqual(policy["object-src"], ["'none'"], text);
  assert.deepEqual(policy["base-uri"], ["'none'"], text);
  assert.ok(policy["default-src"], text);
  assert.ok(policy["connect-src"]?.includes("'self'"), text);
  // The policy governs only what comes after it: it comes before any script or style.
  const firstLoad = html.search(/<(script|link)\b/i);
  assert.ok(firstLoad > at, "the policy is set before the first script or stylesheet");
  // Every script is a file with an integrity hash; none is inline.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  assert.ok(scripts.length > 0);
  for (const [, attrs, body] of scripts) {
    assert.match(attrs, /\bsrc="[^"]+"/, "no inline script");
    assert.match(attrs, /\bintegrity="sha(256|384|512)-/);
    assert.equal(body.trim(), "");
  }
  assert.doesNotMatch(html, /<style\b|\sstyle="|\son[a-z]+="/i, "no inline style or event handler");

  // The browser reads the same policy.
  const page = await openPage(stack.browser, "#/");
  const seen = await page.evaluate(() => document.querySelector("meta[http-equiv='Content-Security-Policy']")?.content);
  assert.equal(seen, text);
  await page.context().close();
});

test("an injected inline script or style is refused by the CSP, recorded, and fails the test", async () => {
  const page = await openPage(stack.browser, "#/");
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.__inlineRan = true;";
    document.head.append(script);
  });
  const both = (f) => f.csp.some((l) => l.startsWith("console:")) && f.csp.some((l) => !l.startsWith("console:"));
  const found = await findingsOnceSeen(page, both);
  assert.equal(await page.evaluate(() => window.__inlineRan), undefined, "the inline script did not run");
  const recorded = await page.evaluate(() => window.__cspViolations);
  assert.equal(recorded.length, 1, JSON.stringify(recorded));
  assert.match(recorded[0].directive, /^script-src/);
  assert.equal(recorded[0].blocked, "inline");
  assert.ok(found.csp.some((l) => /^script-src(-elem)? refused inline/.test(l)), found.csp.join("\n"));
  assert.ok(found.csp.some((l) => /^console: .*(Refused to execute|Executing) inline script/.test(l)), found.csp.join("\n"));
  assert.deepEqual(found.leaks, []);

  // An inline style is refused too.
  await page.evaluate(() => {
    const style = document.createElement("style");
    style.textContent = "body { background: rgb(1, 2, 3) !important; }";
    document.head.append(style);
  });
  const styled = await findingsOnceSeen(page, both);
  assert.ok(styled.csp.some((l) => /^style-src(-elem)? refused inline/.test(l)), styled.csp.join("\n"));
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), "rgb(1, 2, 3)");

  // A violation nobody takes fails the test when its page closes.
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.__inlineRan = true;";
    document.body.append(script);
  });
  await page.waitForFunction(() => window.__cspViolations.length === 3);
  await assert.rejects(page.context().close(), /^Error: Content-Security-Policy violations:\n(.*\n)*? {2}script-src(-elem)? refused inline/);
});

test("the token net finds a token wherever it goes, and sees it sent in the API's Authorization header", async () => {
  const page = await openPage(stack.browser, "#/signin");
  await pasteToken(page, DEMO_TOKEN);
  await page.waitForSelector("text=Signed in as octo-demo");
  const clean = await netFindings(page);
  assert.deepEqual(clean.leaks, [], "signing in leaks nothing");
  assert.deepEqual(clean.authorizedTo, [FAKE], "the token went to the API, in its Authorization header");

  // Now put it everywhere it must never be.
  await page.evaluate(async (t) => {
    console.log(`the token is ${t}`);
    history.replaceState(null, "", `#/leak?state=${t}`);
    location.hash = `#/leak/${t}`;
    sessionStorage.setItem("leak", t);
    localStorage.setItem("leak", t);
    localStorage.setItem("ghcr-setup.token", t);
    document.cookie = `leak=${t}`;
    const p = document.createElement("p");
    p.textContent = t;
    document.body.append(p);
    const a = document.createElement("a");
    document.body.append(a);
    a.setAttribute("href", `https://github.com/o/r/issues/new?body=${t}`);
    const field = document.createElement("input");
    document.body.append(field);
    field.value = t;
    await fetch("/favicon.svg", { headers: { authorization: `Bearer ${t}` } });
    await fetch(`/favicon.svg?t=${t}`);
    await fetch("/favicon.svg", { method: "POST", body: JSON.stringify({ t }) });
    await navigator.clipboard.writeText(`copied: ${t}`);
    await new Promise((ok, fail) => {
      const open = indexedDB.open("leak", 1);
      open.onupgradeneeded = () => open.result.createObjectStore("s");
      open.onerror = () => fail(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction("s", "readwrite");
        tx.objectStore("s").put({ t }, "k");
        tx.oncomplete = () => { open.result.close(); ok(); };
      };
    });
  }, DEMO_TOKEN);
  const places = [
    /^a console message \(log\)/,
    /^the URL given to history\.replaceState/,
    /^the page URL:/,
    /^sessionStorage\["leak"\]/,
    /^localStorage\["leak"\]/,
    /^localStorage\["ghcr-setup\.token"\] without "Remember on this device" ticked/,
    /^the DOM \(<p>\)/,
    /^the DOM \(href= of <a>\)/,
    /^the value of <input>/,
    /^the authorization header of GET http:\/\/127\.0\.0\.1:\d+\/favicon\.svg/,
    /^a request URL \(GET http:\/\/127\.0\.0\.1:\d+\/favicon\.svg\?t=/,
    /^the body of POST/,
    /^the clipboard/,
    /^IndexedDB \(s\)/,
  ];
  const seen = (found, re) => found.leaks.some((l) => re.test(l));
  const found = await findingsOnceSeen(page, (f) => places.every((re) => seen(f, re)));
  for (const re of places) assert.ok(seen(found, re), `${re} not found in:\n${found.leaks.join("\n")}`);
  assert.ok(found.leaks.every((l) => l.endsWith(`${DEMO_TOKEN.slice(0, 9)}… (${DEMO_TOKEN.length} characters)`)), found.leaks.join("\n"));
  assert.deepEqual(found.csp, []);

  // What is still there at the end fails the test when the page closes.
  const closing = await page.context().close().then(() => null, (e) => e.message);
  assert.ok(closing, "closing the page failed the test");
  for (const re of [/sessionStorage\["leak"\]/, /localStorage\["leak"\]/, /the DOM at the end/, /the page URL at the end/, /the cookie leak/, /IndexedDB:/]) {
    assert.match(closing, re);
  }
});

test("any token shape is found, not only the scenario's tokens", async () => {
  const page = await openPage(stack.browser, "#/");
  const stranger = `gho_${"Z".repeat(36)}`;
  await page.evaluate((t) => console.warn(`got ${t}`), stranger);
  const found = await findingsOnceSeen(page, (f) => f.leaks.length > 0);
  assert.deepEqual(found.leaks, [`a console message (warning): gho_ZZZZZ… (40 characters)`]);
  // Prose about token kinds is not a token.
  await page.evaluate(() => console.log("a classic token (ghp_…) or a fine-grained one (github_pat_…)"));
  await page.waitForTimeout(200);
  assert.deepEqual((await netFindings(page)).leaks, []);
  await page.context().close();
});

test("Remember on this device: the token under the app's key is not a finding, and a reload keeps it there only", async () => {
  const page = await openPage(stack.browser, "#/signin");
  await pasteToken(page, DEMO_TOKEN, { remember: true });
  await page.waitForSelector("text=Signed in as octo-demo");
  assert.equal(JSON.parse(await page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY)).token, DEMO_TOKEN);
  await page.reload();
  await page.waitForSelector("text=Signed in as octo-demo");
  const found = await netFindings(page);
  assert.deepEqual(found.leaks, []);
  assert.deepEqual(found.authorizedTo, [FAKE]);
  await page.context().close();
});

test("pages a test leaves open are inspected and closed after it, failing it; a subtest leaves its parent's page open", async () => {
  // A stack of its own on ports beside this one's, run as its own test file.
  const env = { ...process.env, E2E_APP_PORT: String(APP_PORT + 10), E2E_FAKE_PORT: String(FAKE_PORT + 10), E2E_RELAY_PORT: String(RELAY_PORT + 10) };
  delete env.NODE_TEST_CONTEXT;
  const fixture = fileURLToPath(new URL("./fixtures/nets-after-each.mjs", import.meta.url));
  const out = await new Promise((ok, fail) => {
    const child = spawn(process.execPath, ["--test", "--test-reporter=tap", fixture], { env, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (d) => { text += d; });
    child.stderr.on("data", (d) => { text += d; });
    child.on("error", fail);
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on("exit", () => { clearTimeout(timer); ok(text); });
  });
  const result = (n) => new RegExp(`^(not )?ok ${n} - .*$`, "m").exec(out)?.[0] || "";
  assert.match(result(1), /^not ok 1 - leaves its page open after an inline script was refused/, out);
  assert.match(out, /failureType: 'hookFailed'[\s\S]*Content-Security-Policy violations:\n(.*\n)*? +script-src(-elem)? refused inline/, out);
  assert.match(result(2), /^not ok 2 - leaves its page open with the token in sessionStorage/, out);
  assert.match(out, /sessionStorage\["kept"\]: ghp_DEMOd…/, out);
  assert.match(result(3), /^ok 3 - a subtest leaves its parent's page open/, out);
  assert.match(out, /# fail 2\n/, out);
});
