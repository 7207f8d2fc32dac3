import { onStorageChange, readPersisted, removePersisted, writePersisted } from './persistence.ts';

/** Settings of the mock backend. Change them through the setters below. */
export interface MockConfig {
  /**
   * Prefix the client puts before `/api/...` ('' = same origin). The handlers match
   * `/api/...` on any origin, so any baseUrl reaches them.
   */
  baseUrl: string;
  /** Delay added to every response, in ms (0 in tests, realistic in the demo). */
  latencyMs: number;
  /** Extra delay of the `slow` scenario, in ms. */
  slowLatencyMs: number;
  /** A session unused for this long expires. */
  idleTimeoutMs: number;
  /** A session expires this long after its creation, however active. */
  absoluteLifetimeMs: number;
  /** A repeated create-anonymous with the same Idempotency-Key within this window replays. */
  idempotencyWindowMs: number;
  /** Lifetime of access tokens issued by login, in seconds. */
  accessTokenTtlSec: number;
}

const LATENCY_KEY = 'session-first:mock-latency';

/**
 * The routes the handlers serve. The leading `*` matches any origin, so a client using any
 * `baseUrl` (same origin in the browser, 'http://localhost' in Node tests) reaches the mock.
 */
export const apiRoutes = Object.freeze({
  createAnonymous: '*/api/session/create-anonymous',
  session: '*/api/session/:session_id',
  upgrade: '*/api/session/:session_id/upgrade',
  logout: '*/api/session/:session_id/logout',
  login: '*/api/auth/login',
});

/** The defaults: zero latency, 30 min idle, 12 h absolute, 60 s idempotency, 1 h access tokens. */
export const defaultMockConfig: Readonly<MockConfig> = Object.freeze({
  baseUrl: '',
  latencyMs: 0,
  slowLatencyMs: 1500,
  idleTimeoutMs: 30 * 60 * 1000,
  absoluteLifetimeMs: 12 * 60 * 60 * 1000,
  idempotencyWindowMs: 60 * 1000,
  accessTokenTtlSec: 3600,
});

/** The live configuration, read by the handlers on every request. */
export const mockConfig: MockConfig = { ...defaultMockConfig };

/** Changes some settings. `latencyMs` persists across reloads in the browser. */
export function setMockConfig(changes: Partial<MockConfig>): void {
  Object.assign(mockConfig, changes);
  if (changes.latencyMs !== undefined) writePersisted(LATENCY_KEY, mockConfig.latencyMs);
}

/** Sets the latency added to every response (persists across reloads in the browser). */
export function setLatency(ms: number): void {
  setMockConfig({ latencyMs: Math.max(0, ms) });
}

/** Back to {@link defaultMockConfig}, forgetting the persisted latency. */
export function resetMockConfig(): void {
  Object.assign(mockConfig, defaultMockConfig);
  removePersisted(LATENCY_KEY);
}

onStorageChange(() => {
  const stored = readPersisted(LATENCY_KEY);
  mockConfig.latencyMs =
    typeof stored === 'number' && Number.isFinite(stored) && stored >= 0 ? stored : defaultMockConfig.latencyMs;
});
