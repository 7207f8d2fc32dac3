/**
 * Test doubles around the MSW mock backend: which endpoint a request is for, how each fault
 * looks on the wire, and a gate that holds every request until the test says how to answer it
 * (with the real mock's answer, or a fault).
 */
import { http, HttpResponse } from 'msw';
import { server } from '../../mocks/node.ts';
import { FAULTS, type MatrixFault } from './matrix.ts';

/** The endpoints of the experience API (SPEC §2). */
export type Endpoint = 'create' | 'get' | 'upgrade' | 'logout' | 'login';

export const endpoints: Record<Endpoint, { method: string; path: string; pattern: RegExp; success: number }> = {
  get: { method: 'GET', path: '/api/session/{session_id}', pattern: /^\/api\/session\/(?!create-anonymous$)[^/]+$/, success: 200 },
  create: { method: 'POST', path: '/api/session/create-anonymous', pattern: /^\/api\/session\/create-anonymous$/, success: 201 },
  login: { method: 'POST', path: '/api/auth/login', pattern: /^\/api\/auth\/login$/, success: 200 },
  upgrade: { method: 'PATCH', path: '/api/session/{session_id}/upgrade', pattern: /^\/api\/session\/[^/]+\/upgrade$/, success: 200 },
  logout: { method: 'POST', path: '/api/session/{session_id}/logout', pattern: /^\/api\/session\/[^/]+\/logout$/, success: 204 },
};

/** The endpoint a request is for, or undefined. */
export function endpointOf(request: { method: string; url: string }): Endpoint | undefined {
  const path = new URL(request.url).pathname;
  return (Object.keys(endpoints) as Endpoint[]).find((e) => endpoints[e].method === request.method && endpoints[e].pattern.test(path));
}

/** What can go wrong with one response. */
export const faults = FAULTS;
export type Fault = MatrixFault;

/** How a held request is answered: by the real mock (`pass`) or with a fault. */
export type Answer = 'pass' | Fault;

const detail: Record<string, string> = {
  '401': 'Invalid session token',
  '403': 'user_id and tenant_id do not match the access token',
  '404': 'Session not found',
  '409': 'Session is already bound to another user',
  '500': 'Internal Server Error',
  '503': 'Service temporarily unavailable',
};

/**
 * The response of a fault, as a real server or network would give it. `timeout` never answers
 * (until the client gives up and aborts). `invalid-json` and `wrong-shape` come with the
 * endpoint's success status.
 */
export async function faultResponse(fault: Fault, endpoint: Endpoint, request: Request): Promise<Response> {
  const ok = endpoints[endpoint].success === 204 ? 200 : endpoints[endpoint].success;
  switch (fault) {
    case 'network':
      return HttpResponse.error();
    case 'timeout':
      await new Promise<void>((resolve) => {
        if (request.signal.aborted) return resolve();
        request.signal.addEventListener('abort', () => resolve(), { once: true });
        setTimeout(resolve, 5000);
      });
      return HttpResponse.error();
    case 'invalid-json':
      return new HttpResponse('{"session": {"session_id": "ses_', { status: ok, headers: { 'content-type': 'application/json' } });
    case 'wrong-shape':
      return HttpResponse.json({ sessionId: 'ses_wrong', token: 42, ok: true }, { status: ok });
    case '422':
      return HttpResponse.json({ detail: [{ loc: ['body', 'metadata'], msg: 'Input should be a valid dictionary', type: 'dict_type' }] }, { status: 422 });
    default:
      return HttpResponse.json({ detail: detail[fault] ?? 'Error' }, { status: Number(fault) });
  }
}

const fromOrigin = (request: Request, origin?: string) => !origin || new URL(request.url).origin === origin;

/**
 * Answers every request to `endpoint` (from `origin`, if given) with `fault`; other endpoints
 * work normally. Until the handlers are reset.
 */
export function failEndpoint(endpoint: Endpoint, fault: Fault, origin?: string) {
  const seen = { count: 0, bodies: [] as string[] };
  server.use(
    http.all('*/api/*', async ({ request }) => {
      if (endpointOf(request) !== endpoint || !fromOrigin(request, origin)) return undefined;
      seen.count++;
      seen.bodies.push(await request.clone().text());
      return faultResponse(fault, endpoint, request);
    }),
  );
  return seen;
}

export interface HeldRequest {
  endpoint: Endpoint;
  method: string;
  path: string;
  headers: Headers;
  body: string;
  answer(a: Answer): void;
}

/**
 * Holds every API request (from `origin`, if given) until the test answers it. `next(endpoint)`
 * waits for the next held request and checks it is for that endpoint. `maxHeld` is the most
 * requests ever held at once.
 */
export function gateBackend(origin?: string) {
  const held: HeldRequest[] = [];
  const waiters: (() => void)[] = [];
  const stats = { maxHeld: 0, total: 0 };
  server.use(
    http.all('*/api/*', async ({ request }) => {
      const endpoint = endpointOf(request);
      if (!endpoint || !fromOrigin(request, origin)) return undefined;
      const body = await request.clone().text();
      const answer = await new Promise<Answer>((resolve) => {
        held.push({ endpoint, method: request.method, path: new URL(request.url).pathname, headers: request.headers, body, answer: resolve });
        stats.total++;
        stats.maxHeld = Math.max(stats.maxHeld, held.length);
        waiters.splice(0).forEach((w) => w());
      });
      if (answer === 'pass') return undefined;
      return faultResponse(answer, endpoint, request);
    }),
  );
  const take = (r: HeldRequest) => held.splice(held.indexOf(r), 1);
  return {
    stats,
    held: () => [...held],
    /** The next held request; fails unless it is for `endpoint`. */
    async next(endpoint: Endpoint, timeoutMs = 2000): Promise<HeldRequest> {
      const until = Date.now() + timeoutMs;
      while (!held.length) {
        if (Date.now() > until) throw new Error(`expected a ${endpoint} request, but none came`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 20);
        });
      }
      const r = held[0]!;
      if (r.endpoint !== endpoint) throw new Error(`expected a ${endpoint} request, got ${r.method} ${r.path}`);
      return r;
    },
    /** Answers the next held request, which must be for `endpoint`. */
    async answer(endpoint: Endpoint, a: Answer): Promise<HeldRequest> {
      const r = await this.next(endpoint);
      take(r);
      r.answer(a);
      return r;
    },
    /** Answers one held request (e.g. one its client abandoned). */
    release(r: HeldRequest, a: Answer = 'pass') {
      if (held.includes(r)) take(r), r.answer(a);
    },
    /** Answers everything held now with the real mock. */
    passAll() {
      for (const r of held.splice(0)) r.answer('pass');
    },
  };
}
export type Gate = ReturnType<typeof gateBackend>;
