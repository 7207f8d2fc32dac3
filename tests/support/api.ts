/**
 * Plain requests to the mock experience API, plus arrange-step helpers that insist on success.
 * The exported functions go through `fetch` (intercepted by the MSW node server of
 * tests/setup/node.ts); {@link createApi} with {@link sendTo} talks to one backend's `handle`
 * directly, as a tab of its own.
 */
import type { LoginResponse, SessionEnvelope, SessionWithToken } from '../../src/api/types.ts';
import { DEMO_PASSWORD, type MockCore } from '../../mocks/index.ts';
import { scenarioOf, watchResponse } from './contractWatch.ts';

/** The origin the tests' client uses. */
export const BASE_URL = 'http://localhost';

/** A raw answer: status, headers, the body text and its JSON (undefined when empty or not JSON). */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** Options of `call`. `rawBody` is sent verbatim; `body` as JSON. */
export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** How requests leave: `fetch`, or straight into a backend. */
export type Send = (url: string, init: RequestInit) => Promise<Response>;

let directRequests = 0;

/**
 * Sends into `backend.handle`; the backend's network error rejects like `fetch` does. Every
 * answer joins the contract check of the test setup.
 */
export function sendTo(backend: Pick<MockCore, 'handle' | 'requestLog'>): Send {
  return async (url, init) => {
    const request = new Request(url, init);
    const requestId = `direct-${++directRequests}`;
    const response = await backend.handle(request, { requestId });
    if (response.type === 'error') throw new TypeError('Failed to fetch');
    const scenario = scenarioOf(backend, requestId, new URL(url).pathname);
    if (scenario !== undefined) watchResponse(request, response, scenario);
    return response;
  };
}

function expectStatus(answer: ApiAnswer, status: number, what: string): void {
  if (answer.status !== status) throw new Error(`${what}: expected ${status}, got ${answer.status} ${answer.text}`);
}

/** The API helpers over one way of sending. */
export function createApi(send: Send) {
  /** Sends one request to `BASE_URL + path`. */
  async function call(method: string, path: string, options: CallOptions = {}): Promise<ApiAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await send(`${BASE_URL}${path}`, { method, headers, body });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  /** POST create-anonymous. */
  function postCreate(options: { metadata?: unknown; idempotencyKey?: string; rawBody?: string } = {}): Promise<ApiAnswer> {
    return call('POST', '/api/session/create-anonymous', {
      ...(options.metadata === undefined ? {} : { body: { metadata: options.metadata } }),
      ...(options.rawBody === undefined ? {} : { rawBody: options.rawBody }),
      headers: options.idempotencyKey === undefined ? {} : { 'Idempotency-Key': options.idempotencyKey },
    });
  }

  /** GET /api/session/{id}, with the token header unless `token` is null. */
  function getSession(sessionId: string, token: string | null): Promise<ApiAnswer> {
    return call('GET', `/api/session/${sessionId}`, { headers: token === null ? {} : { 'X-Session-Token': token } });
  }

  /** PATCH /api/session/{id}/upgrade. */
  function patchUpgrade(sessionId: string, token: string | null, options: CallOptions = {}): Promise<ApiAnswer> {
    return call('PATCH', `/api/session/${sessionId}/upgrade`, {
      ...options,
      headers: { ...(token === null ? {} : { 'X-Session-Token': token }), ...options.headers },
    });
  }

  /** POST /api/session/{id}/logout. */
  function postLogout(sessionId: string, token: string | null): Promise<ApiAnswer> {
    return call('POST', `/api/session/${sessionId}/logout`, { headers: token === null ? {} : { 'X-Session-Token': token } });
  }

  /** POST /api/auth/login. */
  function postLogin(body: unknown): Promise<ApiAnswer> {
    return call('POST', '/api/auth/login', { body });
  }

  /** Arrange: a new anonymous session (fails the test unless 201). */
  async function createSession(metadata?: Record<string, unknown>): Promise<SessionWithToken> {
    const answer = await postCreate(metadata === undefined ? {} : { metadata });
    expectStatus(answer, 201, 'create-anonymous');
    return answer.json as SessionWithToken;
  }

  /** Arrange: an access token for a seeded account (fails the test unless 200). */
  async function loginAs(email: string, password: string = DEMO_PASSWORD): Promise<LoginResponse> {
    const answer = await postLogin({ email, password });
    expectStatus(answer, 200, `login ${email}`);
    return answer.json as LoginResponse;
  }

  /** Arrange: upgrades a session with a login's identity (fails the test unless 200). */
  async function upgradeWith(created: { session: { session_id: string }; session_token: string }, grant: LoginResponse, metadata?: Record<string, unknown>): Promise<SessionWithToken> {
    const answer = await patchUpgrade(created.session.session_id, created.session_token, {
      body: { user_id: grant.user_id, tenant_id: grant.tenant_id, access_token: grant.access_token, ...(metadata ? { metadata } : {}) },
    });
    expectStatus(answer, 200, 'upgrade');
    return answer.json as SessionWithToken;
  }

  /** Arrange: reads a session (fails the test unless 200). */
  async function readSession(sessionId: string, token: string): Promise<SessionEnvelope> {
    const answer = await getSession(sessionId, token);
    expectStatus(answer, 200, 'get session');
    return answer.json as SessionEnvelope;
  }

  return { call, postCreate, getSession, patchUpgrade, postLogout, postLogin, createSession, loginAs, upgradeWith, readSession };
}

/** Through `fetch`, looked up at call time so MSW's interception applies. */
export const { call, postCreate, getSession, patchUpgrade, postLogout, postLogin, createSession, loginAs, upgradeWith, readSession } = createApi(
  (url, init) => fetch(url, init),
);
