import type { SetupWorker } from 'msw/browser';
import type { MockState } from './mockApiTypes.ts';

/** Options of `startMockBackend`. */
export interface StartMockBackendOptions {
  /** Where `mockServiceWorker.js` is served (default `/mockServiceWorker.js`). */
  serviceWorkerUrl?: string;
}

const PROBE_ATTEMPTS = 50;
const PROBE_INTERVAL_MS = 20;

/** The admin API's state if the mock answered `GET /__mock/state`, else null. */
async function probe(): Promise<MockState | null> {
  try {
    const response = await fetch('/__mock/state', { cache: 'no-store' });
    if (!response.ok || !(response.headers.get('content-type') ?? '').startsWith('application/json')) return null;
    const state = (await response.json()) as Partial<MockState>;
    return Array.isArray(state.scenarios) ? (state as MockState) : null;
  } catch {
    return null;
  }
}

/**
 * The start function for a worker: starts it (unhandled requests go to the network, nothing is
 * printed) and resolves with the backend's state once the worker answers requests from this
 * page, so the app's first request cannot miss the mock. Rejects if it never answers.
 */
export function startMockBackendWith(worker: SetupWorker) {
  return async function startMockBackend(options: StartMockBackendOptions = {}): Promise<MockState> {
    await worker.start({
      onUnhandledRequest: 'bypass',
      quiet: true,
      serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
    });
    for (let attempt = 1; attempt <= PROBE_ATTEMPTS; attempt++) {
      const state = await probe();
      if (state) return state;
      await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
    }
    throw new Error('The mock service worker started but does not answer /__mock/state');
  };
}
