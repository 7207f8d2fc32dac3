import { test as base, type Page } from '@playwright/test';
import type { Persistence } from '../core/storage.ts';
import { throughPage, overHttp } from './adminTransports.ts';
import { ContextTraffic } from './ContextTraffic.ts';
import { MockAdmin } from './MockAdmin.ts';
import { PageSession, type PageSessionOptions } from './PageSession.ts';
import type { RequestRecorder } from './RequestRecorder.ts';

/** Options, set in the Playwright config's `use` or with `test.use({...})`. */
export interface SessionTestOptions {
  /**
   * The experience API's address, where the mock's admin API answers too: set it for the mock
   * server (`npx session-first mock-server`, e.g. `http://127.0.0.1:4010`). Default: the origin of
   * `baseURL`, where the mock runs in the app's pages (service worker) once the app has started it.
   */
  apiURL: string | undefined;
  /** Where the app keeps its session, as its `persistence` option says. Default `'tab'`. */
  persistence: Persistence;
  /** With the mock in the page: how long an admin call waits for the app to have started it (ms). Default 5000. */
  mockStartTimeout: number;
}

/** The fixtures this `test` adds. */
export interface SessionFixtures {
  /** The mock's admin API, and the requests the test's pages sent (`mock.requests(page)`). */
  mock: MockAdmin;
  /** The session of a page: `use(seeded)` before it loads, `read()` what it holds. */
  sessionOf: (page: Page, options?: PageSessionOptions) => PageSession;
  /** What the test's `page` sent to the experience API: `mock.requests(page)`. */
  requests: RequestRecorder;
}

/**
 * Playwright's `test` with session fixtures:
 * ```ts
 * test('a returning user', async ({ page, mock, sessionOf, requests }) => {
 *   const seeded = await mock.seedSession({ email: 'ada@acme.test' });
 *   await sessionOf(page).use(seeded);
 *   await page.goto('/dashboard');
 *   await requests.expectCalls([RESTORE]);
 * });
 * ```
 * Every test has its own browser context: with the mock in the page, its own mock store too.
 */
export const test = base.extend<SessionTestOptions & SessionFixtures>({
  apiURL: [undefined, { option: true }],
  persistence: ['tab', { option: true }],
  mockStartTimeout: [5000, { option: true }],

  mock: async ({ context, apiURL, baseURL, mockStartTimeout }, use) => {
    // The mock in the page answers at the app's origin, whatever path the app is served under.
    const api = apiURL ?? (baseURL === undefined ? undefined : new URL(baseURL).origin);
    if (api === undefined) {
      throw new Error('session-first/playwright: set `baseURL` (the app, with the mock in its pages) or `apiURL` (the mock server) in the Playwright config');
    }
    const transport = apiURL === undefined ? throughPage(context, api, mockStartTimeout) : overHttp(apiURL);
    await use(new MockAdmin(transport, new ContextTraffic(context, { apiURL: api, appURL: baseURL })));
  },

  sessionOf: async ({ mock, baseURL, persistence }, use) => {
    await use((page, options = {}) => new PageSession(page, mock, baseURL, options.persistence ?? persistence));
  },

  requests: async ({ mock, page }, use) => {
    await use(mock.requests(page));
  },
});

export { expect } from '@playwright/test';
