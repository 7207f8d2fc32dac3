import { setupWorker } from 'msw/browser';
import { browserBackend } from './browserBackend.ts';
import { startMockBackendWith } from './startMockBackend.ts';

/** The MSW service worker over {@link browserBackend} (all tabs of the origin share its state). */
export const worker = setupWorker(...browserBackend.handlers);

/** The one way to start the mock in a page: `await startMockBackend()` before the app's first request. */
export const startMockBackend = startMockBackendWith(worker);

export { browserBackend };
export type { StartMockBackendOptions } from './startMockBackend.ts';
