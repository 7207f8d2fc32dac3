import type { LoginRequest, LoginResponse, Metadata, Session, SessionWithToken, UpgradeSessionRequest } from '../api/types.ts';
import { ApiError, type ApiErrorCode } from '../core/errors.ts';

/** Options for {@link ExperiencePlaneClient}. */
export interface ClientOptions {
  /** Prefix for every request, e.g. `https://api.example.com`. Default: same origin. */
  baseUrl?: string;
  /** Milliseconds before a request fails with code `timeout`. Default 10 000. */
  timeout?: number;
  /** The fetch to use. Default: the global `fetch`, looked up at call time (so MSW can patch it). */
  fetch?: typeof fetch;
}

type Check = (v: any) => unknown;

// The fields the library relies on; anything else in a body is passed through as the contract types it.
const orNull = (x: unknown) => x === null || typeof x == 'string';
const isSession = (s: any) => s?.session_id > '' && orNull(s.user_id) && orNull(s.tenant_id);
const isEnvelope = (v: any) => isSession(v?.session);
const isWithToken = (v: any) => isEnvelope(v) && v.session_token > '';
const isLogin = (v: any) => v?.access_token > '' && v.user_id > '' && v.tenant_id > '';
const CODES: Record<number, ApiErrorCode> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict' };

/**
 * A typed client of the experience API. Every method resolves with a validated body or
 * rejects with an {@link ApiError} whose `code` says what went wrong.
 */
export class ExperiencePlaneClient {
  constructor(readonly options: ClientOptions = {}) {}

  private async call(path: string, check: Check, method = 'POST', token?: string, body?: object, key?: string): Promise<any> {
    const { baseUrl = '', timeout = 1e4, fetch: f = fetch } = this.options;
    const what = method + ' /api/' + path + ': ';
    const signal = AbortSignal.timeout(timeout);
    let res: Response;
    let text: string;
    try {
      res = await f(baseUrl + '/api/' + path, {
        method,
        signal,
        body: body && JSON.stringify(body),
        headers: [
          ['content-type', 'application/json'],
          ['X-Session-Token', token!],
          ['Idempotency-Key', key!],
        ].filter((h) => h[1]) as [string, string][],
      });
      // Inside the try: a body cut off by the network or by the timeout is that, not a malformed one.
      text = await res.text();
    } catch {
      throw new ApiError(signal.aborted ? 'timeout' : 'network', what + (signal.aborted ? 'no answer in ' + timeout + ' ms' : 'network error'));
    }
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON: `json` stays undefined, which no check accepts.
    }
    const { ok, status } = res;
    // FastAPI's `detail` is a string for the errors it raises (a list only for malformed requests).
    const detail = json?.detail;
    if (!ok || !check(json))
      throw new ApiError(
        ok ? 'malformed_response' : (CODES[status] ?? (status < 500 ? 'invalid_request' : 'server')),
        !ok && typeof detail == 'string' ? detail : what + (ok ? 'malformed response' : 'HTTP ' + status),
        status,
      );
    return json;
  }

  /** `POST /api/auth/login`: exchange credentials for an access token (keep it in memory only). */
  login(credentials: LoginRequest): Promise<LoginResponse> {
    return this.call('auth/login', isLogin, 'POST', '', credentials);
  }

  /** `POST /api/session/create-anonymous`; the same `idempotencyKey` returns the same session. */
  createAnonymousSession({ metadata, idempotencyKey }: { metadata?: Metadata; idempotencyKey?: string } = {}): Promise<SessionWithToken> {
    return this.call('session/create-anonymous', isWithToken, 'POST', '', { metadata }, idempotencyKey);
  }

  /** `GET /api/session/{id}` with the session token. */
  async getSession(sessionId: string, sessionToken: string): Promise<Session> {
    return (await this.call('session/' + encodeURIComponent(sessionId), isEnvelope, 'GET', sessionToken)).session;
  }

  /** `PATCH /api/session/{id}/upgrade`: same `session_id`, a new session token. */
  upgradeSession(sessionId: string, sessionToken: string, body: UpgradeSessionRequest): Promise<SessionWithToken> {
    return this.call(`session/${encodeURIComponent(sessionId)}/upgrade`, isWithToken, 'PATCH', sessionToken, body);
  }

  /** `POST /api/session/{id}/logout`: ends the session server-side. */
  async logout(sessionId: string, sessionToken: string): Promise<void> {
    await this.call(`session/${encodeURIComponent(sessionId)}/logout`, () => 1, 'POST', sessionToken);
  }
}
