import { setupWorker, type SetupWorker } from 'msw/browser';
import { browserBackend } from './browserBackend.ts';
import { startMockBackendWith, type StartMockBackendOptions } from './startMockBackend.ts';

let worker: SetupWorker | undefined;

/**
 * The MSW service worker over {@link browserBackend} (all tabs of the origin share its state),
 * made on first use: importing this module (in Node, in server rendering) does nothing.
 */
export const getWorker = (): SetupWorker => (worker ??= setupWorker(...browserBackend.handlers));

/** The one way to start the mock in a page: `await startMockBackend()` before the app's first request. */
export const startMockBackend = (options?: StartMockBackendOptions) => startMockBackendWith(getWorker(), browserBackend)(options);

export { browserBackend };
export type { StartMockBackendOptions };
// The demo accounts, for a login page that lists them, without the rest of `session-first/mocks`
// (whose HTTP server a browser build would only warn about).
export { accounts, tenants, DEMO_PASSWORD, type DemoAccount, type DemoTenant } from './accounts.ts';
