/**
 * What the backend answers, before a transport turns it into a Response: FastAPI's shapes
 * (`{"detail": "..."}`, 422 `{"detail": [...]}`), typed by the contract.
 */
import type {
  HTTPError,
  HTTPValidationError,
  LoginResponse,
  SessionEnvelope,
  SessionWithToken,
  ValidationErrorItem,
} from '../../src/api/types.ts';
import type { MockSeededSession, MockState, RequestLogEntry, MockSession } from '../mockApiTypes.ts';

/** A JSON body the backend sends. */
export type ReplyBody =
  | SessionEnvelope
  | SessionWithToken
  | LoginResponse
  | HTTPError
  | HTTPValidationError
  | { sessions: MockSession[] }
  | { requests: readonly RequestLogEntry[] }
  | MockSeededSession
  | MockState;

/** A status, a JSON body (none for 204) and extra headers. */
export interface MockReply {
  status: number;
  body?: ReplyBody;
  headers?: Record<string, string>;
}

/** The messages FastAPI's router and error handlers send. */
const ROUTER_NOT_FOUND = 'Not Found';
export const METHOD_NOT_ALLOWED = 'Method Not Allowed';
export const INTERNAL_SERVER_ERROR = 'Internal Server Error';

export const reply = {
  ok(body: SessionEnvelope | SessionWithToken | LoginResponse | MockState | { sessions: MockSession[] } | { requests: readonly RequestLogEntry[] }): MockReply {
    return { status: 200, body };
  },
  created(body: SessionWithToken): MockReply {
    return { status: 201, body };
  },
  /** A session the admin API seeded: its id and its token, once. */
  seeded(body: MockSeededSession): MockReply {
    return { status: 201, body };
  },
  noContent(): MockReply {
    return { status: 204 };
  },
  /** FastAPI's `HTTPException`: `{"detail": "..."}`. */
  error(status: 401 | 403 | 404 | 409 | 500 | 503, detail: string, headers?: Record<string, string>): MockReply {
    return headers ? { status, body: { detail }, headers } : { status, body: { detail } };
  },
  /** FastAPI's `RequestValidationError`: 422 `{"detail": [{type, loc, msg, input, ctx?}, ...]}`. */
  invalid(errors: ValidationErrorItem[]): MockReply {
    return { status: 422, body: { detail: errors } };
  },
  /** The router's answer to a path no route matches. */
  notFound(): MockReply {
    return { status: 404, body: { detail: ROUTER_NOT_FOUND } };
  },
  /** The router's answer to a path that a route takes once its trailing slash is off: 307 to there, no body. */
  temporaryRedirect(location: string): MockReply {
    return { status: 307, headers: { location } };
  },
  /** The router's answer to a method the matched path does not take. */
  methodNotAllowed(allowed: readonly string[]): MockReply {
    return { status: 405, body: { detail: METHOD_NOT_ALLOWED }, headers: { allow: allowed.join(', ') } };
  },
};

/** The Response for a reply (no body for HEAD, as Starlette answers HEAD like GET without one). */
export function toResponse(answer: MockReply, method: string): Response {
  const headers = new Headers(answer.headers);
  if (answer.body === undefined) return new Response(null, { status: answer.status, headers });
  headers.set('content-type', 'application/json');
  return new Response(method === 'HEAD' ? null : JSON.stringify(answer.body), { status: answer.status, headers });
}
