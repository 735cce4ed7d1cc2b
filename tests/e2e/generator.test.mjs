// The generator as a person uses it: fill the form, read the preview, copy,
// download, propose, reload from the URL; and the analyzer on a pasted file.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack, openPage, screenshots, settledNote } from "./harness.mjs";

let stack;
before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });

test("fill the form, copy, download, propose, reload", async () => {
  const page = await openPage(stack.browser, "#/generate");
  await page.fill("#opt-repo", "Kulzer-Dental/kdc-experimental-image");
  await page.fill("#opt-runner", "self-hosted,linux");
  await page.fill("#opt-fallback", "LOCAL_RUNNER_FALLBACK_TOKEN");
  await page.check("#opt-attest");
  // The action versions are read live: compare workflows once they are settled.
  await settledNote(page, ".gen-preview");
  const yaml = await page.textContent(".gen-preview pre");
  assert.match(yaml, /images: 'ghcr\.io\/kulzer-dental\/kdc-experimental-image'/);
  assert.match(yaml, /secrets\.LOCAL_RUNNER_FALLBACK_TOKEN \|\| secrets\.GITHUB_TOKEN/);
  assert.match(yaml, /attestations: write/);

  // Copy: the clipboard holds exactly the workflow, and the page says so.
  await page.click("button[aria-label='Copy the workflow']");
  await page.waitForFunction(() => document.body.textContent.includes("Copied to the clipboard."));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied.trim(), yaml.trim());

  // Download: a file named docker-image.yml with the same text.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("button:has-text('Download')")]);
  assert.equal(download.suggestedFilename(), "docker-image.yml");

  // Propose: GitHub's new-file page on the default branch with the YAML.
  const href = await page.getAttribute("a:has-text('Propose on GitHub')", "href");
  const url = new URL(href);
  assert.equal(url.origin + url.pathname, "https://github.com/Kulzer-Dental/kdc-experimental-image/new/main");
  assert.equal(url.searchParams.get("filename"), ".github/workflows/docker-image.yml");
  assert.equal(url.searchParams.get("value").trim(), yaml.trim());

  // The URL carries the options: a reload (or a shared link) gives the same workflow.
  const link = page.url();
  assert.match(link, /attest=true/);
  await screenshots(page, "generate-copied");
  const again = await openPage(stack.browser, link.slice(link.indexOf("#")));
  await settledNote(again, ".gen-preview");
  assert.equal((await again.textContent(".gen-preview pre")).trim(), yaml.trim());
  assert.equal(await again.inputValue("#opt-fallback"), "LOCAL_RUNNER_FALLBACK_TOKEN");
  await again.context().close();
  await page.context().close();
});

test("invalid input is explained and never lost", async () => {
  const page = await openPage(stack.browser, "#/generate?repo=o%2Fr");
  await page.fill("#opt-platforms", "linux/amd64,windows/arm64!");
  await page.fill("#opt-fallback", "GITHUB_TOKEN_X");
  await page.waitForSelector("#opt-platforms-error");
  assert.equal(await page.inputValue("#opt-platforms"), "linux/amd64,windows/arm64!");
  assert.equal(await page.getAttribute("#opt-fallback", "aria-invalid"), "true");
  assert.match(await page.textContent("#opt-fallback-error"), /GITHUB_/);
  const blocked = await page.textContent(".gen-preview");
  assert.match(blocked, /these fields are fixed/);
  await screenshots(page, "generate-invalid");
  await page.context().close();
});

test("the analyzer reports findings with line numbers", async () => {
  const page = await openPage(stack.browser, "#/analyze");
  await page.click("button:has-text('Load an outdated example')");
  await page.waitForSelector(".finding");
  const text = await page.textContent("#analyze-result");
  assert.match(text, /Line 12/);
  assert.match(text, /login-action/);
  await screenshots(page, "analyze-findings");
  await page.fill("#analyze-input", "{ this is: [not yaml");
  await page.waitForSelector(".flash-error");
  assert.match(await page.textContent(".flash-error"), /not a workflow the analyzer can read/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
