import { accounts, DEMO_PASSWORD, startMockBackend, tenants } from 'session-first/mocks/browser';
import type { DemoBackend } from './DemoBackend.tsx';

/** The latency the demo adds to a fresh mock backend, so that loading states can be seen. */
const DEMO_LATENCY_MS = 250;

/**
 * Starts the mock backend in this page (shared with every other tab of the demo) and resolves
 * once it answers: the session's first request must not miss it.
 */
export async function startDemoMock(): Promise<DemoBackend> {
  // A first visit and a reset store get the demo's latency; one picked in the developer panel or
  // through the admin API later on stays, reloads included.
  await startMockBackend({ serviceWorkerUrl: `${import.meta.env.BASE_URL}mockServiceWorker.js`, latency: DEMO_LATENCY_MS });
  return { kind: 'mock', accounts, tenants, password: DEMO_PASSWORD };
}
