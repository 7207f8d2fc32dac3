/** Settings of one mock backend, fixed when it is created (`createMockBackend({ settings })`). */
export interface MockSettings {
  /** A session unused for this long expires. Default 30 min. */
  idleTimeoutMs: number;
  /** A session expires this long after its creation, however active. Default 12 h. */
  absoluteLifetimeMs: number;
  /** A create or upgrade repeated with the same Idempotency-Key within this window replays. Default 60 s. */
  idempotencyWindowMs: number;
  /** Lifetime of the access tokens login issues, in seconds. Default 1 h. */
  accessTokenTtlSec: number;
  /** Extra delay of the `slow` scenario, in ms. Default 1500. */
  slowLatencyMs: number;
}

/** The defaults: 30 min idle, 12 h absolute, 60 s idempotency window, 1 h access tokens, 1.5 s slow. */
export const defaultMockSettings: Readonly<MockSettings> = Object.freeze({
  idleTimeoutMs: 30 * 60 * 1000,
  absoluteLifetimeMs: 12 * 60 * 60 * 1000,
  idempotencyWindowMs: 60 * 1000,
  accessTokenTtlSec: 3600,
  slowLatencyMs: 1500,
});

/** The latency the admin API accepts, in ms (`PUT /__mock/latency`). */
export const MAX_LATENCY_MS = 60_000;

/** How far the clock may be moved either way, in ms: 100 years (`POST /__mock/clock`). */
export const MAX_CLOCK_OFFSET_MS = 3_155_760_000_000;
