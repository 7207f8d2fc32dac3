import { describe, expect, it } from 'vitest';
import { createMockBackend, mockBackend } from '../../mocks/index.ts';
import { call, createSession, getSession } from '../support/api.ts';

describe('reset', () => {
  it('empties the store and the request log, and puts scenario, latency and clock back', async () => {
    const created = await createSession();
    await mockBackend.setScenario('server-down');
    await mockBackend.setLatency(300);
    await mockBackend.advanceClock(24 * 60 * 60 * 1000);

    await mockBackend.reset();

    expect(await mockBackend.listSessions()).toEqual([]);
    expect(await mockBackend.getState()).toMatchObject({ scenario: 'default', latency_ms: 0, clock_offset_ms: 0 });
    expect(mockBackend.requestLog.count()).toBe(0);
    expect((await getSession(created.session.session_id, created.session_token)).status).toBe(404);
  });

  it('goes back to the scenario and latency the backend was created with', async () => {
    const backend = createMockBackend({ scenario: 'slow', latency: 40 });
    await backend.setScenario('offline');
    await backend.setLatency(0);

    await backend.reset();

    expect(await backend.getState()).toMatchObject({ scenario: 'slow', latency_ms: 40 });
  });

  it('leaves a working backend behind', async () => {
    await mockBackend.setScenario('offline');

    await mockBackend.reset();
    const created = await createSession();

    expect(created.session.user_id).toBeNull();
  });

  it('is what POST /__mock/reset does too', async () => {
    await createSession();
    await mockBackend.setScenario('flaky');

    const answer = await call('POST', '/__mock/reset');

    expect(answer.status).toBe(204);
    expect(await mockBackend.listSessions()).toEqual([]);
    expect((await mockBackend.getState()).scenario).toBe('default');
  });
});

describe('between tests (tests/setup/node.ts)', () => {
  it('first test leaves state behind on purpose', async () => {
    await createSession();
    await mockBackend.setScenario('flaky');

    expect(await mockBackend.listSessions()).toHaveLength(1);
  });

  it('second test starts from scratch', async () => {
    expect(await mockBackend.listSessions()).toEqual([]);
    expect((await mockBackend.getState()).scenario).toBe('default');
    expect(mockBackend.requestLog.count()).toBe(0);
  });
});
