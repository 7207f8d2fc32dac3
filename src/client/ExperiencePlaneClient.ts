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

type Check = (v: any) => any;

/**
 * A compact shape check: `"a:s b:n c:o d:i e:bearer"` requires `a` a non-empty string, `b` a
 * string or null, `c` an object, `d` a number and `e` the literal `"bearer"`.
 */
const shape =
  (spec: string, inner: Check = (v) => v): Check =>
  (v) =>
    v instanceof Object &&
    inner(v) &&
    spec.split(' ').every((f) => {
      const [k, t] = f.split(':');
      const x = v[k!];
      return t == 's' ? x > '' : t == 'n' ? x === null || typeof x == 'string' : t == 'o' ? x instanceof Object : t == 'i' ? x > 0 : x == t;
    });

const isSession = shape('session_id:s tenant_id:n user_id:n created_at:s expires_at:s upgraded_at:n metadata:o');
const isEnvelope = (v: any) => isSession(v?.session);
const isWithToken = shape('session_token:s', isEnvelope);
const isLogin = shape('access_token:s token_type:bearer expires_in:i user_id:s tenant_id:s');
const CODES: Record<number, ApiErrorCode> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict' };

/**
 * A typed client of the experience API. Every method resolves with a validated body or
 * rejects with an {@link ApiError} whose `code` says what went wrong.
 */
export class ExperiencePlaneClient {
  constructor(readonly options: ClientOptions = {}) {}

  private async call(method: string, path: string, check: Check, token?: string | null, body?: any, key?: string): Promise<any> {
    const { baseUrl = '', timeout = 1e4, fetch: f = fetch } = this.options;
    const what = `${method} ${path}`;
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeout);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers['X-Session-Token'] = token;
    if (key) headers['Idempotency-Key'] = key;
    let res: Response;
    let json: any;
    try {
      res = await f(baseUrl + '/api/' + path, { method, headers, body: body && JSON.stringify(body), signal: ctl.signal });
      const text = await res.text();
      try {
        json = JSON.parse(text);
      } catch {}
    } catch {
      throw new ApiError(ctl.signal.aborted ? 'timeout' : 'network', `${what}: ${ctl.signal.aborted ? 'no answer in ' + timeout + ' ms' : 'network error'}`);
    } finally {
      clearTimeout(timer);
    }
    const { status } = res;
    // FastAPI's `detail` is a string, or a list of `{loc, msg}` for validation errors.
    const detail = json?.detail;
    if (!res.ok)
      throw new ApiError(
        CODES[status] ?? (status < 500 ? 'invalid_request' : 'server'),
        detail?.map?.((i: any) => i?.loc?.join?.('.') + ': ' + i?.msg).join('; ') ?? (typeof detail == 'string' ? detail : `${what}: HTTP ${status}`),
        status,
      );
    // Invalid JSON left `json` undefined, which no check accepts.
    if (!check(json)) throw new ApiError('malformed_response', `${what}: malformed response`, status);
    return json;
  }

  /** `POST /api/auth/login`: exchange credentials for an access token (keep it in memory only). */
  login(credentials: LoginRequest): Promise<LoginResponse> {
    return this.call('POST', 'auth/login', isLogin, null, credentials);
  }

  /** `POST /api/session/create-anonymous`; the same `idempotencyKey` returns the same session. */
  createAnonymousSession(options: { metadata?: Metadata; idempotencyKey?: string } = {}): Promise<SessionWithToken> {
    return this.call('POST', 'session/create-anonymous', isWithToken, null, { metadata: options.metadata }, options.idempotencyKey);
  }

  /** `GET /api/session/{id}` with the session token. */
  async getSession(sessionId: string, sessionToken: string): Promise<Session> {
    return (await this.call('GET', 'session/' + encodeURIComponent(sessionId), isEnvelope, sessionToken)).session;
  }

  /** `PATCH /api/session/{id}/upgrade`: same `session_id`, a new session token. */
  upgradeSession(sessionId: string, sessionToken: string, body: UpgradeSessionRequest): Promise<SessionWithToken> {
    return this.call('PATCH', `session/${encodeURIComponent(sessionId)}/upgrade`, isWithToken, sessionToken, body);
  }

  /** `POST /api/session/{id}/logout`: ends the session server-side. */
  async logout(sessionId: string, sessionToken: string): Promise<void> {
    await this.call('POST', `session/${encodeURIComponent(sessionId)}/logout`, () => 1, sessionToken);
  }
}
