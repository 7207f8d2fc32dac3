/**
 * Measurements of the demo in real Chromium (Playwright), through its QA hooks (SPEC §5):
 * session requests per load, requests per login/logout, and the time from navigation start to
 * the session being ready next to a bare `fetch` of the same endpoint on the same page.
 *
 * Requests are counted as the page sees them (`page.on('request')`): the mock answers from a
 * service worker, and each request the app sends still shows up once.
 */
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from '../chromium.mjs';


export const launchChromium = () =>
  chromium.launch(chromiumLaunchOptions);

const SESSION_PATH = /^\/api\/session\//;
const API_PATH = /^\/api\//;
const credentials = { email: 'ada@acme.test', password: 'demo-pass-1' };

// Runs in the page before any of its scripts: records when the badge first shows each status.
const READY_PROBE = () => {
  const seen = {};
  window.__sessionStatusAt = seen;
  const check = () => {
    const el = document.querySelector('[data-testid="session-status"]');
    const text = el?.textContent?.trim();
    if (text && !(text in seen)) seen[text] = performance.now();
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
      if (call) (call.status = status), (this.#last = Date.now());
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

async function openDevPanel(page) {
  const toggle = page.getByRole('button', { name: 'Dev panel' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const panel = page.getByRole('complementary', { name: 'Developer panel' });
  await panel.waitFor();
  return panel;
}

/** Sets the mock latency through the developer panel (it persists in localStorage across reloads). */
async function setLatency(page, ms) {
  const panel = await openDevPanel(page);
  await panel.getByLabel('Latency (ms)').fill(String(ms));
  await panel.getByLabel('Backend scenario').selectOption('default');
  const close = panel.getByRole('button', { name: /Close/ });
  if (await close.isVisible()) await close.click();
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
    await setLatency(page, 0);
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

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;

/**
 * Time from navigation start to the badge showing `anonymous`, over `runs` loads of `/` with no
 * stored session (each creates a new anonymous session), with the given mock latency. After each
 * load the same page times a bare `fetch` of the same endpoint through the same mock: the floor.
 */
export async function timeToSession(browser, baseUrl, { latencyMs, runs }) {
  const context = await browser.newContext();
  await context.addInitScript(READY_PROBE);
  const page = await context.newPage();
  try {
    // Install the service worker and choose the latency, then measure warm loads only.
    await page.goto(`${baseUrl}/`);
    await statusIs(page, 'anonymous');
    await setLatency(page, latencyMs);
    const samples = [];
    for (let i = 0; i < runs + 1; i++) {
      await page.evaluate(() => sessionStorage.clear());
      await page.reload();
      await statusIs(page, 'anonymous');
      const sample = await page.evaluate(async () => {
        const ready = window.__sessionStatusAt.anonymous;
        const entry = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/session/create-anonymous'));
        const t0 = performance.now();
        const res = await fetch('/api/session/create-anonymous', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        await res.text();
        const bareFetch = performance.now() - t0;
        return { ready, requestStart: entry?.startTime ?? null, responseEnd: entry?.responseEnd ?? null, bareFetch, status: res.status };
      });
      if (sample.status !== 201) throw new Error(`bare fetch answered ${sample.status}`);
      if (i > 0) samples.push(sample); // the first one warms caches up
    }
    const pick = (k) => samples.map((s) => s[k]).filter((v) => typeof v === 'number');
    const ready = median(pick('ready'));
    const bareFetch = median(pick('bareFetch'));
    const requestStart = pick('requestStart').length ? median(pick('requestStart')) : null;
    const responseEnd = pick('responseEnd').length ? median(pick('responseEnd')) : null;
    return {
      latencyMs,
      runs: samples.length,
      readyMs: round(ready),
      bareFetchMs: round(bareFetch),
      ratio: round(ready / bareFetch),
      // Where the time goes: page start-up until the request leaves, and after its answer.
      requestStartMs: requestStart === null ? null : round(requestStart),
      responseEndMs: responseEnd === null ? null : round(responseEnd),
      afterResponseMs: responseEnd === null ? null : round(ready - responseEnd),
      readySamplesMs: pick('ready').map(round),
    };
  } finally {
    await context.close();
  }
}
