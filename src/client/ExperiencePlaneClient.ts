import type { LoginRequest, LoginResponse, Metadata, Session, SessionEnvelope, SessionWithToken, UpgradeSessionRequest } from '../api/types.ts';
import { httpError, malformedError, transportError, type Operation } from '../core/errors.ts';
import type { StoredSession } from '../core/storage.ts';
import { isAnything, isEnvelope, isLogin, isObject, isWithToken, parseJson } from './responseChecks.ts';

/** Options for {@link ExperiencePlaneClient}. */
export interface ClientOptions {
  /** Prefix for every request, e.g. `https://api.example.com`. Default: same origin. */
  baseUrl?: string;
  /** Milliseconds before a request fails with code `timeout`. Default 10 000. */
  timeout?: number;
  /** The fetch to use. Default: the global `fetch`, looked up at call time (so MSW can patch it). */
  fetch?: typeof fetch;
}

interface Call<T> {
  method: 'GET' | 'POST' | 'PATCH';
  /** Below `/api/`. */
  path: string;
  operation: Operation;
  /** Accepts the parsed body when it has what the library reads. */
  accepts: (body: unknown) => body is T;
  sessionToken?: string;
  idempotencyKey?: string;
  body?: object;
}

const sessionPath = (sessionId: string, action = '') => 'session/' + encodeURIComponent(sessionId) + action;

const getSessionCall = (sessionId: string, sessionToken: string): Call<SessionEnvelope> => ({
  method: 'GET',
  path: sessionPath(sessionId),
  operation: 'session',
  accepts: isEnvelope,
  sessionToken,
});
const createSessionCall = (idempotencyKey?: string, metadata?: Metadata): Call<SessionWithToken> => ({
  method: 'POST',
  path: 'session/create-anonymous',
  operation: 'session',
  accepts: isWithToken,
  idempotencyKey,
  body: { metadata },
});
/** Two calls with the same description send the same request. */
const describe = ({ method, path, sessionToken, idempotencyKey, body }: Call<unknown>) => JSON.stringify([method, path, sessionToken, idempotencyKey, body]);

/** A page's first session request: the stored session's check, or a create with the key the machine will use (R16). */
export type EarlySessionRequest = { stored: StoredSession } | { idempotencyKey: string };

/**
 * A typed client of the experience API. Every method resolves with a checked body or rejects with
 * an `ApiError` whose `code` says what went wrong and whose `message` can be shown to people.
 */
export class ExperiencePlaneClient {
  readonly options: ClientOptions;
  /** The request {@link sendEarly} sent, until the next call. */
  private early: { request: string; answer: Promise<unknown> } | null = null;

  constructor(options: ClientOptions = {}) {
    // `https://api.example.com/` names the same API as `https://api.example.com`.
    this.options = options.baseUrl ? { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') } : options;
  }

  /**
   * Sends a page's first session request now, before anything asks for it: the next call of this
   * client, when it is the same request, takes its answer instead of sending it again; any other
   * call is sent once this request is over. Lets the request leave before the session machine is
   * built (`createSessionActor` does this).
   */
  sendEarly(request: EarlySessionRequest): void {
    const call = 'stored' in request ? getSessionCall(request.stored.session_id, request.stored.session_token) : createSessionCall(request.idempotencyKey);
    const answer = this.send(call);
    // Its rejection reaches whoever takes it; an answer no one takes is dropped quietly.
    answer.catch(() => {});
    this.early = { request: describe(call), answer };
  }

  private call<T>(call: Call<T>): Promise<T> {
    const early = this.early;
    this.early = null;
    if (!early) return this.send(call);
    // Same description, same request: its answer is a T.
    if (early.request === describe(call)) return early.answer as Promise<T>;
    // Another request waits for the early one to be over: one request at a time (R13).
    const send = () => this.send(call);
    return early.answer.then(send, send);
  }

  private async send<T>({ method, path, operation, accepts, sessionToken, idempotencyKey, body }: Call<T>): Promise<T> {
    const { baseUrl = '', timeout = 10_000, fetch: send = fetch } = this.options;
    const headers: Record<string, string> = {};
    if (body) headers['Content-Type'] = 'application/json';
    if (sessionToken) headers['X-Session-Token'] = sessionToken;
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    const signal = AbortSignal.timeout(timeout);
    let response: Response;
    let text: string;
    try {
      response = await send(`${baseUrl}/api/${path}`, { method, headers, signal, body: body && JSON.stringify(body) });
      // Inside the try: a body cut off by the network or the timeout is that, not a malformed one.
      text = await response.text();
    } catch {
      throw transportError(signal.aborted ? 'timeout' : 'network');
    }
    const json = parseJson(text);
    if (!response.ok) {
      // FastAPI's `detail` is a string for the errors it raises (a list only for invalid requests).
      const detail = isObject(json) && typeof json.detail === 'string' ? json.detail : undefined;
      throw httpError(response.status, operation, detail);
    }
    if (!accepts(json)) throw malformedError(response.status);
    return json;
  }

  /** `POST /api/auth/login`: exchange credentials for an access token (keep it in memory only). */
  login(credentials: LoginRequest): Promise<LoginResponse> {
    return this.call({ method: 'POST', path: 'auth/login', operation: 'login', accepts: isLogin, body: credentials });
  }

  /** `POST /api/session/create-anonymous`; the same `idempotencyKey` returns the same session. */
  createAnonymousSession({ metadata, idempotencyKey }: { metadata?: Metadata; idempotencyKey?: string } = {}): Promise<SessionWithToken> {
    return this.call(createSessionCall(idempotencyKey, metadata));
  }

  /** `GET /api/session/{id}` with the session token. */
  async getSession(sessionId: string, sessionToken: string): Promise<Session> {
    const { session } = await this.call(getSessionCall(sessionId, sessionToken));
    return session;
  }

  /**
   * `PATCH /api/session/{id}/upgrade`: same `session_id`, a new session token. Repeating it with the
   * same `idempotencyKey` and the previous token replays the answer (an answer lost on the way heals).
   */
  upgradeSession(
    sessionId: string,
    sessionToken: string,
    body: UpgradeSessionRequest,
    { idempotencyKey }: { idempotencyKey?: string } = {},
  ): Promise<SessionWithToken> {
    return this.call({ method: 'PATCH', path: sessionPath(sessionId, '/upgrade'), operation: 'session', accepts: isWithToken, sessionToken, idempotencyKey, body });
  }

  /** `POST /api/session/{id}/logout`: ends the session server-side. */
  async logout(sessionId: string, sessionToken: string): Promise<void> {
    await this.call({ method: 'POST', path: sessionPath(sessionId, '/logout'), operation: 'session', accepts: isAnything, sessionToken });
  }
}
