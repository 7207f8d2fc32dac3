import { onStorageChange, readPersisted, removePersisted, writePersisted } from './persistence.ts';
import { store } from './store.ts';

/** The backend scenarios of SPEC §4. */
export type ScenarioName =
  | 'default'
  | 'slow'
  | 'flaky'
  | 'server-down'
  | 'offline'
  | 'expired-session'
  | 'invalid-credentials'
  | 'upgrade-conflict'
  | 'malformed-response';

/** A scenario and what it does, for a select in the demo or a Storybook toolbar. */
export interface ScenarioInfo {
  name: ScenarioName;
  description: string;
}

/** Every scenario with a one-line description, in the order to show them. */
export const scenarios: readonly ScenarioInfo[] = Object.freeze([
  { name: 'default', description: 'The backend works normally.' },
  { name: 'slow', description: 'Every response takes about 1.5 s longer.' },
  { name: 'flaky', description: 'Every other request fails with 503 (the 1st, 3rd, 5th...); a single retry succeeds.' },
  { name: 'server-down', description: 'Every request fails with 503 Service Unavailable.' },
  { name: 'offline', description: 'Every request fails with a network error.' },
  {
    name: 'expired-session',
    description: 'Every session that existed when selected is expired (404); new sessions work.',
  },
  { name: 'invalid-credentials', description: 'Login always fails with 401 Incorrect email or password.' },
  { name: 'upgrade-conflict', description: 'Upgrading a session always fails with 409 Conflict.' },
  {
    name: 'malformed-response',
    description: 'Successful responses have the right status but a body of the wrong shape.',
  },
]);

const SCENARIO_KEY = 'session-first:mock-scenario';

let current: ScenarioName = 'default';
let requestsSinceSelected = 0;

/** True for the name of a known scenario. */
export function isScenarioName(value: unknown): value is ScenarioName {
  return scenarios.some((s) => s.name === value);
}

/** The active scenario. */
export function getScenario(): ScenarioName {
  return current;
}

/**
 * Activates a scenario from now on (persisted across reloads in the browser). Selecting
 * `expired-session` expires every existing session; selecting `flaky` restarts its count.
 */
export function setScenario(name: ScenarioName): void {
  if (!isScenarioName(name)) throw new Error(`Unknown mock scenario: ${String(name)}`);
  current = name;
  requestsSinceSelected = 0;
  if (name === 'expired-session') store.expireAllSessions();
  if (name === 'default') removePersisted(SCENARIO_KEY);
  else writePersisted(SCENARIO_KEY, name);
}

/** Back to `default`. */
export function resetScenario(): void {
  setScenario('default');
}

/**
 * Counts a request arriving under the active scenario and returns its number (1-based)
 * since the scenario was selected. `flaky` fails the odd ones.
 */
export function countScenarioRequest(): number {
  requestsSinceSelected += 1;
  return requestsSinceSelected;
}

onStorageChange(() => {
  const stored = readPersisted(SCENARIO_KEY);
  // A reload keeps the scenario without re-applying its switch-on effect.
  current = isScenarioName(stored) ? stored : 'default';
  requestsSinceSelected = 0;
});
