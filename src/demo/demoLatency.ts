import { readFlag, writeFlag } from './persistedFlag.ts';

/** The latency the demo adds to every mock response until someone picks another in the developer panel. */
export const DEMO_LATENCY_MS = 250;

// Set once the developer panel chose a latency; from then on the mock's own persisted value rules.
const LATENCY_CHOSEN_KEY = 'session-first-demo:latency-chosen';

/** True once a latency was picked in the developer panel (remembered across reloads). */
export const latencyChosen = (): boolean => readFlag(LATENCY_CHOSEN_KEY);

/** Remembers that a latency was picked, or forgets it (after a reset) so the demo's default applies again. */
export const rememberLatencyChoice = (chosen: boolean): void => writeFlag(LATENCY_CHOSEN_KEY, chosen);
