import { describe, expect, it } from 'vitest';
import { mockBackend, type RequestLogEntry } from '../../mocks/index.ts';
import { call, createSession, getSession, loginAs, postCreate, postLogin } from '../support/api.ts';
import { useBackend } from '../support/backends.ts';

const { requestLog } = mockBackend;
const countRequests = requestLog.count;

describe('request log', () => {
  it('records each request served: method, path without origin, status, latency, scenario, time', async () => {
    const backend = useBackend({ clock: () => Date.parse('2030-01-01T10:00:00.000Z') });
    const created = await createSession();

    await getSession(created.session.session_id, 'wrong');

    expect(backend.requestLog.entries()).toEqual([
      {
        id: 1,
        request_id: expect.any(String),
        method: 'POST',
        path: '/api/session/create-anonymous',
        status: 201,
        latency_ms: 0,
        scenario: 'default',
        at: '2030-01-01T10:00:00.000Z',
      },
      expect.objectContaining({ id: 2, method: 'GET', path: `/api/session/${created.session.session_id}`, status: 401 }),
    ]);
  });

  it('counts requests by method, exact path, path pattern and status', async () => {
    await createSession();
    const created = await createSession();
    await getSession(created.session.session_id, created.session_token);
    await loginAs('ada@acme.test');
    await postLogin({ email: 'ada@acme.test', password: 'nope' });

    expect(countRequests()).toBe(5);
    expect(countRequests({ method: 'POST', path: '/api/session/create-anonymous' })).toBe(2);
    expect(countRequests({ method: 'post' })).toBe(4);
    expect(countRequests({ path: /^\/api\/session\/ses_[0-9a-f]+$/ })).toBe(1);
    expect(countRequests({ path: '/api/auth/login', status: 401 })).toBe(1);
    expect(countRequests({ method: 'DELETE' })).toBe(0);
  });

  it('matches an exact path whatever the query string', async () => {
    await fetch('http://localhost/api/session/create-anonymous?source=test', { method: 'POST' });

    expect(requestLog.entries()[0]?.path).toBe('/api/session/create-anonymous?source=test');
    expect(countRequests({ path: '/api/session/create-anonymous' })).toBe(1);
  });

  it('logs the latency that was added', async () => {
    await mockBackend.setLatency(20);

    await postCreate();

    expect(requestLog.entries()[0]?.latency_ms).toBe(20);
  });

  it('logs paths under /api/ that the contract lacks, and leaves the admin API out', async () => {
    await call('GET', '/api/nothing-here');
    await call('PATCH', '/api/auth/login');
    await call('GET', '/__mock/state');

    expect(requestLog.entries().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(['GET /api/nothing-here 404', 'PATCH /api/auth/login 405']);
  });

  it('tells subscribers about every new entry until they unsubscribe', async () => {
    const seen: (readonly RequestLogEntry[])[] = [];
    const unsubscribe = requestLog.subscribe((entries) => seen.push(entries));

    await createSession();
    await createSession();
    unsubscribe();
    await createSession();

    expect(seen.map((entries) => entries.length)).toEqual([1, 2]);
  });

  it('keeps a snapshot stable until the log changes (for useSyncExternalStore)', async () => {
    await createSession();

    const a = requestLog.entries();
    const b = requestLog.entries();
    await createSession();

    expect(a).toBe(b);
    expect(requestLog.entries()).not.toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('clears the log and restarts the ids', async () => {
    await createSession();
    requestLog.clear();

    await createSession();

    expect(requestLog.entries().map((e) => e.id)).toEqual([1]);
  });

  it('records the scenario each request ran under, and network errors as status 0', async () => {
    await mockBackend.setScenario('offline');
    await expect(postCreate()).rejects.toThrow();
    await mockBackend.setScenario('server-down');
    await postCreate();

    expect(requestLog.entries().map((e) => [e.scenario, e.status])).toEqual([
      ['offline', 0],
      ['server-down', 503],
    ]);
  });
});
