/**
 * Measurements of the demo in real Chromium (Playwright), through its QA hooks (SPEC §5):
 * session requests per load, requests per login/logout, creates across tabs opened together,
 * and when the session request leaves and the session is ready next to when the page's first
 * script ran and to a bare `fetch` of the same endpoint on the same page.
 *
 * Requests are counted as the page sees them (`page.on('request')`): the mock answers from a
 * service worker, and each request the app sends still shows up once.
 */
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from '../chromium.mjs';

/** Chromium as every browser check of the project launches it (scripts/chromium.mjs). */
export const launchChromium = () => chromium.launch(chromiumLaunchOptions);

const SESSION_PATH = /^\/api\/session\//;
const API_PATH = /^\/api\//;
const CREATE_PATH = '/api/session/create-anonymous';
/** The mark src/demo/main.ts sets as its first statement: when the page's first script ran. */
const ENTRY_MARK = 'session-first:demo-entry';
/** What the session store of 'browser' persistence keeps: localStorage keys and an IndexedDB copy. */
const BROWSER_SESSION_KEYS = ['session_id', 'session_token', 'session_create_key'];
const BROWSER_SESSION_DATABASE = 'session-first';
const credentials = { email: 'ada@acme.test', password: 'demo-pass-1' };

/** What the probe logs when the badge first shows a status: the bench waits for it without touching the page. */
const STATUS_SHOWN = 'session-first-bench: status shown: ';

/**
 * Records when the badge first showed each status, and says so on the console. Waiting for that
 * message runs nothing in the page, where Playwright's own waiting would inject and evaluate its
 * script on the main thread while the session's answer is being handled (15-25 ms of a load here).
 */
const READY_PROBE = (statusShown) => {
  const seen = {};
  window.__sessionStatusAt = seen;
  const check = () => {
    const el = document.querySelector('[data-testid="session-status"]');
    const text = el?.textContent?.trim();
    if (text && !(text in seen)) {
      seen[text] = performance.now();
      console.debug(statusShown + text);
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
};

/** Every request the page sends to /api/, with its status once answered. */
class Traffic {
  calls = [];
  #byRequest = new Map();
  #last = Date.now();
  constructor(page, origin) {
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin !== origin || !API_PATH.test(url.pathname)) return;
      const call = { method: request.method(), path: url.pathname, status: null };
      this.#byRequest.set(request, call);
      this.calls.push(call);
      this.#last = Date.now();
    });
    const settle = (request, status) => {
      const call = this.#byRequest.get(request);
      if (!call) return;
      call.status = status;
      this.#last = Date.now();
    };
    page.on('response', (response) => settle(response.request(), response.status()));
    page.on('requestfailed', (request) => settle(request, 0));
  }
  mark() {
    return this.calls.length;
  }
  since(mark) {
    return this.calls.slice(mark);
  }
  /** Resolves once nothing is in flight and nothing happened for `quietMs`. */
  async quiet(quietMs = 500, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.calls.every((c) => c.status !== null) && Date.now() - this.#last >= quietMs) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the page kept sending requests');
  }
}

const describeCalls = (calls) => calls.map((c) => `${c.method} ${c.path.replace(/ses_[0-9a-f]+/gi, ':id')} ${c.status}`);

async function statusIs(page, status, timeout = 15_000) {
  await page.getByTestId('session-status').filter({ hasText: new RegExp(`^${status}$`) }).waitFor({ timeout });
}

/**
 * Puts the mock backend in its default scenario with the given latency, through its admin API,
 * from the page: a mock in the page answers only there. `apiUrl` is the experience API's origin,
 * '' when it is the page's own. The mock keeps both across reloads.
 */
async function configureMock(page, apiUrl, latencyMs) {
  const statuses = await page.evaluate(
    async ({ apiUrl, latencyMs }) => {
      const put = (path, body) => fetch(`${apiUrl}/__mock/${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const scenario = await put('scenario', { name: 'default' });
      const latency = await put('latency', { ms: latencyMs });
      return [scenario.status, latency.status];
    },
    { apiUrl, latencyMs },
  );
  if (statuses.some((status) => status !== 204)) throw new Error(`the mock's admin API answered ${statuses.join(' and ')} (expected 204)`);
}

async function signIn(page) {
  await page.getByLabel('Email', { exact: true }).fill(credentials.email);
  await page.getByLabel('Password', { exact: true }).fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/**
 * Requests per first load (fresh browser context: no stored session, fresh mock), per reload
 * (stored session), per login and per logout.
 */
export async function countRequests(browser, baseUrl) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const traffic = new Traffic(page, new URL(baseUrl).origin);
  try {
    let mark = traffic.mark();
    await page.goto(`${baseUrl}/`);
    await statusIs(page, 'anonymous');
    await traffic.quiet();
    const firstLoad = traffic.since(mark);

    // The rest runs without mock latency; it does not change what is sent.
    await configureMock(page, '', 0);
    mark = traffic.mark();
    await page.reload();
    await statusIs(page, 'anonymous');
    await traffic.quiet();
    const reload = traffic.since(mark);

    await page.goto(`${baseUrl}/login`);
    await statusIs(page, 'anonymous');
    await traffic.quiet();
    mark = traffic.mark();
    await signIn(page);
    await statusIs(page, 'authenticated');
    await traffic.quiet();
    const login = traffic.since(mark);

    mark = traffic.mark();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await statusIs(page, 'anonymous');
    await traffic.quiet();
    const logout = traffic.since(mark);

    const sessionCalls = (calls) => calls.filter((c) => SESSION_PATH.test(c.path));
    return {
      firstLoad: { sessionRequests: sessionCalls(firstLoad).length, requests: describeCalls(firstLoad) },
      reload: { sessionRequests: sessionCalls(reload).length, requests: describeCalls(reload) },
      login: { requests: login.length, list: describeCalls(login) },
      logout: { requests: logout.length, list: describeCalls(logout) },
    };
  } finally {
    await context.close();
  }
}

/**
 * Forgets the session that tabs of this browser context share under 'browser' persistence, the
 * mock's own state left as it is. It moves `page` to a static file of the demo's origin first:
 * a tab still running the app would hold its session and save it again.
 */
async function forgetBrowserSession(page, baseUrl) {
  await page.goto(`${baseUrl}/mockServiceWorker.js`);
  const outcome = await page.evaluate(
    ({ keys, database }) => {
      for (const key of keys) localStorage.removeItem(key);
      return new Promise((resolve) => {
        const deletion = indexedDB.deleteDatabase(database);
        deletion.onsuccess = () => resolve('deleted');
        deletion.onerror = () => resolve(`failed: ${deletion.error?.message}`);
        deletion.onblocked = () => resolve('blocked by an open connection');
      });
    },
    { keys: BROWSER_SESSION_KEYS, database: BROWSER_SESSION_DATABASE },
  );
  if (outcome !== 'deleted') throw new Error(`could not delete IndexedDB "${BROWSER_SESSION_DATABASE}": ${outcome}`);
}

/**
 * SPEC §6: under `persistence: 'browser'`, tabs opened together send one create between them.
 * In one fresh browser context, `tabs` pages open `/?persistence=browser` at once (their
 * navigations started together); once each shows `anonymous` and all are quiet, counts
 * `POST /api/session/create-anonymous` over every tab and reads the session id each one shows.
 *
 * `installedFirst`: a first tab loads the demo (installing the mock's service worker) and the
 * session it made is forgotten before the tabs open, so they find the demo installed and no
 * session. Without it the tabs are the browser's first visit and each starts the worker itself.
 */
export async function countCreatesAcrossTabs(browser, baseUrl, { tabs = 3, installedFirst = true } = {}) {
  const context = await browser.newContext();
  const origin = new URL(baseUrl).origin;
  const url = `${baseUrl}/?persistence=browser`;
  try {
    if (installedFirst) {
      const first = await context.newPage();
      await first.goto(url);
      await statusIs(first, 'anonymous');
      await forgetBrowserSession(first, baseUrl);
      await first.close();
    }
    const pages = await Promise.all(Array.from({ length: tabs }, () => context.newPage()));
    const traffic = pages.map((page) => new Traffic(page, origin));
    await Promise.all(pages.map((page) => page.goto(url)));
    await Promise.all(pages.map((page) => statusIs(page, 'anonymous')));
    await Promise.all(traffic.map((tab) => tab.quiet()));
    const sessionIds = await Promise.all(pages.map((page) => page.getByTestId('session-id').textContent()));
    const creates = traffic.flatMap((tab) => tab.calls).filter((call) => call.method === 'POST' && call.path === CREATE_PATH);
    return {
      tabs,
      installedFirst,
      creates: creates.length,
      sessionIds,
      oneSession: new Set(sessionIds).size === 1,
      requestsPerTab: traffic.map((tab) => describeCalls(tab.calls)),
    };
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;
const hundredths = (x) => Math.round(x * 100) / 100;

/**
 * Runs in the page once the badge shows `anonymous`: when the first script ran, when the app's
 * session request left and was answered, when the badge showed the session (ms from navigation
 * start), then times a bare `fetch` of the same endpoint and reads the mock's latency.
 */
const SAMPLE_PROBE = async ({ apiUrl, entryMark, createPath }) => {
  const firstScript = performance.getEntriesByName(entryMark, 'mark')[0]?.startTime ?? null;
  const request = performance.getEntriesByType('resource').find((entry) => new URL(entry.name).pathname === createPath);
  const ready = window.__sessionStatusAt.anonymous;
  const started = performance.now();
  const response = await fetch(`${apiUrl}${createPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  await response.text();
  const bareFetch = performance.now() - started;
  const mock = await (await fetch(`${apiUrl}/__mock/state`, { cache: 'no-store' })).json();
  return {
    firstScript,
    requestStart: request?.startTime ?? null,
    responseEnd: request?.responseEnd ?? null,
    ready,
    bareFetch,
    bareFetchStatus: response.status,
    latencyInEffect: mock.latency_ms,
    scenarioInEffect: mock.scenario,
  };
};

/**
 * The time to a session, over `runs` loads of `/` with no stored session (each creates a new
 * anonymous session) at the given mock latency, medians: when the page's first script ran (the
 * demo entry's performance mark), when the session request left and was answered (its Resource
 * Timing entry), when the badge showed `anonymous`; after each load the same page times a bare
 * `fetch` of the same endpoint through the same backend: the floor.
 *
 * `apiUrl`: the experience API's origin for a demo built for a real backend ('' when the mock
 * runs in the page).
 */
export async function timeToSession(browser, baseUrl, { latencyMs, runs, apiUrl = '' }) {
  const context = await browser.newContext();
  await context.addInitScript(READY_PROBE, STATUS_SHOWN);
  const page = await context.newPage();
  try {
    // Install the service worker (or warm the CORS preflight cache) and choose the latency,
    // then measure warm loads only.
    await page.goto(`${baseUrl}/`);
    await statusIs(page, 'anonymous');
    await configureMock(page, apiUrl, latencyMs);
    const samples = [];
    for (let i = 0; i < runs + 1; i++) {
      await page.evaluate(() => sessionStorage.clear());
      const shown = page.waitForEvent('console', { predicate: (message) => message.text() === `${STATUS_SHOWN}anonymous`, timeout: 15_000 });
      await page.reload();
      await shown;
      const sample = await page.evaluate(SAMPLE_PROBE, { apiUrl, entryMark: ENTRY_MARK, createPath: CREATE_PATH });
      if (sample.bareFetchStatus !== 201) throw new Error(`the bare fetch was answered ${sample.bareFetchStatus}`);
      if (sample.latencyInEffect !== latencyMs || sample.scenarioInEffect !== 'default') {
        throw new Error(`the mock ran at ${sample.latencyInEffect} ms in scenario ${sample.scenarioInEffect}, not ${latencyMs} ms in default`);
      }
      if (sample.firstScript === null) throw new Error(`the page set no "${ENTRY_MARK}" mark (src/demo/main.ts sets it)`);
      if (sample.requestStart === null) throw new Error('the page has no Resource Timing entry of its session request');
      if (i > 0) samples.push(sample); // the first one warms caches up
    }
    // Spans and ratios are taken within each load, then their median: a difference of two
    // medians mixes two different loads and can be far from any load's own figure.
    const medianWithinLoad = (of) => median(samples.map(of));
    const medianOf = (key) => round(medianWithinLoad((sample) => sample[key]));
    const firstScriptMs = medianOf('firstScript');
    const requestStartMs = medianOf('requestStart');
    const responseEndMs = medianOf('responseEnd');
    const readyMs = medianOf('ready');
    const bareFetchMs = medianOf('bareFetch');
    return {
      latencyMs,
      runs: samples.length,
      firstScriptMs,
      requestStartMs,
      responseEndMs,
      readyMs,
      bareFetchMs,
      // From navigation start, as before; and from the first script, as SPEC §6 compares.
      ratio: hundredths(medianWithinLoad((s) => s.ready / s.bareFetch)),
      fromFirstScriptMs: round(medianWithinLoad((s) => s.ready - s.firstScript)),
      ratioFromFirstScript: hundredths(medianWithinLoad((s) => (s.ready - s.firstScript) / s.bareFetch)),
      requestDelayMs: round(medianWithinLoad((s) => s.requestStart - s.firstScript)),
      inFlightMs: round(medianWithinLoad((s) => s.responseEnd - s.requestStart)),
      afterResponseMs: round(medianWithinLoad((s) => s.ready - s.responseEnd)),
      samplesMs: samples.map(({ firstScript, requestStart, responseEnd, ready, bareFetch }) => ({
        firstScript: round(firstScript),
        requestStart: round(requestStart),
        responseEnd: round(responseEnd),
        ready: round(ready),
        bareFetch: round(bareFetch),
      })),
    };
  } finally {
    await context.close();
  }
}
