/**
 * The admin API under /__mock/, through the MSW server as a page or a Playwright test would call
 * it (every answer joins the setup's contract check).
 */
import { describe, expect, it } from 'vitest';
import { createMockBackend, mockBackend, scenarios } from '../../mocks/index.ts';
import { call, createSession, getSession, postCreate } from '../support/api.ts';

describe('GET /__mock/state', () => {
  it('answers the scenario, latency and clock offset in effect, and the scenarios to choose from', async () => {
    const answer = await call('GET', '/__mock/state');

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ scenario: 'default', latency_ms: 0, clock_offset_ms: 0, scenarios: scenarios.map((s) => ({ ...s })) });
  });
});

describe('PUT /__mock/scenario', () => {
  it('selects a scenario for the next experience API request', async () => {
    const answer = await call('PUT', '/__mock/scenario', { body: { name: 'server-down' } });

    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expect((await postCreate()).status).toBe(503);
    expect((await mockBackend.getState()).scenario).toBe('server-down');
  });

  it("answers an unknown name with FastAPI's 422 (pydantic literal_error)", async () => {
    const answer = await call('PUT', '/__mock/scenario', { body: { name: 'chaos' } });

    const expected = scenarios.map((s) => `'${s.name}'`);
    const list = `${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}`;
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({ detail: [{ type: 'literal_error', loc: ['body', 'name'], msg: `Input should be ${list}`, input: 'chaos', ctx: { expected: list } }] });
  });
});

describe('PUT /__mock/latency', () => {
  it('sets the delay of every experience API response', async () => {
    const answer = await call('PUT', '/__mock/latency', { body: { ms: 30 } });
    await postCreate();

    expect(answer.status).toBe(204);
    expect(mockBackend.requestLog.entries().at(-1)?.latency_ms).toBe(30);
  });

  it.each([
    [{ ms: -1 }, 'greater_than_equal'],
    [{ ms: 60_001 }, 'less_than_equal'],
    [{ ms: 1e308 }, 'less_than_equal'],
    [{ ms: 2.5 }, 'int_from_float'],
    [{ ms: 'fast' }, 'int_parsing'],
    [{ ms: null }, 'int_type'],
    [{}, 'missing'],
  ])('refuses %j with 422 %s', async (body, type) => {
    const answer = await call('PUT', '/__mock/latency', { body });

    expect(answer.status).toBe(422);
    expect((answer.json as { detail: { type: string; loc: unknown[] }[] }).detail).toEqual([expect.objectContaining({ type, loc: ['body', 'ms'] })]);
    expect((await mockBackend.getState()).latency_ms).toBe(0);
  });

  it('accepts what pydantic accepts for an int: "250" and 250.0', async () => {
    const asText = await call('PUT', '/__mock/latency', { rawBody: '{"ms": "250"}' });
    const asFloat = await call('PUT', '/__mock/latency', { rawBody: '{"ms": 250.0}' });

    expect([asText.status, asFloat.status]).toEqual([204, 204]);
    expect((await mockBackend.getState()).latency_ms).toBe(250);
  });
});

describe('setDefaultLatency', () => {
  it('sets the latency a new store starts with and a reset goes back to, and leaves the one in effect alone', async () => {
    const backend = createMockBackend();

    backend.setDefaultLatency(120);
    const fresh = (await backend.getState()).latency_ms;
    await backend.setLatency(5);
    backend.setDefaultLatency(200);
    const kept = (await backend.getState()).latency_ms;
    await backend.reset();

    expect(fresh).toBe(120);
    expect(kept).toBe(5);
    expect((await backend.getState()).latency_ms).toBe(200);
    expect(() => backend.setDefaultLatency(-1)).toThrow(RangeError);
  });
});

describe('POST /__mock/clock', () => {
  it('moves the clock, so sessions idle out as if the time had passed', async () => {
    const created = await createSession();

    const answer = await call('POST', '/__mock/clock', { body: { advance_ms: mockBackend.settings.idleTimeoutMs } });

    expect(answer.status).toBe(204);
    expect((await getSession(created.session.session_id, created.session_token)).status).toBe(404);
    expect((await mockBackend.getState()).clock_offset_ms).toBe(mockBackend.settings.idleTimeoutMs);
  });

  it('refuses more than 100 years either way', async () => {
    const answer = await call('POST', '/__mock/clock', { body: { advance_ms: 1e20 } });

    expect(answer.status).toBe(422);
  });
});

describe('GET /__mock/sessions', () => {
  it('lists the live sessions, never a token', async () => {
    const kept = await createSession();
    const ended = await createSession();
    await mockBackend.expireSession(ended.session.session_id);

    const answer = await call('GET', '/__mock/sessions');

    expect(answer.status).toBe(200);
    const { metadata: _unused, ...listed } = kept.session;
    expect(answer.json).toEqual({ sessions: [listed] });
    expect(answer.text).not.toContain(kept.session_token);
  });
});

describe('POST /__mock/sessions', () => {
  it('seeds a session signed in as a demo account: its token opens it, as a tab that visited before', async () => {
    const answer = await call('POST', '/__mock/sessions', { body: { email: 'ada@acme.test' } });

    expect(answer.status).toBe(201);
    const seeded = answer.json as { session_id: string; session_token: string };
    const read = await getSession(seeded.session_id, seeded.session_token);
    expect(read.status).toBe(200);
    expect((read.json as { session: { user_id: string; tenant_id: string } }).session).toMatchObject({ user_id: 'usr_ada', tenant_id: 'acme' });
  });

  it('seeds an anonymous session without a body', async () => {
    const answer = await call('POST', '/__mock/sessions');

    expect(answer.status).toBe(201);
    const seeded = answer.json as { session_id: string; session_token: string };
    expect((await mockBackend.getSession(seeded.session_id))?.user_id).toBeNull();
  });

  it('refuses an account that is not a demo account with a 422 in FastAPI\'s shape', async () => {
    const answer = await call('POST', '/__mock/sessions', { body: { email: 'mallory@evil.test' } });

    expect(answer.status).toBe(422);
    expect((answer.json as { detail: { loc: string[] }[] }).detail[0]?.loc).toEqual(['body', 'email']);
  });
});

describe('GET and DELETE /__mock/requests', () => {
  it("list and empty this backend's log of experience API requests (admin calls are not in it)", async () => {
    await postCreate();
    await call('GET', '/__mock/state');

    const listed = await call('GET', '/__mock/requests');
    const emptied = await call('DELETE', '/__mock/requests');
    const after = await call('GET', '/__mock/requests');

    expect((listed.json as { requests: { method: string; path: string; status: number }[] }).requests).toEqual([
      expect.objectContaining({ id: 1, method: 'POST', path: '/api/session/create-anonymous', status: 201, scenario: 'default' }),
    ]);
    expect(emptied.status).toBe(204);
    expect(after.json).toEqual({ requests: [] });
  });
});

describe('POST /__mock/reset', () => {
  it('empties the store and puts scenario, latency and clock back', async () => {
    const created = await createSession();
    await call('PUT', '/__mock/scenario', { body: { name: 'flaky' } });
    await call('PUT', '/__mock/latency', { body: { ms: 5 } });
    await call('POST', '/__mock/clock', { body: { advance_ms: 1000 } });

    const answer = await call('POST', '/__mock/reset');

    expect(answer.status).toBe(204);
    expect((await call('GET', '/__mock/state')).json).toMatchObject({ scenario: 'default', latency_ms: 0, clock_offset_ms: 0 });
    expect((await call('GET', '/__mock/sessions')).json).toEqual({ sessions: [] });
    expect((await getSession(created.session.session_id, created.session_token)).status).toBe(404);
  });
});

describe('the admin API itself', () => {
  it.each(['offline', 'server-down', 'flaky', 'malformed-response'] as const)('keeps working under %s', async (name) => {
    await mockBackend.setScenario(name);

    const state = await call('GET', '/__mock/state');
    const sessions = await call('GET', '/__mock/sessions');
    const back = await call('PUT', '/__mock/scenario', { body: { name: 'default' } });

    expect([state.status, sessions.status, back.status]).toEqual([200, 200, 204]);
    expect((state.json as { scenario: string }).scenario).toBe(name);
  });

  it('is not delayed by the latency (60 s here would outlast the test)', async () => {
    await mockBackend.setLatency(60_000);

    const answer = await call('GET', '/__mock/state');

    expect(answer.status).toBe(200);
  });

  it("answers paths and methods it lacks as FastAPI's router does", async () => {
    const unknown = await call('GET', '/__mock/nothing');
    const wrongMethod = await call('GET', '/__mock/reset');

    expect([unknown.status, unknown.json]).toEqual([404, { detail: 'Not Found' }]);
    expect([wrongMethod.status, wrongMethod.json, wrongMethod.headers.get('allow')]).toEqual([405, { detail: 'Method Not Allowed' }, 'POST']);
  });
});
