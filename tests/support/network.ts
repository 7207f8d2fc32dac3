/**
 * What the network does to the tests' requests, through the MSW node server: hold them, lose
 * their answers after the mock acted, fail them, and record what they carried.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { server } from '../../mocks/node.ts';
import { backend } from './mockBackend.ts';

type Method = 'get' | 'post' | 'patch' | 'put';
/** An endpoint as MSW matches it (any origin). */
export interface Route {
  method: Method;
  path: string;
}

export const routes = {
  create: { method: 'post', path: '*/api/session/create-anonymous' },
  get: { method: 'get', path: '*/api/session/:id' },
  upgrade: { method: 'patch', path: '*/api/session/:id/upgrade' },
  logout: { method: 'post', path: '*/api/session/:id/logout' },
  login: { method: 'post', path: '*/api/auth/login' },
} as const satisfies Record<string, Route>;

/** `route` on one origin only, e.g. `onOrigin(routes.create, app.origin)`: faults stay on that page's API. */
export const onOrigin = (route: Route, origin: string): Route => ({ method: route.method, path: route.path.replace(/^\*/, origin) });

/** The five endpoints of the experience API, by name. */
export type Endpoint = 'create' | 'get' | 'upgrade' | 'logout' | 'login';

/** The endpoint a request is for, or undefined (an app's own call, say). */
export function endpointOf(method: string, url: string): Endpoint | undefined {
  const path = new URL(url).pathname;
  if (method === 'POST' && path === '/api/session/create-anonymous') return 'create';
  if (method === 'POST' && path === '/api/auth/login') return 'login';
  if (method === 'GET' && /^\/api\/session\/[^/]+$/.test(path)) return 'get';
  if (method === 'PATCH' && /^\/api\/session\/[^/]+\/upgrade$/.test(path)) return 'upgrade';
  if (method === 'POST' && /^\/api\/session\/[^/]+\/logout$/.test(path)) return 'logout';
  return undefined;
}

const on = (route: Route, resolver: Parameters<typeof http.get>[1], options?: { once: boolean }): HttpHandler =>
  http[route.method](route.path, resolver, options);

/** Holds every request to `route` until `release()`; then the mock answers them. */
export function hold(route: Route) {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived = 0;
  server.use(
    on(route, async ({ request }) => {
      arrived++;
      await released;
      return backend.handle(request);
    }),
  );
  return {
    release: () => release(),
    get arrived() {
      return arrived;
    },
  };
}

/** A JSON body cut short. */
const GARBLED_BODY = '{"session": {"session_id": "ses_';

/** The next `times` requests to `route` reach the mock, which acts on them; `replace` turns its answer into what arrives. */
function afterTheMock(route: Route, times: number, replace: (answer: Response) => Response) {
  let left = times;
  server.use(
    on(route, async ({ request }) => {
      if (left === 0) return undefined;
      left--;
      return replace(await backend.handle(request));
    }),
  );
  return () => times - left;
}

/** The next `times` requests to `route` reach the mock, which acts on them; their answers are lost. `lost` counts them. */
export function loseAnswers(route: Route, times = 1) {
  const count = afterTheMock(route, times, () => HttpResponse.error());
  return {
    get lost() {
      return count();
    },
  };
}

/**
 * The next `times` requests to `route` reach the mock, which acts on them; their answers arrive
 * garbled (the mock's status, a body cut short). `garbled` counts them.
 */
export function garbleAnswers(route: Route, times = 1) {
  const count = afterTheMock(route, times, (answer) => new HttpResponse(GARBLED_BODY, { status: answer.status, headers: { 'content-type': 'application/json' } }));
  return {
    get garbled() {
      return count();
    },
  };
}

/** Every request to `route` answers `status` with FastAPI's `{ detail }` (the mock is not asked). */
export function answer(route: Route, status: number, detail = 'Refused by the test', options?: { once: boolean }) {
  server.use(on(route, () => HttpResponse.json({ detail }, { status }), options));
}

/** The `Idempotency-Key` (or `null`) of every request to `route` from now on, in order. */
export function idempotencyKeysOf(route: Route): (string | null)[] {
  const keys: (string | null)[] = [];
  server.use(
    on(route, ({ request }) => {
      keys.push(request.headers.get('Idempotency-Key'));
      return undefined;
    }),
  );
  return keys;
}

/** How an answer can go wrong on the wire (the mock is not asked). */
export const WIRE_FAULTS = ['network', 'timeout', '500', '503', 'invalid-json', 'wrong-shape', '401', '403', '404', '409', '422'] as const;
export type WireFault = (typeof WIRE_FAULTS)[number];

// What FastAPI says with each error status.
const FAULT_DETAIL: Record<string, string> = {
  '401': 'Invalid session token',
  '403': 'user_id and tenant_id do not match the access token',
  '404': 'Session not found',
  '409': 'Session is already bound to another user',
  '500': 'Internal Server Error',
  '503': 'Service temporarily unavailable',
};

// The status of each endpoint's success (a garbled body comes with it; 204 has no body, so 200).
const GARBLED_STATUS: Record<Endpoint, number> = { create: 201, get: 200, upgrade: 200, logout: 200, login: 200 };

/**
 * The answer of `fault` to a request for `endpoint`, as a real server or network gives it.
 * `timeout` never answers (until the client gives up and aborts); `invalid-json` and
 * `wrong-shape` come with the endpoint's success status.
 */
export async function faultResponse(fault: WireFault, endpoint: Endpoint, request: Request): Promise<Response> {
  const ok = GARBLED_STATUS[endpoint];
  switch (fault) {
    case 'network':
      return HttpResponse.error();
    case 'timeout':
      await new Promise<void>((resolve) => {
        if (request.signal.aborted) return resolve();
        const giveUp = setTimeout(resolve, 5000);
        request.signal.addEventListener('abort', () => {
          clearTimeout(giveUp);
          resolve();
        }, { once: true });
      });
      return HttpResponse.error();
    case 'invalid-json':
      return new HttpResponse(GARBLED_BODY, { status: ok, headers: { 'content-type': 'application/json' } });
    case 'wrong-shape':
      return HttpResponse.json({ sessionId: 'ses_wrong', token: 42, ok: true }, { status: ok });
    case '422':
      return HttpResponse.json({ detail: [{ loc: ['body', 'metadata'], msg: 'Input should be a valid dictionary', type: 'dict_type' }] }, { status: 422 });
    default:
      return HttpResponse.json({ detail: FAULT_DETAIL[fault] ?? 'Error' }, { status: Number(fault) });
  }
}

/**
 * Every request to `route` gets `fault` (the mock is not asked) until the handlers are reset.
 * `count` and `bodies` tell what arrived.
 */
export function fail(route: Route, fault: WireFault) {
  const seen = { count: 0, bodies: [] as string[] };
  server.use(
    on(route, async ({ request }) => {
      const endpoint = endpointOf(request.method, request.url);
      if (!endpoint) return undefined;
      seen.count++;
      seen.bodies.push(await request.clone().text());
      return faultResponse(fault, endpoint, request);
    }),
  );
  return seen;
}

/** The network works again: every hold, fault and recorder a test added is gone. */
export function heal() {
  server.resetHandlers();
}

/**
 * An endpoint of the app's own API, or of any other site: every request to `url` (an MSW path,
 * e.g. `${origin}/app/*`) answers `status` (with `location`: a redirect there); `calls` records
 * each request's URL and the `X-Session-Token` it carried.
 */
export function serve(url: string, { status = 200, location }: { status?: number; location?: string } = {}) {
  const calls: { url: string; token: string | null }[] = [];
  server.use(
    http.all(url, ({ request }) => {
      calls.push({ url: request.url, token: request.headers.get('X-Session-Token') });
      if (location) return new HttpResponse(null, { status, headers: { Location: location } });
      return HttpResponse.json(status < 400 ? {} : { detail: 'Not authenticated' }, { status });
    }),
  );
  return { calls };
}

/** How a test answers a held request: as the mock does, as a failed network, or with an error status and FastAPI's `{ detail }`. */
export type GateReply = 'pass' | 'network' | { status: number; detail: string };

/** A request a {@link gate} holds: its endpoint and the `Idempotency-Key` it carries. */
export interface HeldRequest {
  endpoint: Endpoint;
  idempotencyKey: string | null;
}

/**
 * Holds every experience-API request of the page at `origin` until the test answers it, so a
 * test decides when and how each request settles. The mock acts on a request only when it is
 * answered with `'pass'`.
 */
export function gate(origin: string) {
  const held: (HeldRequest & { settle: (reply: GateReply) => void })[] = [];
  server.use(
    http.all(`${origin}/api/*`, async ({ request }) => {
      const endpoint = endpointOf(request.method, request.url);
      if (!endpoint) return undefined;
      const idempotencyKey = request.headers.get('Idempotency-Key');
      const reply = await new Promise<GateReply>((settle) => held.push({ endpoint, idempotencyKey, settle }));
      if (reply === 'pass') return backend.handle(request);
      if (reply === 'network') return HttpResponse.error();
      return HttpResponse.json({ detail: reply.detail }, { status: reply.status });
    }),
  );
  return {
    /** The requests held now, oldest first. */
    held: (): HeldRequest[] => held.map(({ endpoint, idempotencyKey }) => ({ endpoint, idempotencyKey })),
    /** Answers the oldest held request, which must be for `endpoint`. */
    answer(endpoint: Endpoint, reply: GateReply) {
      const oldest = held[0];
      if (oldest?.endpoint !== endpoint) throw new Error(`expected a held ${endpoint} request, found ${oldest?.endpoint ?? 'none'}`);
      held.shift();
      oldest.settle(reply);
    },
    /** Fails every held request (the page is gone; the mock never sees them). */
    dropAll() {
      for (const request of held.splice(0)) request.settle('network');
    },
  };
}
export type Gate = ReturnType<typeof gate>;
