// Ways back and first steps: a row the person settles on GitHub's own pages
// (an organization's single sign-on) offers "Done — re-check", which reads
// GitHub again; a row with a fix this caller can run does not. The shared
// view's "For maintainers" panel starts with a copyable `docker pull` of the
// lower-case image once the package exists; the generator's push commands
// do not pull.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  startStack, openPage, openChecklist, waitForChecklist, row, openRow, screenshots, fake, fakeLog, resetFake,
  assertNoLeak, DEMO_TOKEN, TOKEN_SHAPE,
} from "./harness.mjs";

let stack;
before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });
beforeEach(resetFake);

const DONE = "button:has-text('Done — re-check')";

test("an SSO organization's org-access row offers Done — re-check, which reads GitHub again", async () => {
  const page = await openChecklist(stack.browser, "sso-org/app", DEMO_TOKEN);
  const before = await row(page, "org-access");
  assert.equal(before.status, "fail", before.verdict);
  const li = await openRow(page, "org-access");
  const done = li.locator(`.fix-panel ${DONE}`);
  assert.equal(await done.count(), 1, "the row settled on GitHub's pages has a way back");
  assert.ok(await done.isVisible());
  await screenshots(page, "followups-sso-done-recheck");

  await fake("DELETE", "/_fake/log");
  await done.click();
  await waitForChecklist(page);
  assert.ok((await fakeLog()).length > 0, "the re-check asked GitHub again");
  const after = await row(page, "org-access");
  assert.equal(after.status, "fail", "nothing changed on GitHub, so the row fails again");
  assert.equal(await li.locator(`.fix-panel ${DONE}`).count(), 1, "and still offers the way back");
  await assertNoLeak(page, DEMO_TOKEN);
  await page.context().close();
});

test("a row with a fix the caller can run has no Done — re-check", async () => {
  const page = await openChecklist(stack.browser, "demo-org/fresh-app", DEMO_TOKEN);
  assert.equal((await row(page, "workflow-permissions")).status, "warn");
  const li = await openRow(page, "workflow-permissions");
  assert.equal(await li.locator(".fix-panel button:has-text('Set the default to read')").count(), 1);
  assert.equal(await li.locator(`.fix-panel ${DONE}`).count(), 0, "the fix is the way forward");
  // The unpublished package is settled by the first push: a way back.
  assert.equal((await row(page, "package")).status, "manual");
  const pkg = await openRow(page, "package");
  assert.equal(await pkg.locator(`.fix-panel ${DONE}`).count(), 1);
  await assertNoLeak(page, DEMO_TOKEN);
  await page.context().close();
});

/** Shares the finished checklist of `repo` and opens the link in a fresh context. */
async function openShared(repo) {
  const page = await openChecklist(stack.browser, repo, DEMO_TOKEN);
  await page.click(".summary-bar button:has-text('Share')");
  await page.waitForFunction(() => document.querySelector("#share-link")?.value.includes("#/share?d="));
  const link = await page.inputValue("#share-link");
  assert.doesNotMatch(link, TOKEN_SHAPE);
  await page.context().close();
  const shared = await openPage(stack.browser, link.slice(link.indexOf("#")));
  await shared.waitForSelector(".maintainer-panel .cmd-list li");
  return shared;
}

const panelCommands = (page) => page.$$eval(".maintainer-panel .cmd-list code", (cs) => cs.map((c) => c.textContent));

test("the shared view's maintainer panel pulls the published image first, copyable", async () => {
  const shared = await openShared("demo-org/ready-app");
  const commands = await panelCommands(shared);
  assert.equal(commands[0], "docker pull ghcr.io/demo-org/ready-app:latest", commands.join("\n"));
  assert.match(commands[1], /^echo \$CR_PAT \| docker login ghcr\.io /);
  assert.ok(commands.some((c) => c === "docker push ghcr.io/demo-org/ready-app:latest"), commands.join("\n"));
  assert.equal(
    await shared.locator(".maintainer-panel .cmd-list li").count(),
    await shared.locator(".maintainer-panel .cmd-list li button").count(),
    "every command has its copy button",
  );
  await shared.locator(".maintainer-panel .cmd-list li").first().locator("button").click();
  assert.equal(await shared.evaluate(() => navigator.clipboard.readText()), "docker pull ghcr.io/demo-org/ready-app:latest");
  await screenshots(shared, "followups-maintainer-pull");
  await assertNoLeak(shared, TOKEN_SHAPE);
  await shared.context().close();

  // Not published yet: nothing to pull, the panel starts with signing in.
  const unpublished = await openShared("demo-org/runner-app");
  const first = (await panelCommands(unpublished))[0];
  assert.match(first, /^echo \$CR_PAT \| docker login ghcr\.io /, first);
  await unpublished.context().close();

  // The generator's commands are for pushing a new image: no pull.
  const gen = await openPage(stack.browser, "#/generate?repo=demo-org%2Fready-app");
  await gen.waitForSelector(".cmd-list code");
  const pushed = await gen.$$eval(".cmd-list code", (cs) => cs.map((c) => c.textContent));
  assert.ok(pushed.length > 0 && !pushed.some((c) => c.startsWith("docker pull")), pushed.join("\n"));
  await gen.context().close();
});
