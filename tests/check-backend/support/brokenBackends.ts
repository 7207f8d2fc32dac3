/**
 * Backends that break one rule of the contract each, made as proxy handlers in front of a
 * working backend (any backend of the contract), with the checks each one must fail.
 */
import { randomUUID } from 'node:crypto';
import { jsonOf, jsonResponse, type ProxyHandler, type ProxyRequest, type ProxyResponse } from './httpProxy.ts';

/** One deliberately broken backend. */
export interface BrokenBackend {
  name: string;
  /** The checks that must fail against it, and no other. */
  breaks: string[];
  /** Extra command-line arguments of the run (e.g. `--idle-seconds`). */
  args?: string[];
  /** A fresh handler (with fresh state) per run. */
  handler: () => ProxyHandler;
}

const SESSION_ROUTE = /^\/api\/session\/([^/?]+)(\/upgrade|\/logout)?(?:\?.*)?$/;

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The session id of a contract route under /api/session/{id}, or null. */
function sessionIdOf(request: ProxyRequest): string | null {
  if (request.path.startsWith('/api/session/create-anonymous')) return null;
  const match = SESSION_ROUTE.exec(request.path);
  return match ? decodeURIComponent(match[1]!) : null;
}

function isUpgrade(request: ProxyRequest): boolean {
  return request.method === 'PATCH' && sessionIdOf(request) !== null && /\/upgrade(\?|$)/.test(request.path);
}

function isLogout(request: ProxyRequest): boolean {
  return request.method === 'POST' && sessionIdOf(request) !== null && /\/logout(\?|$)/.test(request.path);
}

function isCreate(request: ProxyRequest): boolean {
  return request.method === 'POST' && request.path.startsWith('/api/session/create-anonymous');
}

function withHeader(request: ProxyRequest, name: string, value: string | null): ProxyRequest {
  const headers = { ...request.headers };
  if (value === null) delete headers[name];
  else headers[name] = value;
  return { ...request, headers };
}

function withJsonBody<T extends { body: Buffer }>(message: T, value: unknown): T {
  return { ...message, body: Buffer.from(JSON.stringify(value)) };
}

/** The `{session, session_token}` of an answer, if it has them. */
function sessionAnswer(response: ProxyResponse): { sessionId: string; token: string; body: Record<string, unknown> } | null {
  const body = jsonOf(response);
  if (!isJsonObject(body) || !isJsonObject(body.session)) return null;
  const { session_id: sessionId } = body.session;
  const token = body.session_token;
  return typeof sessionId === 'string' && typeof token === 'string' ? { sessionId, token, body } : null;
}

/**
 * Replaces session tokens between the client and the upstream: `toClient` makes the token the
 * client sees, and the client's tokens are mapped back on the way in.
 */
function tokenTranslator(toClient: (upstreamToken: string) => string): ProxyHandler {
  const upstreamOf = new Map<string, string>();
  const clientOf = new Map<string, string>();
  return async (request, forward) => {
    const sent = request.headers['x-session-token'];
    const inbound = sent !== undefined && upstreamOf.has(sent) ? withHeader(request, 'x-session-token', upstreamOf.get(sent)!) : request;
    const response = await forward(inbound);
    const answer = sessionAnswer(response);
    if (!answer) return response;
    let clientToken = clientOf.get(answer.token);
    if (clientToken === undefined) {
      clientToken = toClient(answer.token);
      clientOf.set(answer.token, clientToken);
      upstreamOf.set(clientToken, answer.token);
    }
    return withJsonBody(response, { ...answer.body, session_token: clientToken });
  };
}

/** Adds `extra` to every JSON object answer, and to its `session` and error items. */
function addExtraFields(value: unknown): unknown {
  if (!isJsonObject(value)) return value;
  const copy: Record<string, unknown> = { ...value, served_by: 'edge-7', api_version: '1.4' };
  if (isJsonObject(value.session)) copy.session = { ...value.session, region: 'eu-west', flags: ['beta'] };
  if (Array.isArray(value.detail)) copy.detail = value.detail.map((item) => (isJsonObject(item) ? { ...item, url: 'https://errors.example.test/422' } : item));
  return copy;
}

const passThrough: ProxyHandler = (request, forward) => forward(request);

/** The access tokens the upstream issued, learnt from its login answers as they pass. */
function issuedAccessTokens() {
  const identityOf = new Map<string, { user_id: unknown; tenant_id: unknown }>();
  const latestOfUser = new Map<string, string>();
  return {
    learnFrom(request: ProxyRequest, response: ProxyResponse): void {
      const login = request.path === '/api/auth/login' ? jsonOf(response) : undefined;
      if (!isJsonObject(login) || typeof login.access_token !== 'string') return;
      identityOf.set(login.access_token, { user_id: login.user_id, tenant_id: login.tenant_id });
      latestOfUser.set(String(login.user_id), login.access_token);
    },
    identityOf: (accessToken: string) => identityOf.get(accessToken),
    latestOfUser: (userId: string) => latestOfUser.get(userId),
  };
}

/** The broken backends, each with the checks it must fail. */
export const BROKEN_BACKENDS: readonly BrokenBackend[] = [
  {
    name: 'a working backend behind the proxy (control)',
    breaks: [],
    handler: () => passThrough,
  },
  {
    name: 'extra fields in every answer (must not fail: SPEC §2 lets a backend add fields)',
    breaks: [],
    handler: () => async (request, forward) => {
      const response = await forward(request);
      const body = jsonOf(response);
      return body === undefined ? response : withJsonBody(response, addExtraFields(body));
    },
  },
  {
    name: 'no rotation: the upgrade hands back the old token',
    breaks: ['upgrade.rotates-token', 'upgrade.old-token-refused', 'upgrade.replay-previous-token-closed'],
    handler: () => {
      const rotatedTo = new Map<string, string>();
      return async (request, forward) => {
        const sent = request.headers['x-session-token'];
        const mapped = sent !== undefined && rotatedTo.has(sent) ? withHeader(request, 'x-session-token', rotatedTo.get(sent)!) : request;
        const response = await forward(mapped);
        const answer = isUpgrade(request) && response.status === 200 ? sessionAnswer(response) : null;
        if (!answer || sent === undefined) return response;
        rotatedTo.set(sent, answer.token);
        return withJsonBody(response, { ...answer.body, session_token: sent });
      };
    },
  },
  {
    name: 'the old token still accepted after an upgrade',
    breaks: ['upgrade.old-token-refused', 'upgrade.replay-previous-token-closed'],
    handler: () => {
      const latestToken = new Map<string, string>();
      const issued = new Set<string>();
      return async (request, forward) => {
        const sessionId = sessionIdOf(request);
        const sent = request.headers['x-session-token'];
        const stale = sessionId !== null && sent !== undefined && issued.has(`${sessionId} ${sent}`) && !request.headers['idempotency-key'];
        const response = await forward(stale ? withHeader(request, 'x-session-token', latestToken.get(sessionId)!) : request);
        const answer = sessionAnswer(response);
        if (answer) {
          latestToken.set(answer.sessionId, answer.token);
          issued.add(`${answer.sessionId} ${answer.token}`);
        }
        return response;
      };
    },
  },
  {
    name: '200 instead of 409 when another user upgrades an upgraded session',
    breaks: ['upgrade.conflict'],
    handler: () => async (request, forward) => {
      const response = await forward(request);
      if (!isUpgrade(request) || response.status !== 409) return response;
      const token = request.headers['x-session-token'] ?? '';
      const current = await forward({ method: 'GET', path: `/api/session/${encodeURIComponent(sessionIdOf(request)!)}`, headers: { 'x-session-token': token }, body: Buffer.alloc(0) });
      const body = jsonOf(current);
      return jsonResponse(200, { session: isJsonObject(body) ? body.session : null, session_token: token });
    },
  },
  {
    name: 'no idempotency on create (the key is ignored)',
    breaks: ['create.idempotency-replay'],
    handler: () => (request, forward) => forward(isCreate(request) ? withHeader(request, 'idempotency-key', null) : request),
  },
  {
    name: 'no replay of a lost upgrade (the key is ignored)',
    breaks: ['upgrade.replay-same-key'],
    handler: () => (request, forward) => forward(isUpgrade(request) ? withHeader(request, 'idempotency-key', null) : request),
  },
  {
    name: '500 for a body that is not valid JSON',
    breaks: ['validation.malformed-json'],
    handler: () => async (request, forward) => {
      const declaresJson = (request.headers['content-type'] ?? '').startsWith('application/json');
      if (declaresJson && request.body.length > 0 && jsonOf(request) === undefined) {
        return { status: 500, headers: { 'content-type': 'text/plain' }, body: Buffer.from('Internal Server Error') };
      }
      return forward(request);
    },
  },
  {
    name: 'a JSON body sent as text/plain is parsed anyway',
    breaks: ['validation.non-json-content-type'],
    handler: () => (request, forward) =>
      forward(request.headers['content-type']?.startsWith('text/plain') ? withHeader(request, 'content-type', 'application/json') : request),
  },
  {
    name: "422 errors as {detail: string} instead of FastAPI's list",
    breaks: ['validation.missing-field', 'validation.wrong-type', 'validation.malformed-json', 'validation.non-json-content-type'],
    handler: () => async (request, forward) => {
      const response = await forward(request);
      return response.status === 422 ? jsonResponse(422, { detail: 'Invalid request' }) : response;
    },
  },
  {
    name: 'CORS preflight without Idempotency-Key among the allowed headers',
    breaks: ['cors.preflight'],
    handler: () => async (request, forward) => {
      const response = await forward(request);
      const allowed = response.headers['access-control-allow-headers'];
      if (request.method !== 'OPTIONS' || allowed === undefined) return response;
      const kept = allowed.split(',').map((name) => name.trim()).filter((name) => name.toLowerCase() !== 'idempotency-key');
      return { ...response, headers: { ...response.headers, 'access-control-allow-headers': kept.join(', ') } };
    },
  },
  {
    name: 'no Access-Control-Allow-Origin on answers (preflights still fine)',
    breaks: ['cors.response-headers'],
    handler: () => async (request, forward) => {
      const response = await forward(request);
      if (request.method === 'OPTIONS') return response;
      const headers = { ...response.headers };
      delete headers['access-control-allow-origin'];
      return { ...response, headers };
    },
  },
  {
    name: '422 instead of 401 for a missing X-Session-Token (the header declared required)',
    breaks: ['session-token.missing'],
    handler: () => async (request, forward) => {
      const contractMethod = ['GET', 'PATCH', 'POST'].includes(request.method);
      if (!contractMethod || sessionIdOf(request) === null || request.headers['x-session-token'] !== undefined) return forward(request);
      return jsonResponse(422, { detail: [{ loc: ['header', 'x-session-token'], msg: 'field required', type: 'value_error.missing' }] });
    },
  },
  {
    name: '401 instead of 404 for an unknown session',
    breaks: ['session.unknown'],
    handler: () => async (request, forward) => {
      const response = await forward(request);
      return sessionIdOf(request) !== null && response.status === 404 ? jsonResponse(401, { detail: 'Invalid session token' }) : response;
    },
  },
  {
    name: 'logout answers 204 but the session lives on',
    breaks: ['logout.ends-session'],
    handler: () => async (request, forward) => {
      if (!isLogout(request)) return forward(request);
      const path = request.path.replace(/\/logout(\?.*)?$/, '');
      const check = await forward({ ...request, method: 'GET', path, body: Buffer.alloc(0) });
      return check.status === 200 ? { status: 204, headers: {}, body: Buffer.alloc(0) } : check;
    },
  },
  {
    name: 'predictable tokens (a counter, padded to 43 characters)',
    breaks: ['token.entropy'],
    handler: () => {
      let issued = 0;
      return tokenTranslator(() => String(++issued).padStart(43, '0'));
    },
  },
  {
    name: 'UUIDs as session tokens (122 random bits)',
    breaks: ['token.entropy'],
    handler: () => tokenTranslator(() => randomUUID()),
  },
  {
    name: 'user_id and tenant_id taken from the access token instead of answering 403',
    breaks: ['upgrade.identity-mismatch'],
    handler: () => {
      const issued = issuedAccessTokens();
      return async (request, forward) => {
        const body = jsonOf(request);
        // Only well-typed bodies: the type checks (422) still come first, as in FastAPI.
        const wellTyped = isJsonObject(body) && [body.access_token, body.user_id, body.tenant_id].every((field) => typeof field === 'string');
        const identity = isUpgrade(request) && wellTyped ? issued.identityOf(String(body.access_token)) : undefined;
        const response = await forward(identity && isJsonObject(body) ? withJsonBody(request, { ...body, ...identity }) : request);
        issued.learnFrom(request, response);
        return response;
      };
    },
  },
  {
    name: 'an access token the server never issued is accepted',
    breaks: ['upgrade.bad-access-token'],
    handler: () => {
      const issued = issuedAccessTokens();
      return async (request, forward) => {
        const body = jsonOf(request);
        const forged = isUpgrade(request) && isJsonObject(body) && typeof body.access_token === 'string' && !issued.identityOf(body.access_token);
        const substitute = forged && isJsonObject(body) ? issued.latestOfUser(String(body.user_id)) : undefined;
        const response = await forward(substitute && isJsonObject(body) ? withJsonBody(request, { ...body, access_token: substitute }) : request);
        issued.learnFrom(request, response);
        return response;
      };
    },
  },
  {
    name: '409 when the same user upgrades again',
    breaks: ['upgrade.same-user-idempotent'],
    handler: () => {
      const boundTo = new Map<string, { user: unknown; token: string }>();
      return async (request, forward) => {
        const sessionId = sessionIdOf(request);
        const body = jsonOf(request);
        const bound = sessionId === null ? undefined : boundTo.get(sessionId);
        const again =
          isUpgrade(request) &&
          !request.headers['idempotency-key'] &&
          bound !== undefined &&
          bound.token === request.headers['x-session-token'] &&
          isJsonObject(body) &&
          body.user_id === bound.user;
        if (again) return jsonResponse(409, { detail: 'Session already upgraded' });
        const response = await forward(request);
        const answer = isUpgrade(request) && response.status === 200 ? sessionAnswer(response) : null;
        if (answer && isJsonObject(answer.body.session)) boundTo.set(answer.sessionId, { user: answer.body.session.user_id, token: answer.token });
        return response;
      };
    },
  },
  {
    name: 'a create without a body answers 422',
    breaks: ['create.optional-body'],
    handler: () => async (request, forward) =>
      isCreate(request) && request.body.length === 0
        ? jsonResponse(422, { detail: [{ loc: ['body'], msg: 'field required', type: 'value_error.missing' }] })
        : forward(request),
  },
  {
    name: 'a stack trace in the 404 of a session',
    breaks: ['errors.no-internals'],
    handler: () => async (request, forward) => {
      const response = await forward(request);
      const body = jsonOf(response);
      if (sessionIdOf(request) === null || response.status !== 404 || !isJsonObject(body)) return response;
      const trace = 'Traceback (most recent call last):\n  File "/srv/api/sessions.py", line 88, in get_session\nKeyError: session';
      return withJsonBody(response, { detail: `${String(body.detail)}\n${trace}` });
    },
  },
  {
    name: '404 instead of 405 for a method the contract lacks',
    breaks: ['fastapi.unknown-method'],
    handler: () => async (request, forward) => {
      const response = await forward(request);
      return response.status === 405 ? jsonResponse(404, { detail: 'Not Found' }) : response;
    },
  },
  {
    name: 'an idle timeout longer than the one claimed (--idle-seconds 1 against 30 minutes)',
    breaks: ['expiry.idle'],
    args: ['--idle-seconds', '1'],
    handler: () => passThrough,
  },
];
