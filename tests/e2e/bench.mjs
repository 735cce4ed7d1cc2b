// `cargo xtask bench`: measures what a person waits for, against the fake
// GitHub with a fixed injected latency per request. Prints figures; asserts
// nothing about time (timing belongs in numbers, not in pass/fail).

import { startStack, openPage, fake, pasteToken, DEMO_TOKEN } from "./harness.mjs";

const LATENCY = Number(process.env.BENCH_LATENCY_MS || 200);
const RUNS = Number(process.env.BENCH_RUNS || 3);

const stack = await startStack({ latencyMs: LATENCY });
const rows = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    await fake("POST", "/_fake/reset");
    await fake("DELETE", "/_fake/log");
    const t0 = Date.now();
    const page = await openPage(stack.browser, "#/check/demo-org/ready-app");
    const loaded = Date.now() - t0;
    await fake("DELETE", "/_fake/log");
    const t1 = Date.now();
    await pasteToken(page, DEMO_TOKEN);
    await page.waitForSelector("dl.facts", { timeout: 60000 });
    const checked = Date.now() - t1;
    const log = await fake("GET", "/_fake/log");
    rows.push({ run, loaded, checked, requests: log.length });
    await page.context().close();
  }
} finally {
  await stack.stop();
}

console.log(`injected latency: ${LATENCY} ms per request; ${RUNS} runs`);
console.log("run  page load (ms)  sign-in + check (ms)  API requests  wall time / latency");
for (const r of rows) {
  console.log(`${String(r.run).padEnd(4)} ${String(r.loaded).padStart(14)} ${String(r.checked).padStart(21)} ${String(r.requests).padStart(13)} ${(r.checked / LATENCY).toFixed(2).padStart(20)}x`);
}
const best = rows.reduce((a, b) => (a.checked <= b.checked ? a : b));
console.log(`best: ${best.requests} requests, ${best.checked} ms = ${(best.checked / LATENCY).toFixed(2)}x the injected latency (the floor is ${best.requests}x when every request waits in turn)`);
