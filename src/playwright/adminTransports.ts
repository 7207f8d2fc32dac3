import type { BrowserContext, Page } from '@playwright/test';
import { baseOf, originOf } from './urls.ts';

/** A request to the mock's admin API. */
export interface AdminRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below the API's address, without a leading slash: `__mock/state`. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
}

/** What came back: the status and the raw body, judged by the caller. */
export interface AdminAnswer {
  status: number;
  contentType: string;
  text: string;
}

/** How admin requests reach the mock; resolves with whatever answered, or null when nothing did. */
export interface AdminTransport {
  /** The full URL of an admin path, for messages. */
  urlOf(path: string): string;
  send(request: AdminRequest): Promise<AdminAnswer | null>;
  /** What to check when nothing answers, for the error message. */
  hint: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PROBE_INTERVAL_MS = 50;

/** The mock as an HTTP server (`npx session-first mock-server`) at `apiURL`: plain requests from the test. */
export function overHttp(apiURL: string): AdminTransport {
  const base = baseOf(apiURL);
  const urlOf = (path: string) => new URL(path, base).href;
  return {
    urlOf,
    hint: 'start it with `npx session-first mock-server` (or a webServer entry of the Playwright config) and set `apiURL` to its address',
    async send({ method, path, body }) {
      try {
        const response = await fetch(urlOf(path), {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
      } catch {
        return null;
      }
    },
  };
}

/**
 * The mock in the app's pages (MSW's service worker): it answers only requests of a page that
 * started it, so admin requests go out from such a page of the test's context, once one answers
 * `GET __mock/state` as the mock. Waits up to `timeoutMs` for the app to start it.
 */
export function throughPage(context: BrowserContext, apiURL: string, timeoutMs: number): AdminTransport {
  const base = baseOf(apiURL);
  const origin = new URL(base).origin;
  const urlOf = (path: string) => new URL(path, base).href;

  /** A page of the context where the mock answers, or null after `timeoutMs`. */
  async function pageWithMock(): Promise<Page | null> {
    const deadline = Date.now() + timeoutMs;
    // The waiting happens here, not in the page: a test may have paused the page's clock.
    for (;;) {
      for (const page of context.pages()) {
        if (page.isClosed() || originOf(page.url()) !== origin) continue;
        if (await page.evaluate(answersAsMock, urlOf('__mock/state')).catch(() => false)) return page;
      }
      if (Date.now() >= deadline) return null;
      await pause(PROBE_INTERVAL_MS);
    }
  }

  return {
    urlOf,
    hint:
      `the mock runs in the app's pages and answers once the app has started it: open the app first (e.g. \`await page.goto('/')\`); ` +
      `no page of this test at ${origin} answered within ${timeoutMs} ms`,
    async send({ method, path, body }) {
      const page = await pageWithMock();
      if (!page) return null;
      return page.evaluate(sendFromPage, { url: urlOf(path), method, body: body === undefined ? null : JSON.stringify(body) }).catch(() => null);
    },
  };
}

// The two functions below run in the page (page.evaluate): only what they are given, no imports.

async function answersAsMock(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return false;
    const state: unknown = await response.json();
    return typeof state === 'object' && state !== null && Array.isArray((state as { scenarios?: unknown }).scenarios);
  } catch {
    return false;
  }
}

async function sendFromPage(request: { url: string; method: string; body: string | null }): Promise<AdminAnswer> {
  const response = await fetch(request.url, {
    method: request.method,
    cache: 'no-store',
    headers: request.body === null ? {} : { 'content-type': 'application/json' },
    body: request.body,
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}
