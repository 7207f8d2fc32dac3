import { worker } from '../../mocks/browser.ts';
import { mockConfig, setLatency } from '../../mocks/index.ts';
import { readFlag, writeFlag } from './persistedFlag.ts';

/** The latency the demo adds to every mock response until someone picks another in the developer panel. */
export const DEMO_LATENCY_MS = 250;

// Set once the developer panel chose a latency; from then on the mock's own persisted value rules.
const LATENCY_CHOSEN_KEY = 'session-first-demo:latency-chosen';

/** Sets the mock latency from the developer panel; it survives reloads. */
export function chooseLatency(ms: number): void {
  setLatency(ms);
  writeFlag(LATENCY_CHOSEN_KEY, true);
}

/** The latency the mock adds right now, in ms. */
export const currentLatency = (): number => mockConfig.latencyMs;

/**
 * Starts the mock backend in this page. Must finish before the session actor sends its first
 * request, i.e. before the app renders.
 */
export async function startMockBackend(): Promise<void> {
  if (!readFlag(LATENCY_CHOSEN_KEY)) setLatency(DEMO_LATENCY_MS);
  await worker.start({
    onUnhandledRequest: 'bypass',
    quiet: true,
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
  });
}
