/**
 * What every check works with: the options, an HTTP client, cached logins, session helpers
 * that register what they create for the final cleanup, and expectations that turn a wrong
 * answer into a {@link CheckFailure} carrying the exchange that showed it.
 */
import { answerProblems, type OperationKey } from './contract.ts';
import type { Exchange, HttpClient, ReceivedResponse, RequestSpec } from './httpClient.ts';
import { isJsonObject, type JsonObject } from './jsonSchema.ts';

/** An account given on the command line. */
export interface Credentials {
  email: string;
  password: string;
}

/** What a check run is told by the command line. */
export interface CheckOptions {
  baseUrl: string;
  account: Credentials;
  otherAccount: Credentials;
  /** A web origin the API must allow by CORS; null skips the CORS checks. */
  origin: string | null;
  /** The API's idle timeout in seconds; null skips the idle-expiry check. */
  idleSeconds: number | null;
  timeoutMs: number;
}

/** A rule broken, with the exchange that showed it (null when no request was involved). */
export class CheckFailure extends Error {
  readonly exchange: Exchange | null;

  constructor(message: string, exchange: Exchange | null = null) {
    super(message);
    this.name = 'CheckFailure';
    this.exchange = exchange;
  }
}

/** A logged-in account: its access token and the identity the server gave it. */
export interface LoggedIn {
  email: string;
  access_token: string;
  user_id: string;
  tenant_id: string;
}

/** A session the checker created and holds the current token of. */
export interface HeldSession {
  session_id: string;
  token: string;
  session: JsonObject;
}

/** A session created and then upgraded by {@link CheckContext.upgradedSession}. */
export interface UpgradedSession {
  before: HeldSession;
  after: HeldSession;
  login: LoggedIn;
  exchange: Exchange;
}

/** Which of the two accounts. */
export type AccountRole = 'account' | 'other';

/** The operations of the contract, by name. */
export const OPERATIONS = {
  create: 'POST /api/session/create-anonymous',
  get: 'GET /api/session/{session_id}',
  upgrade: 'PATCH /api/session/{session_id}/upgrade',
  logout: 'POST /api/session/{session_id}/logout',
  login: 'POST /api/auth/login',
} as const satisfies Record<string, OperationKey>;

/** pydantic 2 and pydantic 1 names of the 422 error types the checks provoke. */
export const VALIDATION_TYPES = {
  missing: ['missing', 'value_error.missing'],
  jsonInvalid: ['json_invalid', 'value_error.jsondecode'],
  dict: ['dict_type', 'type_error.dict'],
  string: ['string_type', 'type_error.str'],
} as const;

const SESSIONS_SAMPLED = 8;
const RANDOM_BYTES = 32;
const MUTATED_CHARACTERS = 8;

/** 256 random bits, base64url: idempotency keys and deliberately wrong secrets. */
export function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(RANDOM_BYTES));
  return Buffer.from(bytes).toString('base64url');
}

function randomBelow(limit: number): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! % limit;
}

const CHARACTER_CLASSES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/**
 * A value of the same shape as `value` that is not `value`: its last letters and digits are
 * replaced by others of the same kind. An id or token made this way passes any format check
 * the server makes (a UUID stays a UUID, a prefix stays) and still names nothing.
 */
export function lookalike(value: string): string {
  const characters = [...value];
  let changed = 0;
  for (let i = characters.length - 1; i >= 0 && changed < MUTATED_CHARACTERS; i--) {
    const kind = CHARACTER_CLASSES.find((candidate) => candidate.includes(characters[i]!));
    if (kind === undefined) continue;
    const offset = 1 + randomBelow(kind.length - 1);
    characters[i] = kind.charAt((kind.indexOf(characters[i]!) + offset) % kind.length);
    changed++;
  }
  return changed === 0 ? `${value}x` : characters.join('');
}

/** `/api/session/{id}` plus an optional suffix, with the id escaped. */
export function sessionPath(sessionId: string, suffix = ''): string {
  return `/api/session/${encodeURIComponent(sessionId)}${suffix}`;
}

/** The answer of an exchange, or a failure saying there was none. */
export function answered(exchange: Exchange, what: string): ReceivedResponse {
  if (exchange.response) return exchange.response;
  throw new CheckFailure(`${what}: no answer (${exchange.error ?? 'unknown error'})`, exchange);
}

/**
 * The answer when its status is one of `expected` and, given an operation, its body is what the
 * OpenAPI document says that operation answers with that status.
 */
export function expectStatus(
  exchange: Exchange,
  what: string,
  expected: readonly number[],
  operation?: OperationKey,
): ReceivedResponse {
  const response = answered(exchange, what);
  if (!expected.includes(response.status)) {
    throw new CheckFailure(`${what}: expected ${expected.join(' or ')}, got ${response.status}`, exchange);
  }
  if (operation !== undefined) {
    const problems = answerProblems(operation, {
      status: response.status,
      contentType: response.headers['content-type'] ?? null,
      text: response.text,
    });
    if (problems.length > 0) {
      throw new CheckFailure(`${what}: the ${response.status} answer breaks the OpenAPI document: ${problems.slice(0, 3).join('; ')}`, exchange);
    }
  }
  return response;
}

/** A field of the JSON body, as a string, or a failure naming it. */
export function stringField(exchange: Exchange, container: unknown, field: string, what: string): string {
  const value = isJsonObject(container) ? container[field] : undefined;
  if (typeof value !== 'string' || value === '') throw new CheckFailure(`${what}: the answer has no ${field} string`, exchange);
  return value;
}

/** The `session` object of an answer (any status), or a failure. */
export function sessionOf(exchange: Exchange, what: string): JsonObject {
  const body = exchange.response?.json;
  const session = isJsonObject(body) ? body.session : undefined;
  if (!isJsonObject(session)) throw new CheckFailure(`${what}: the answer has no session object`, exchange);
  return session;
}

/** What a 422 must hold besides FastAPI's shape: an item at `loc` (any `["body", ...]` for 'under body'), of one of `types` if given. */
export interface ValidationExpectation {
  loc: readonly (string | number)[] | 'under body';
  types?: readonly string[];
}

function locMatches(loc: unknown, expected: ValidationExpectation['loc']): boolean {
  if (!Array.isArray(loc)) return false;
  if (expected === 'under body') return loc[0] === 'body';
  return loc.length === expected.length && expected.every((part, i) => loc[i] === part);
}

/** A 422 in FastAPI's shape (per the document), with an item matching `expectation`. */
export function expectValidationError(
  exchange: Exchange,
  what: string,
  operation: OperationKey,
  expectation?: ValidationExpectation,
): void {
  const response = expectStatus(exchange, what, [422], operation);
  if (!expectation) return;
  const body = response.json;
  const items = isJsonObject(body) && Array.isArray(body.detail) ? body.detail : [];
  const at = items.filter((item) => isJsonObject(item) && locMatches(item.loc, expectation.loc));
  const where = expectation.loc === 'under body' ? '["body", ...]' : JSON.stringify(expectation.loc);
  if (at.length === 0) throw new CheckFailure(`${what}: no error item has loc ${where}`, exchange);
  const types = expectation.types;
  if (types && !at.some((item) => isJsonObject(item) && typeof item.type === 'string' && types.includes(item.type))) {
    throw new CheckFailure(`${what}: the item at loc ${where} has a type other than ${types.join(' / ')}`, exchange);
  }
}

/** Expects `status` with a body whose `detail` is exactly `detail` (as FastAPI's own 404 and 405). */
export function expectDetail(exchange: Exchange, what: string, status: number, detail: string): void {
  const response = expectStatus(exchange, what, [status]);
  const body = response.json;
  if (!isJsonObject(body) || body.detail !== detail) {
    throw new CheckFailure(`${what}: expected the body {"detail":${JSON.stringify(detail)}}`, exchange);
  }
}

/** The shared state of one check run. */
export class CheckContext {
  readonly options: CheckOptions;
  readonly http: HttpClient;
  /** Sessions that may still live on the server, with the latest token seen for each. */
  readonly heldTokens = new Map<string, string>();
  private readonly logins = new Map<AccountRole, Promise<LoggedIn>>();
  private sampled: Promise<HeldSession[]> | undefined;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: CheckOptions, http: HttpClient, sleep: (ms: number) => Promise<void>) {
    this.options = options;
    this.http = http;
    this.sleep = sleep;
    http.addSecret(options.account.password);
    http.addSecret(options.otherAccount.password);
  }

  /** Sends a request; remembers sessions, tokens and access tokens that the answer carries. */
  async send(spec: RequestSpec): Promise<Exchange> {
    for (const name of ['Idempotency-Key', 'X-Session-Token']) {
      const value = spec.headers?.[name];
      if (value !== undefined) this.http.addSecret(value);
    }
    const exchange = await this.http.send(spec);
    this.observe(exchange);
    return exchange;
  }

  private observe(exchange: Exchange): void {
    const response = exchange.response;
    if (!response) return;
    const body = response.json;
    if (isJsonObject(body)) {
      if (typeof body.access_token === 'string') this.http.addSecret(body.access_token);
      const session = body.session;
      if (isJsonObject(session) && typeof session.session_id === 'string' && typeof body.session_token === 'string') {
        this.http.addSecret(body.session_token);
        this.heldTokens.set(session.session_id, body.session_token);
      }
    }
    const ended = /^\/api\/session\/([^/]+)(\/logout)?$/.exec(exchange.request.path);
    if (!ended) return;
    const sessionId = decodeURIComponent(ended[1]!);
    const loggedOut = ended[2] !== undefined && exchange.request.method === 'POST' && response.status === 204;
    if (loggedOut || response.status === 404) this.heldTokens.delete(sessionId);
  }

  /** Waits, e.g. for an idle timeout to pass. */
  wait(ms: number): Promise<void> {
    return this.sleep(ms);
  }

  /** Logs in once per account and run; later calls get the same result (or the same failure). */
  login(role: AccountRole): Promise<LoggedIn> {
    let pending = this.logins.get(role);
    if (!pending) {
      pending = this.performLogin(role === 'account' ? this.options.account : this.options.otherAccount);
      this.logins.set(role, pending);
    }
    return pending;
  }

  private async performLogin(credentials: Credentials): Promise<LoggedIn> {
    const what = `POST /api/auth/login as ${credentials.email}`;
    const exchange = await this.send({ method: 'POST', path: '/api/auth/login', json: credentials });
    const response = expectStatus(exchange, what, [200], OPERATIONS.login);
    return {
      email: credentials.email,
      access_token: stringField(exchange, response.json, 'access_token', what),
      user_id: stringField(exchange, response.json, 'user_id', what),
      tenant_id: stringField(exchange, response.json, 'tenant_id', what),
    };
  }

  /** POST create-anonymous, expecting 201 with a session and a token. */
  async createSession(headers: Record<string, string> = {}): Promise<HeldSession> {
    const exchange = await this.send({ method: 'POST', path: '/api/session/create-anonymous', headers, json: {} });
    return this.heldSessionFrom(exchange, 'POST /api/session/create-anonymous', 201);
  }

  /** The session and token of a `{session, session_token}` answer with `status`, or a failure. */
  heldSessionFrom(exchange: Exchange, what: string, status: number): HeldSession {
    expectStatus(exchange, what, [status]);
    const session = sessionOf(exchange, what);
    return {
      session_id: stringField(exchange, session, 'session_id', what),
      token: stringField(exchange, exchange.response?.json, 'session_token', what),
      session,
    };
  }

  /** Eight sessions created one after another, for the token checks (made once per run). */
  sampleSessions(): Promise<HeldSession[]> {
    this.sampled ??= (async () => {
      const sessions: HeldSession[] = [];
      for (let i = 0; i < SESSIONS_SAMPLED; i++) sessions.push(await this.createSession());
      return sessions;
    })();
    return this.sampled;
  }

  /** GET the session with `token` (null: no X-Session-Token header). */
  getSession(sessionId: string, token: string | null, headers: Record<string, string> = {}): Promise<Exchange> {
    return this.send({ method: 'GET', path: sessionPath(sessionId), headers: withToken(headers, token) });
  }

  /** PATCH upgrade with `body`, `token` (null: no X-Session-Token header) and an optional Idempotency-Key. */
  upgrade(
    sessionId: string,
    token: string | null,
    body: unknown,
    idempotencyKey?: string,
  ): Promise<Exchange> {
    const headers = withToken(idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey }, token);
    return this.send({ method: 'PATCH', path: sessionPath(sessionId, '/upgrade'), headers, json: body });
  }

  /** POST logout with `token` (null: no X-Session-Token header). */
  logout(sessionId: string, token: string | null): Promise<Exchange> {
    return this.send({ method: 'POST', path: sessionPath(sessionId, '/logout'), headers: withToken({}, token) });
  }

  /** Upgrades a new session to the account, expecting 200: the session before and after, and the upgrade's exchange. */
  async upgradedSession(role: AccountRole = 'account', idempotencyKey?: string): Promise<UpgradedSession> {
    const login = await this.login(role);
    const before = await this.createSession();
    const exchange = await this.upgrade(before.session_id, before.token, upgradeBody(login), idempotencyKey);
    const after = this.heldSessionFrom(exchange, `PATCH upgrade as ${login.email}`, 200);
    return { before, after, login, exchange };
  }

  /** GET with `token` must answer 200 with the session bound to `userId` (null: anonymous). */
  async expectSessionHolds(session: HeldSession, token: string, userId: string | null, what: string): Promise<void> {
    const exchange = await this.getSession(session.session_id, token);
    expectStatus(exchange, what, [200], OPERATIONS.get);
    const found = sessionOf(exchange, what);
    if (found.user_id !== userId) {
      const expected = userId === null ? 'still anonymous' : `bound to ${userId}`;
      throw new CheckFailure(`${what}: expected the session ${expected}, its user_id is ${JSON.stringify(found.user_id)}`, exchange);
    }
  }
}

/** The upgrade body for a logged-in account: its own identity and access token. */
export function upgradeBody(login: LoggedIn): { user_id: string; tenant_id: string; access_token: string } {
  return { user_id: login.user_id, tenant_id: login.tenant_id, access_token: login.access_token };
}

function withToken(headers: Record<string, string>, token: string | null): Record<string, string> {
  return token === null ? headers : { ...headers, 'X-Session-Token': token };
}
