/**
 * The mock backend's clock. Every expiry (idle, absolute, access tokens, idempotency window)
 * reads it, so tests can move time without fake timers.
 */

let source: () => number = () => Date.now();
let offsetMs = 0;

/** Current time of the mock backend, in epoch milliseconds. */
export function now(): number {
  return source() + offsetMs;
}

/** Replaces the time source (epoch milliseconds). Any advance made so far is kept. */
export function setClock(fn: () => number): void {
  source = fn;
}

/** Moves the mock's time forward (or back, with a negative value) by `ms`. */
export function advanceClock(ms: number): void {
  offsetMs += ms;
}

/** Back to the real time: `Date.now()` with no offset. */
export function resetClock(): void {
  source = () => Date.now();
  offsetMs = 0;
}
