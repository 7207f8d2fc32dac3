/**
 * A gate in front of the MSW mock backend: it holds every request until the test says how to
 * answer it, with the real mock's answer or a fault. The faults themselves, and which endpoint a
 * request is for, come from tests/support/network.ts.
 */
import { http } from 'msw';
import { server } from '../../mocks/node.ts';
import { endpointOf as endpointOfRequest, faultResponse, WIRE_FAULTS, type Endpoint, type WireFault } from '../support/network.ts';

export { faultResponse, type Endpoint };

/** The endpoint a request is for, or undefined. */
export const endpointOf = (request: { method: string; url: string }): Endpoint | undefined => endpointOfRequest(request.method, request.url);

/** What can go wrong with one response. */
export const faults = WIRE_FAULTS;
export type Fault = WireFault;

/** How a held request is answered: by the real mock (`pass`) or with a fault. */
export type Answer = 'pass' | Fault;

const fromOrigin = (request: Request, origin?: string) => !origin || new URL(request.url).origin === origin;

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
      if (!held.includes(r)) return;
      take(r);
      r.answer(a);
    },
    /** Answers everything held now with the real mock. */
    passAll() {
      for (const r of held.splice(0)) r.answer('pass');
    },
  };
}
export type Gate = ReturnType<typeof gateBackend>;
