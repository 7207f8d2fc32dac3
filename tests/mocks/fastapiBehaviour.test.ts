/**
 * What FastAPI itself does around the endpoints, which the real backend does too: routing, the
 * content types it reads as JSON, HEAD, the nesting limit, and a plain 500 for a bug.
 */
import { describe, expect, it } from 'vitest';
import type { SessionWithToken } from '../../src/api/types.ts';
import { createMockBackend } from '../../mocks/index.ts';
import { BASE_URL, call, createSession, postCreate } from '../support/api.ts';

const LOGIN = JSON.stringify({ email: 'ada@acme.test', password: 'demo-pass-1' });

describe('routing', () => {
  it.each(['/api/nothing', '/api/nothing/', '/api/session', '/api/session/', '/api/session//', '/api/auth/login/extra', '/api/session/a%2Fb/upgrade'])(
    'answers %s with 404 {"detail": "Not Found"}',
    async (path) => {
      const answer = await call('GET', path);

      expect(answer.status).toBe(404);
      expect(answer.json).toEqual({ detail: 'Not Found' });
      expect(answer.headers.get('content-type')).toBe('application/json');
    },
  );

  it.each([
    ['DELETE', '/api/session/ses_1', 'GET, HEAD'],
    ['PUT', '/api/auth/login', 'POST'],
    ['GET', '/api/session/ses_1/upgrade', 'PATCH'],
    // The first route whose path matches decides, as in Starlette: create-anonymous before {session_id}.
    ['PATCH', '/api/session/create-anonymous', 'POST'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const answer = await call(method, path);

    expect(answer.status).toBe(405);
    expect(answer.json).toEqual({ detail: 'Method Not Allowed' });
    expect(answer.headers.get('allow')).toBe(allow);
  });

  it.each([
    ['POST', '/api/session/create-anonymous/', '/api/session/create-anonymous'],
    ['GET', '/api/session/ses_1/?x=1', '/api/session/ses_1?x=1'],
    ['GET', '/api/session/ses_1//', '/api/session/ses_1'],
    ['PATCH', '/api/session/ses_1/upgrade/', '/api/session/ses_1/upgrade'],
    // Whatever the method: the path without its slash is taken by some route.
    ['DELETE', '/api/auth/login/', '/api/auth/login'],
  ])('redirects %s %s with 307 to %s, no body (redirect_slashes)', async (method, path, location) => {
    const backend = createMockBackend();

    const answer = await backend.handle(new Request(`${BASE_URL}${path}`, { method }));

    expect(answer.status).toBe(307);
    expect(answer.headers.get('location')).toBe(`${BASE_URL}${location}`);
    expect(await answer.text()).toBe('');
  });

  it('routes GET /api/session/create-anonymous to the {session_id} route, as FastAPI does', async () => {
    const answer = await call('GET', '/api/session/create-anonymous', { headers: { 'X-Session-Token': 't' } });

    expect(answer.json).toEqual({ detail: 'Session not found' });
  });

  it('decodes the path before routing: an id sent percent-encoded is the same id', async () => {
    const created = await createSession();
    const encoded = [...created.session.session_id].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');

    const answer = await call('GET', `/api/session/${encoded}`, { headers: { 'X-Session-Token': created.session_token } });

    expect(answer.status).toBe(200);
  });

  it('answers HEAD like GET, without a body', async () => {
    const created = await createSession();

    const answer = await call('HEAD', `/api/session/${created.session.session_id}`, { headers: { 'X-Session-Token': created.session_token } });

    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
  });
});

describe('request bodies', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/vnd.api+json', ''])('reads a body sent as %j as JSON', async (type) => {
    const answer = await call('POST', '/api/auth/login', { rawBody: LOGIN, headers: { 'content-type': type } });

    expect(answer.status).toBe(200);
  });

  it('validates a body of another content type as raw text, which no model accepts (422, the text echoed)', async () => {
    const answer = await call('POST', '/api/auth/login', { rawBody: LOGIN, headers: { 'content-type': 'text/plain' } });

    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({
      detail: [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: LOGIN }],
    });
  });

  it('reads no bytes at all as no body, whatever the content type', async () => {
    const answer = await call('POST', '/api/session/create-anonymous', { rawBody: '', headers: { 'content-type': 'text/plain' } });

    expect(answer.status).toBe(201);
  });

  it('accepts a body nested 100 levels deep and refuses 101 (json_invalid where the 101st opens)', async () => {
    const nested = (levels: number) => `{"metadata":${'{"a":'.repeat(levels - 2)}{}${'}'.repeat(levels - 2)}}`;

    const deepest = await postCreate({ rawBody: nested(100) });
    const tooDeep = await postCreate({ rawBody: nested(101) });

    expect(deepest.status).toBe(201);
    expect(tooDeep.status).toBe(422);
    expect(tooDeep.json).toEqual({
      detail: [{ type: 'json_invalid', loc: ['body', 12 + 5 * 99], msg: 'JSON decode error', input: {}, ctx: { error: 'Nested deeper than 100 levels' } }],
    });
  });

  it('reports the first problem of a text, even before a nesting that is too deep', async () => {
    const answer = await postCreate({ rawBody: `{"metadata" ${'['.repeat(500)}` });

    expect((answer.json as { detail: { ctx: unknown }[] }).detail[0]?.ctx).toEqual({ error: "Expecting ':' delimiter" });
  });
});

describe('a bug in the mock', () => {
  it("answers FastAPI's plain 500, with nothing of the error in it", async () => {
    const backend = createMockBackend({
      lock: () => {
        throw new Error('boom in /work/secret/store.ts:42');
      },
    });

    const answer = await backend.handle(new Request(`${BASE_URL}/api/session/create-anonymous`, { method: 'POST' }));

    expect(answer.status).toBe(500);
    expect(await answer.json()).toEqual({ detail: 'Internal Server Error' });
  });
});

describe('upgrade replay over the same MSW path as the client', () => {
  it('answers a lost upgrade repeated with the same key and previous token with the same new token; the previous token then answers 401', async () => {
    const created = await createSession();
    const grant = (await call('POST', '/api/auth/login', { rawBody: LOGIN })).json as { user_id: string; tenant_id: string; access_token: string };
    const upgrade = () =>
      call('PATCH', `/api/session/${created.session.session_id}/upgrade`, {
        body: { user_id: grant.user_id, tenant_id: grant.tenant_id, access_token: grant.access_token },
        headers: { 'X-Session-Token': created.session_token, 'Idempotency-Key': 'lost-answer-key-0123456789abcdef' },
      });
    await upgrade(); // its answer is lost on the way back

    const repeated = (await upgrade()).json as SessionWithToken;
    const withPrevious = await call('GET', `/api/session/${created.session.session_id}`, { headers: { 'X-Session-Token': created.session_token } });
    const withNew = await call('GET', `/api/session/${created.session.session_id}`, { headers: { 'X-Session-Token': repeated.session_token } });

    expect(repeated.session.user_id).toBe('usr_ada');
    expect(withPrevious.status).toBe(401);
    expect(withNew.status).toBe(200);
  });
});
