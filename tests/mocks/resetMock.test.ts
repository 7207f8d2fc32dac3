import { describe, expect, it } from 'vitest';
import {
  advanceClock,
  countRequests,
  defaultMockConfig,
  getScenario,
  mockConfig,
  now,
  resetMock,
  setMockConfig,
  setScenario,
  store,
} from '../../mocks/index.ts';
import { createSession, getSession } from '../support/api.ts';

describe('resetMock', () => {
  it('resets store, scenario, request log, clock and config in one call', async () => {
    const created = await createSession();
    setScenario('server-down');
    setMockConfig({ latencyMs: 300, idleTimeoutMs: 1 });
    advanceClock(24 * 60 * 60 * 1000);

    resetMock();

    expect(store.sessionCount()).toBe(0);
    expect(getScenario()).toBe('default');
    expect(countRequests()).toBe(0);
    expect(Math.abs(now() - Date.now())).toBeLessThan(1000);
    expect(mockConfig).toEqual(defaultMockConfig);
    expect((await getSession(created.session.session_id, created.session_token)).status).toBe(404);
  });

  it('leaves a working backend behind', async () => {
    setScenario('offline');

    resetMock();
    const created = await createSession();

    expect(created.session.user_id).toBeNull();
  });
});

describe('between tests (tests/setup/node.ts)', () => {
  it('first test leaves state behind on purpose', async () => {
    await createSession();
    setScenario('flaky');

    expect(store.sessionCount()).toBe(1);
  });

  it('second test starts from scratch', () => {
    expect(store.sessionCount()).toBe(0);
    expect(getScenario()).toBe('default');
    expect(countRequests()).toBe(0);
  });
});
