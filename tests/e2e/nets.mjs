// Two security nets every end-to-end test runs under, armed on every
// browser context the stack's browser makes:
//
// - CSP: every `securitypolicyviolation` event (kept in the page's
//   `window.__cspViolations` too) and every console line that reports one
//   ("Refused to …", "Content Security Policy").
// - Token confinement: a token — one of the scenario's, or anything shaped
//   like a GitHub token — may travel only in the `Authorization` header of a
//   request to the API base the app is configured with, and sit only in
//   localStorage under the app's key after "Remember on this device" was
//   ticked. Watched: every request's URL and body, every other header, the
//   page URL and its history (hash changes, pushState/replaceState,
//   window.open), console messages and page errors, the DOM as it changes
//   (text and attributes, so share and issue links too), the values of text
//   fields, the clipboard, localStorage, sessionStorage, IndexedDB and
//   cookies.
//
// A finding fails the test when it closes the context (`page.context()
// .close()`), or, for a context still open, in an afterEach hook registered
// here, which also closes it. Tests that provoke a finding on purpose take
// it with `netFindings(page)`. The nets are on under `node --test` only: the
// benchmark imports the harness too and must not pay for them.

import { afterEach, beforeEach } from "node:test";

/** Where the app keeps a remembered token (src/components/session.rs). */
export const TOKEN_KEY = "ghcr-setup.token";
/** Where the app keeps its connection settings (src/config.rs). */
const SETTINGS_KEY = "ghcr-setup.settings";
/** Anything shaped like a GitHub token, long enough not to match "ghp_…" in prose. */
const SHAPE = "gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,}";
/** Console lines in which Chromium reports a CSP violation. */
const CSP_LINE = /Content Security Policy|Refused to/;

export const NETS_ON = Boolean(process.env.NODE_TEST_CONTEXT);

const tokens = new Set();
let published = [];
let defaultApiOrigin = "";

const shapeRe = new RegExp(SHAPE);

/** The first token found in `text`, or null. */
export function tokenIn(text) {
  if (typeof text !== "string" || text.length < 20) return null;
  for (const t of tokens) if (text.includes(t)) return t;
  const m = shapeRe.exec(text);
  return m ? m[0] : null;
}

const mask = (t) => `${t.slice(0, 9)}… (${t.length} characters)`;
const originOf = (url) => { try { return new URL(url).origin; } catch { return String(url); } };
const short = (url) => (url.length > 120 ? `${url.slice(0, 117)}…` : url);

/** Runs in every document before the app: reports what only the page can see. */
function inPage({ tokens, shape, tokenKey, settingsKey, published }) {
  const re = new RegExp(shape);
  const find = (text) => {
    if (typeof text !== "string" || text.length < 20) return null;
    for (const t of tokens) if (text.includes(t)) return t;
    const m = re.exec(text);
    return m ? m[0] : null;
  };
  const queue = [];
  const send = (kind, detail) => {
    queue.push([kind, detail]);
    const binding = window.__e2eNet;
    if (typeof binding !== "function") return;
    while (queue.length) {
      const [k, d] = queue.shift();
      binding(k, d).catch(() => {});
    }
  };
  const leak = (where, text) => {
    const token = find(text);
    if (token) send("leak", { where, token });
  };
  const name = (el) => (el.id ? `#${el.id}` : `<${el.localName}>`);
  // An element the build publishes a demo token in, holding exactly that.
  const isPublished = (el) => published.some((p) => el.matches(p.selector) && el.textContent === p.text);
  const withoutPublished = (el) => {
    if (isPublished(el)) return "";
    let html = el.outerHTML;
    for (const p of published) {
      for (const c of el.querySelectorAll(p.selector)) if (isPublished(c)) html = html.replace(c.outerHTML, "");
    }
    return html;
  };
  window.__e2eWithoutPublished = withoutPublished;

  // Content-Security-Policy violations.
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    const v = {
      directive: e.effectiveDirective || e.violatedDirective,
      blocked: e.blockedURI,
      sample: e.sample,
      source: e.sourceFile,
      line: e.lineNumber,
    };
    window.__cspViolations.push(v);
    send("csp", v);
  }, true);

  // The URL and its history.
  leak("the page URL", location.href);
  addEventListener("hashchange", () => leak("the page URL", location.href));
  addEventListener("popstate", () => leak("the page URL", location.href));
  for (const method of ["pushState", "replaceState"]) {
    const original = History.prototype[method];
    History.prototype[method] = function (state, unused, url) {
      if (url !== undefined && url !== null) leak(`the URL given to history.${method}`, String(url));
      try { leak(`the state given to history.${method}`, JSON.stringify(state)); } catch { /* not serialisable */ }
      return original.apply(this, arguments);
    };
  }
  const open = window.open;
  window.open = function (url, ...rest) {
    if (url) leak("a URL given to window.open", String(url));
    return open.call(this, url, ...rest);
  };

  // Storage. A remembered token (stored before this document) counts as ticked.
  let remembered = false;
  try { remembered = localStorage.getItem(tokenKey) !== null; } catch { /* no storage */ }
  window.__e2eRemembered = () => remembered;
  document.addEventListener("change", (e) => {
    if (e.target && e.target.id === "remember") remembered = Boolean(e.target.checked);
  }, true);
  const isSession = (s) => { try { return s === sessionStorage; } catch { return false; } };
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    const k = String(key);
    const v = String(value);
    if (isSession(this)) leak(`sessionStorage["${k}"]`, `${k} ${v}`);
    else if (k === tokenKey && !remembered) leak(`localStorage["${k}"] without "Remember on this device" ticked`, v);
    else if (k !== tokenKey) leak(`localStorage["${k}"]`, `${k} ${v}`);
    if (!isSession(this) && k === settingsKey) send("settings", v);
    return setItem.call(this, key, value);
  };
  const removeItem = Storage.prototype.removeItem;
  Storage.prototype.removeItem = function (key) {
    if (!isSession(this) && String(key) === settingsKey) send("settings", null);
    return removeItem.call(this, key);
  };
  try { send("settings", localStorage.getItem(settingsKey)); } catch { /* no storage */ }
  for (const method of ["put", "add"]) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function (value, key) {
      let text;
      try { text = JSON.stringify([value, key]); } catch { text = String(value); }
      leak(`IndexedDB (${this.name})`, text);
      return original.apply(this, arguments);
    };
  }

  // The clipboard.
  if (window.Clipboard) {
    const writeText = Clipboard.prototype.writeText;
    Clipboard.prototype.writeText = function (text) {
      leak("the clipboard", String(text));
      return writeText.call(this, text);
    };
    const write = Clipboard.prototype.write;
    Clipboard.prototype.write = function (items) {
      for (const item of items || []) {
        for (const type of item.types || []) {
          if (type.startsWith("text/")) item.getType(type).then((b) => b.text()).then((t) => leak("the clipboard", t), () => {});
        }
      }
      return write.call(this, items);
    };
  }
  document.addEventListener("copy", () => leak("the clipboard (copy)", String(getSelection())), true);

  // Text fields (a password field is where a person types a token).
  for (const proto of [HTMLInputElement.prototype, HTMLTextAreaElement.prototype]) {
    const d = Object.getOwnPropertyDescriptor(proto, "value");
    Object.defineProperty(proto, "value", {
      ...d,
      set(v) {
        if (this.type !== "password") leak(`the value of ${name(this)}`, String(v));
        d.set.call(this, v);
      },
    });
  }

  // The DOM as it changes.
  const scan = (node) => {
    if (node.nodeType === 1) leak(`the DOM (<${node.localName}>)`, withoutPublished(node));
    else if (node.nodeType === 3 || node.nodeType === 8) {
      if (!(node.parentElement && isPublished(node.parentElement))) leak("the DOM text", node.data);
    }
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "childList") r.addedNodes.forEach(scan);
      else if (r.type === "attributes") leak(`the DOM (${r.attributeName}= of ${name(r.target)})`, r.target.getAttribute(r.attributeName));
      else if (!(r.target.parentElement && isPublished(r.target.parentElement))) leak("the DOM text", r.target.data);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/** What the page holds at the end: storage, DOM, URL, field values. */
async function pageState() {
  const entries = (s) => {
    const o = {};
    for (let i = 0; i < s.length; i += 1) { const k = s.key(i); o[k] = s.getItem(k); }
    return o;
  };
  const request = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
  let idb = "";
  for (const { name } of await indexedDB.databases()) {
    const db = await request(indexedDB.open(name));
    for (const store of db.objectStoreNames) {
      idb += JSON.stringify(await request(db.transaction(store).objectStore(store).getAll()));
    }
    db.close();
  }
  return {
    local: entries(localStorage),
    session: entries(sessionStorage),
    idb,
    html: window.__e2eWithoutPublished ? window.__e2eWithoutPublished(document.documentElement) : document.documentElement.outerHTML,
    url: location.href,
    remembered: typeof window.__e2eRemembered === "function" && window.__e2eRemembered(),
    fields: [...document.querySelectorAll("input, textarea")]
      .filter((e) => e.type !== "password")
      .map((e) => [e.id ? `#${e.id}` : `<${e.localName}>`, e.value]),
  };
}

/** The findings of one browser context. */
class Net {
  constructor(context) {
    this.context = context;
    this.leaks = new Set();
    this.csp = [];
    this.apiOrigins = new Set([defaultApiOrigin]);
    /** API origins the token was sent to in `Authorization`: proof the headers are seen. */
    this.authorizedTo = new Set();
    this.inspected = false;
  }

  leak(where, text) {
    const token = tokenIn(text);
    if (token) this.leaks.add(`${where}: ${mask(token)}`);
  }

  fromPage(kind, detail) {
    if (kind === "leak") this.leaks.add(`${detail.where}: ${mask(detail.token)}`);
    else if (kind === "csp") {
      const what = detail.blocked || "inline";
      const sample = detail.sample ? ` ("${detail.sample}")` : "";
      this.csp.push(`${detail.directive} refused ${what}${sample} in ${detail.source || "the page"}:${detail.line}`);
    } else if (kind === "settings" && detail) {
      try {
        const base = JSON.parse(detail).api_base;
        if (base) this.apiOrigins.add(originOf(base));
      } catch { /* not the app's settings */ }
    }
  }

  onRequest(req) {
    const url = req.url();
    this.leak(`a request URL (${req.method()} ${short(url)})`, url);
    const origin = originOf(url);
    for (const [name, value] of Object.entries(req.headers())) {
      if (name === "authorization" && this.apiOrigins.has(origin)) {
        if (tokenIn(value)) this.authorizedTo.add(origin);
        continue;
      }
      this.leak(`the ${name} header of ${req.method()} ${short(url)}`, value);
    }
    let body = null;
    try { body = req.postData(); } catch { /* binary */ }
    if (body) this.leak(`the body of ${req.method()} ${short(url)}`, body);
  }

  /** Reads what every open page of the app holds now. */
  async inspect(appOrigin) {
    if (this.inspected) return;
    this.inspected = true;
    for (const page of this.context.pages()) {
      if (page.isClosed() || originOf(page.url()) !== appOrigin) continue;
      let state;
      try {
        state = await page.evaluate(pageState);
      } catch (e) {
        this.leaks.add(`the page ${short(page.url())} could not be inspected: ${String(e).split("\n")[0]}`);
        continue;
      }
      this.leak("the page URL at the end", state.url);
      this.leak("the DOM at the end", state.html);
      for (const [k, v] of Object.entries(state.session)) this.leak(`sessionStorage["${k}"]`, `${k} ${v}`);
      for (const [k, v] of Object.entries(state.local)) {
        if (k === TOKEN_KEY && state.remembered) continue;
        this.leak(k === TOKEN_KEY ? `localStorage["${k}"] without "Remember on this device" ticked` : `localStorage["${k}"]`, `${k} ${v}`);
      }
      this.leak("IndexedDB", state.idb);
      for (const [field, value] of state.fields) this.leak(`the value of ${field}`, value);
    }
    for (const c of await this.context.cookies().catch(() => [])) this.leak(`the cookie ${c.name}`, `${c.name}=${c.value}`);
  }

  /** The findings so far, removed from the net. */
  take() {
    const found = {
      leaks: [...this.leaks],
      csp: [...this.csp],
    };
    this.leaks.clear();
    this.csp.length = 0;
    return found;
  }
}

const nets = new Map(); // context → Net, for contexts the current test opened
let appOrigin = "";

function failure(found) {
  const lines = [];
  if (found.csp.length) lines.push("Content-Security-Policy violations:", ...found.csp.map((l) => `  ${l}`));
  if (found.leaks.length) lines.push("a token was found outside the API's Authorization header:", ...found.leaks.map((l) => `  ${l}`));
  return new Error(lines.join("\n"));
}

async function arm(context) {
  const net = new Net(context);
  nets.set(context, net);
  await context.exposeBinding("__e2eNet", (source, kind, detail) => net.fromPage(kind, detail));
  await context.addInitScript(inPage, { tokens: [...tokens], shape: SHAPE, tokenKey: TOKEN_KEY, settingsKey: SETTINGS_KEY, published });
  context.on("request", (req) => net.onRequest(req));
  context.on("console", (m) => {
    const text = m.text();
    if (CSP_LINE.test(text)) net.csp.push(`console: ${text}`);
    net.leak(`a console message (${m.type()})`, text);
  });
  context.on("weberror", (e) => net.leak("a page error", String(e.error())));
  const watch = (page) => page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) net.leak("the page URL", frame.url());
  });
  context.pages().forEach(watch);
  context.on("page", watch);
  const close = context.close.bind(context);
  context.close = async (options) => {
    await net.inspect(appOrigin);
    await close(options);
    nets.delete(context);
    const found = net.take();
    if (found.leaks.length || found.csp.length) throw failure(found);
  };
  return net;
}

/**
 * Arms the nets on every context `browser` makes from now on. `known` are
 * the token values to look for besides the token shape; `apiBase` the API
 * the app talks to unless its settings say otherwise; `publishes`,
 * `[{ selector, text }]`, the elements a demo build shows a demo token in on
 * purpose (an element matching `selector` whose text is exactly `text`).
 */
export function armBrowser(browser, { known, apiBase, app, publishes = [] }) {
  if (!NETS_ON) return;
  for (const t of known) tokens.add(t);
  published = publishes;
  defaultApiOrigin = originOf(apiBase);
  appOrigin = originOf(app);
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await arm(context);
    return context;
  };
}

/**
 * What the nets found so far on `page`'s context, taken out so it does not
 * fail the test: `{ leaks, csp, authorizedTo }`. For tests that provoke a
 * finding on purpose.
 */
export async function netFindings(page) {
  const net = nets.get(page.context());
  if (!net) throw new Error("no net on this page (the nets run under node --test only)");
  return { ...net.take(), authorizedTo: [...net.authorizedTo] };
}

// A subtest runs inside its parent, whose pages stay open: only when the
// outermost running test ends are its contexts inspected and closed.
let running = 0;
if (NETS_ON) {
  beforeEach(() => { running += 1; });
  afterEach(async () => {
    running = Math.max(0, running - 1);
    if (running > 0) return;
    const found = { leaks: [], csp: [] };
    for (const [context, net] of [...nets]) {
      nets.delete(context);
      await net.inspect(appOrigin).catch(() => {});
      const f = net.take();
      found.leaks.push(...f.leaks);
      found.csp.push(...f.csp);
      await context.close().catch(() => {});
    }
    if (found.leaks.length || found.csp.length) throw failure(found);
  });
}
