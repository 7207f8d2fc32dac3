/**
 * startMockServer: the mock over real HTTP (node:http, TCP), as a mobile app or a backend test
 * would call it. MSW lets these requests through to the network (`passthrough`), so every answer
 * really crossed a socket; each joins the setup's contract check.
 */
import { connect } from 'node:net';
import { http, passthrough } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockBackend, startMockServer, type MockBackend, type MockServer } from '../../mocks/index.ts';
import { server as msw } from '../../mocks/node.ts';
import { watchResponse } from '../support/contractWatch.ts';

const APP = 'http://app.example';
let running: MockServer | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** A server over a fresh backend, with MSW stepping aside for its address. */
async function serve(cors?: string): Promise<{ url: string; backend: MockBackend; fetchJson: (path: string, init?: RequestInit) => Promise<Response> }> {
  const backend = createMockBackend();
  running = await startMockServer({ port: 0, backend, ...(cors ? { cors } : {}) });
  const { url } = running;
  msw.use(http.all(`${url}/*`, () => passthrough()));
  return {
    url,
    backend,
    async fetchJson(path, init = {}) {
      const request = new Request(`${url}${path}`, { ...init, headers: { origin: APP, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string>) } });
      const response = await fetch(request.clone());
      watchResponse(request, response, path.startsWith('/__mock/') ? null : 'default');
      return response;
    },
  };
}

/** Sends raw bytes over a socket and resolves with the raw answer (for what fetch cannot send). */
function rawRequest(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('startMockServer', () => {
  it('serves the five endpoints over TCP with CORS headers for any origin', async () => {
    const { fetchJson } = await serve();

    const created = await fetchJson('/api/session/create-anonymous', { method: 'POST', body: '{}' });
    const { session, session_token } = (await created.json()) as { session: { session_id: string }; session_token: string };
    const read = await fetchJson(`/api/session/${session.session_id}`, { headers: { 'x-session-token': session_token } });
    const login = await fetchJson('/api/auth/login', { method: 'POST', body: JSON.stringify({ email: 'ada@acme.test', password: 'demo-pass-1' }) });
    const grant = (await login.json()) as { user_id: string; tenant_id: string; access_token: string };
    const upgraded = await fetchJson(`/api/session/${session.session_id}/upgrade`, {
      method: 'PATCH',
      headers: { 'x-session-token': session_token },
      body: JSON.stringify({ user_id: grant.user_id, tenant_id: grant.tenant_id, access_token: grant.access_token }),
    });
    const newToken = ((await upgraded.json()) as { session_token: string }).session_token;
    const ended = await fetchJson(`/api/session/${session.session_id}/logout`, { method: 'POST', headers: { 'x-session-token': newToken } });

    expect([created.status, read.status, login.status, upgraded.status, ended.status]).toEqual([201, 200, 200, 200, 204]);
    for (const response of [created, read, login, upgraded, ended]) expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers CORS preflights for X-Session-Token and Idempotency-Key, and refuses other headers', async () => {
    const { url } = await serve();
    const preflight = (headers: string) =>
      fetch(`${url}/api/session/ses_x/upgrade`, { method: 'OPTIONS', headers: { origin: APP, 'access-control-request-method': 'PATCH', 'access-control-request-headers': headers } });

    const allowed = await preflight('content-type, x-session-token, idempotency-key');
    const refused = await preflight('x-session-token, x-evil');

    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('*');
    expect(allowed.headers.get('access-control-allow-methods')).toBe('GET, POST, PATCH, PUT, DELETE, OPTIONS');
    expect(allowed.headers.get('access-control-allow-headers')).toBe('X-Session-Token, Idempotency-Key, Content-Type');
    expect(refused.status).toBe(400);
    expect(await refused.text()).toBe('Disallowed CORS headers');
  });

  it('with a CORS origin, allows that origin only', async () => {
    const { url, fetchJson } = await serve(APP);

    const fromApp = await fetchJson('/__mock/state');
    const fromElsewhere = await fetch(`${url}/__mock/state`, { headers: { origin: 'http://evil.example' } });
    const preflightElsewhere = await fetch(`${url}/api/auth/login`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });

    expect(fromApp.headers.get('access-control-allow-origin')).toBe(APP);
    expect(fromApp.headers.get('vary')).toBe('Origin');
    expect(fromElsewhere.status).toBe(200);
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflightElsewhere.status).toBe(400);
  });

  it('redirects a path with a trailing slash as FastAPI does; a client that follows it gets the endpoint', async () => {
    const { fetchJson } = await serve();

    const redirect = await fetchJson('/api/session/create-anonymous/', { method: 'POST', redirect: 'manual' });
    const followed = await fetchJson('/api/session/create-anonymous/', { method: 'POST', body: '{}' });

    expect(redirect.status).toBe(307);
    expect(redirect.headers.get('location')).toBe(`${running!.url}/api/session/create-anonymous`);
    expect(followed.status).toBe(201);
    expect(followed.redirected).toBe(true);
  });

  it('serves the admin API, and drives the same backend', async () => {
    const { fetchJson, backend } = await serve();

    const setScenario = await fetchJson('/__mock/scenario', { method: 'PUT', body: JSON.stringify({ name: 'server-down' }) });
    const down = await fetchJson('/api/session/create-anonymous', { method: 'POST' });
    const state = await fetchJson('/__mock/state');

    expect(setScenario.status).toBe(204);
    expect(down.status).toBe(503);
    expect(((await state.json()) as { scenario: string }).scenario).toBe('server-down');
    expect((await backend.getState()).scenario).toBe('server-down');
  });

  it('drops the connection for the offline scenario: the client sees a network error', async () => {
    const { fetchJson, backend } = await serve();
    await backend.setScenario('offline');

    await expect(fetchJson('/api/session/create-anonymous', { method: 'POST' })).rejects.toThrow(TypeError);
    expect(backend.requestLog.entries().at(-1)?.status).toBe(0);
  });

  it('takes a 10 MB body and answers in FastAPI shape', async () => {
    const { fetchJson } = await serve();

    const answer = await fetchJson('/api/auth/login', { method: 'POST', body: `{"email": "${'a'.repeat(10 * 1024 * 1024)}", "password": 1}` });

    expect(answer.status).toBe(422);
    expect(((await answer.json()) as { detail: { type: string }[] }).detail.map((e) => e.type)).toEqual(['string_type']);
  });

  it('answers what fetch cannot send (TRACE, an absolute target) in FastAPI shape, no trace', async () => {
    const { url } = await serve();

    const trace = await rawRequest(url, 'TRACE /api/session/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const absolute = await rawRequest(url, 'GET http://evil.example/api/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');

    expect(trace).toMatch(/^HTTP\/1\.1 405 /);
    expect(trace).toContain('{"detail":"Method Not Allowed"}');
    expect(absolute).toMatch(/^HTTP\/1\.1 404 /);
    expect(absolute).toContain('{"detail":"Not Found"}');
  });

  it('reports a port in use instead of starting', async () => {
    const { url } = await serve();

    await expect(startMockServer({ port: Number(new URL(url).port) })).rejects.toThrow(/EADDRINUSE/);
  });
});
