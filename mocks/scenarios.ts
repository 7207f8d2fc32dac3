import type { ScenarioInfo, ScenarioName } from './mockApiTypes.ts';

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

/** True for the name of a known scenario. */
export function isScenarioName(value: unknown): value is ScenarioName {
  return scenarios.some((s) => s.name === value);
}
