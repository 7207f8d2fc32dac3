/**
 * `session-first/playwright`: fixtures for a user's own end-to-end tests. Pick a scenario, seed a
 * session, read the session and count requests, through the mock's admin API and the page:
 * ```ts
 * import { test, expect, RESTORE } from 'session-first/playwright';
 *
 * test('a returning user lands signed in with one request', async ({ page, mock, sessionOf, requests }) => {
 *   await page.goto('/'); // the app starts the mock in its page
 *   const seeded = await mock.seedSession({ email: 'ada@acme.test' });
 *   await sessionOf(page).use(seeded);
 *   const mark = requests.mark();
 *   await page.goto('/dashboard');
 *   await requests.expectCalls([RESTORE], { since: mark });
 *   expect(await sessionOf(page).read()).toMatchObject({ status: 'authenticated', stored: seeded });
 * });
 * ```
 * With the mock in the app's pages (service worker), admin calls work once the app has loaded in
 * a page of the test; with the mock server, set the `apiURL` option to its address.
 */
export { test, expect, type SessionFixtures, type SessionTestOptions } from './test.ts';
export { MockAdmin, MockAdminError, type MockAdminFailure, type SeedOptions } from './MockAdmin.ts';
export { PageSession, type HeldSession, type HeldSessionStatus, type PageSessionOptions } from './PageSession.ts';
export { RequestRecorder, type ApiCall, type CallFilter, type ExpectCallsOptions, type RecorderScope } from './RequestRecorder.ts';
export { openTabFrom } from './openTabFrom.ts';
export { setPageVisibility, type PageVisibility } from './setPageVisibility.ts';
export { CREATE, RESTORE, LOGIN, UPGRADE, LOGOUT, routeOf } from './contractCalls.ts';
export type { MockSeededSession, MockSession, MockState, RequestLogEntry, ScenarioName } from '../../mocks/mockApiTypes.ts';
