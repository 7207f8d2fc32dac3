/**
 * What the network does to the tests' requests, through the MSW node server: hold them, lose
 * their answers after the mock acted, fail them, and record what they carried.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { server } from '../../mocks/node.ts';
import { backend } from './mockBackend.ts';

type Method = 'get' | 'post' | 'patch';
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

/** The next `times` requests to `route` reach the mock, which acts on them; their answers are lost. */
export function loseAnswers(route: Route, times = 1) {
  let left = times;
  server.use(
    on(route, async ({ request }) => {
      if (left === 0) return undefined;
      left--;
      await backend.handle(request);
      return HttpResponse.error();
    }),
  );
}

/** Takes back every `hold`, `loseAnswers`, `answer` and `idempotencyKeysOf` so far: the network works again. */
export function resetNetwork() {
  server.resetHandlers();
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
