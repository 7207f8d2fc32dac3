import { accounts, DEMO_PASSWORD, tenants } from 'session-first/mocks';
import { browserBackend, startMockBackend } from 'session-first/mocks/browser';
import type { DemoBackend } from './DemoBackend.tsx';

/** The latency the demo adds to a fresh mock backend, so that loading states can be seen. */
const DEMO_LATENCY_MS = 250;

/**
 * Starts the mock backend in this page (shared with every other tab of the demo) and resolves
 * once it answers: the session's first request must not miss it.
 */
export async function startDemoMock(): Promise<DemoBackend> {
  await startMockBackend({ serviceWorkerUrl: `${import.meta.env.BASE_URL}mockServiceWorker.js` });
  // A store with no session is a first visit or a reset one: it gets the demo's latency. A
  // latency picked in the developer panel later on stays, reloads included.
  if ((await browserBackend.listSessions()).length === 0) await browserBackend.setLatency(DEMO_LATENCY_MS);
  return { kind: 'mock', accounts, tenants, password: DEMO_PASSWORD };
}
