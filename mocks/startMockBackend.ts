import type { SetupWorker } from 'msw/browser';
import type { MockCore } from './core/createMockCore.ts';
import type { MockState } from './mockApiTypes.ts';
import { takePendingSettings } from './pendingSettings.ts';
import { isScenarioName } from './scenarios.ts';

/** Options of `startMockBackend`. */
export interface StartMockBackendOptions {
  /** Where `mockServiceWorker.js` is served (default `/mockServiceWorker.js`). */
  serviceWorkerUrl?: string;
  /**
   * Milliseconds added to every response by a new mock store, and again after a reset (default
   * 0). A latency set later (developer panel, admin API) stays, reloads included.
   */
  latency?: number;
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

/** Whether this page's requests pass through the service worker served at `url`. */
const isControlledBy = (url: string): boolean => navigator.serviceWorker?.controller?.scriptURL === new URL(url, location.href).href;

type StartedBackend = Pick<MockCore, 'getState' | 'setDefaultLatency' | 'setScenario' | 'setLatency'>;

/** What the developer panel chose just before a reload, and the mock may not have had (see pendingSettings.ts). */
async function applyPendingSettings(backend: StartedBackend): Promise<void> {
  const { scenario, latency_ms: latency } = takePendingSettings();
  try {
    if (isScenarioName(scenario)) await backend.setScenario(scenario);
    if (typeof latency === 'number') await backend.setLatency(latency);
  } catch {
    // A latency out of range: nothing to apply.
  }
}

/**
 * The start function for a worker over `backend`: starts it (unhandled requests go to the
 * network, nothing is printed) and resolves with the backend's state once the worker answers
 * requests from this page, so the app's first request cannot miss the mock. Rejects if it never
 * answers.
 */
export function startMockBackendWith(worker: SetupWorker, backend: StartedBackend) {
  return async function startMockBackend(options: StartMockBackendOptions = {}): Promise<MockState> {
    const serviceWorkerUrl = options.serviceWorkerUrl ?? '/mockServiceWorker.js';
    if (options.latency !== undefined) backend.setDefaultLatency(options.latency);
    await applyPendingSettings(backend);
    // Read while the worker starts: starting it changes nothing in the store, and the app's first
    // request waits for both.
    const state = backend.getState();
    state.catch(() => {});
    await worker.start({ onUnhandledRequest: 'bypass', quiet: true, serviceWorker: { url: serviceWorkerUrl } });
    // MSW has confirmed this page to its worker; once that worker also controls the page, the
    // next request reaches the mock, and a round trip through the worker to prove it would only
    // hold the app's first request back.
    if (isControlledBy(serviceWorkerUrl)) return state;
    // A first visit: the page may be claimed by the worker a moment after it started.
    for (let attempt = 1; attempt <= PROBE_ATTEMPTS; attempt++) {
      const state = await probe();
      if (state) return state;
      await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
    }
    throw new Error('The mock service worker started but does not answer /__mock/state');
  };
}
