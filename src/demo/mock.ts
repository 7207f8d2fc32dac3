import { browserBackend, startMockBackend } from '../../mocks/browser.ts';
import { DEMO_LATENCY_MS, latencyChosen } from './demoLatency.ts';

/**
 * Starts the mock backend in this page, shared with every other tab of the demo. Must finish
 * before the session actor sends its first request, i.e. before the app renders.
 */
export async function startDemoMock(): Promise<void> {
  await startMockBackend({ serviceWorkerUrl: `${import.meta.env.BASE_URL}mockServiceWorker.js` });
  if (!latencyChosen()) await browserBackend.setLatency(DEMO_LATENCY_MS);
}
