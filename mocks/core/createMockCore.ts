/**
 * The mock backend without any transport: `handle(request)` answers the experience API
 * (`/api/...`) and the admin API (`/__mock/...`) as one FastAPI process would, over a state that
 * lives in one persisted snapshot (shared by every backend over the same storage) or in memory.
 * MSW handlers, the HTTP server and tests all call into this; it never imports MSW.
 */
import type { Metadata } from '../../src/api/types.ts';
import type { StorageLike } from '../../src/core/storage.ts';
import { accounts } from '../accounts.ts';
import { createAdminOperations, liveSessions, moveClock, resetState, seedSessionIn, selectScenario, stateOf } from '../endpoints/adminEndpoints.ts';
import { login } from '../endpoints/authEndpoints.ts';
import { findLiveSession, holdsCurrentToken } from '../endpoints/sessionAccess.ts';
import { createAnonymous, getSession, logout, upgradeSession } from '../endpoints/sessionEndpoints.ts';
import type { MockSession, MockState, ScenarioName } from '../mockApiTypes.ts';
import { isScenarioName } from '../scenarios.ts';
import { hashSecret, newFreshSecret } from '../secrets.ts';
import { defaultMockSettings, MAX_LATENCY_MS, type MockSettings } from '../settings.ts';
import { dropExpiredAccessTokens } from '../state/accessTokenRecords.ts';
import { isRecord, MAX_JSON_DEPTH, nestsAtMost } from '../state/guards.ts';
import { dropStaleIdempotencyRecords } from '../state/idempotencyRecords.ts';
import type { MockSnapshot } from '../state/mockSnapshot.ts';
import { defaultLock, type MockLock } from '../state/snapshotLock.ts';
import { createSnapshotStore } from '../state/snapshotStore.ts';
import { toSnapshotStorage, type SnapshotStorage } from '../state/snapshotStorage.ts';
import { dropLongDeadSessions, isoTime, isSessionExpired, toMockSession } from '../state/sessionRecords.ts';
import type { Operation, Prepared, StateView, Transaction } from './operation.ts';
import { INTERNAL_SERVER_ERROR, reply, toResponse, type MockReply } from './replies.ts';
import { createRequestLog, type RequestLog } from './requestLog.ts';
import { createRouter, decodePath, type Route, type RouteMatch } from './router.ts';
import { malformReply, transportFault } from './scenarioEffects.ts';

/** Options of `createMockBackend`. */
export interface MockBackendOptions {
  /**
   * Where the state lives: one snapshot that every backend over the same storage reads before and
   * writes after each request, under the lock. A Web Storage (e.g. `localStorage`) or an async
   * snapshot storage (`browserBackend` keeps its snapshot in IndexedDB: Chromium passes a
   * `localStorage` write on to tabs in other processes only eventually). Null or absent: memory,
   * for this backend alone.
   */
  storage?: StorageLike | SnapshotStorage | null;
  /**
   * Serializes every read-change-write of the state. Default: Web Locks (`navigator.locks`) for
   * a storage in a browser, otherwise one queue per storage object within this JavaScript realm.
   */
  lock?: MockLock;
  /** The backend's clock in epoch milliseconds (default `Date.now()`); `advanceClock` adds to it. */
  clock?: () => number;
  /** Milliseconds added to every experience API response (default 0, at most 60 000). */
  latency?: number;
  /** The scenario to start with (default `default`). */
  scenario?: ScenarioName;
  settings?: Partial<MockSettings>;
}

/** A session as the backend keeps it, for tests and tools: expired ones too, until dropped. */
export interface MockSessionDetails extends MockSession {
  metadata: Metadata;
  last_seen_at: string;
  /** True once it ended by idle time, lifetime or on purpose: the API answers 404 for it. */
  expired: boolean;
}

/** A session put into the backend directly, as a tab would hold it. */
export interface SeededSession {
  session_id: string;
  session_token: string;
}

/** Where a request came from, for the request log. */
export interface HandleContext {
  /** The transport's id of the request (MSW's `requestId`); one is made up when absent. */
  requestId?: string;
}

/** The mock backend without a transport. All methods are async: the state may be shared. */
export interface MockCore {
  /**
   * Answers one request as the experience API and the admin API would, as one FastAPI process
   * does. Never rejects. A network failure (the `offline` scenario) is `Response.error()`
   * (`type === 'error'`), which each transport turns into its own network failure.
   */
  handle(request: Request, context?: HandleContext): Promise<Response>;
  /** The experience API requests this backend answered (not the admin API's). */
  readonly requestLog: RequestLog;
  /** The settings this backend was made with. */
  readonly settings: Readonly<MockSettings>;
  /** Empties the store, the request log, the clock offset; scenario and latency back to the start. */
  reset(): Promise<void>;
  /** The scenario, latency and clock offset in effect. */
  getState(): Promise<MockState>;
  /** Selects a scenario (throws for an unknown name). */
  setScenario(name: ScenarioName): Promise<void>;
  /** Sets the latency of every experience API response, 0 to 60 000 ms (throws outside). */
  setLatency(ms: number): Promise<void>;
  /**
   * The latency a new store starts with and `reset()` goes back to (the `latency` option, 0 by
   * default). A latency in effect in a store that already exists stays as it is.
   */
  setDefaultLatency(ms: number): void;
  /** Moves the backend's clock forward (or back, with a negative value) by `ms`. */
  advanceClock(ms: number): Promise<void>;
  /** The live sessions (no tokens). */
  listSessions(): Promise<MockSession[]>;
  /** One session, live or expired, with its metadata; undefined when unknown, ended or long dead. */
  getSession(sessionId: string): Promise<MockSessionDetails | undefined>;
  /** True when the session is live and `sessionToken` is its current token. */
  sessionTokenMatches(sessionId: string, sessionToken: string): Promise<boolean>;
  /** Expires a session now: it answers 404 from then on. True when it was live. */
  expireSession(sessionId: string): Promise<boolean>;
  /** Expires an access token now: upgrades with it answer 401. True when it was valid. */
  expireAccessToken(accessToken: string): Promise<boolean>;
  /**
   * Creates a session as if a tab had made it earlier: anonymous, or already upgraded to the
   * demo account with this email. Returns what the tab would hold.
   */
  seedSession(options?: { email?: string; metadata?: Metadata }): Promise<SeededSession>;
}

/** A route's operation; `api` is false for the admin API (no scenarios, no latency, not logged). */
interface Target {
  api: boolean;
  operation: Operation;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A whole number of milliseconds within what the admin API accepts, or a RangeError. */
function checkedLatency(ms: number): number {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_LATENCY_MS) throw new RangeError(`Mock latency must be a whole number of ms from 0 to ${MAX_LATENCY_MS}, got ${ms}`);
  return ms;
}

/** Creates a mock backend core. No effect until it is used: nothing is read or written before the first call. */
export function createMockCore(options: MockBackendOptions = {}): MockCore {
  const settings: Readonly<MockSettings> = Object.freeze({ ...defaultMockSettings, ...options.settings });
  const initial = { scenario: options.scenario ?? 'default', latency_ms: checkedLatency(options.latency ?? 0) };
  if (!isScenarioName(initial.scenario)) throw new Error(`Unknown mock scenario: ${String(initial.scenario)}`);
  const clock = options.clock ?? (() => Date.now());
  const storage = options.storage ?? null;
  const requestLog = createRequestLog();
  const owner = {};
  const store = createSnapshotStore({
    storage: storage ? toSnapshotStorage(storage) : null,
    // Keyed by the storage given, so backends over one storage share a queue.
    lock: options.lock ?? defaultLock(storage, owner),
    initial,
  });
  const admin = createAdminOperations(requestLog, initial);
  let requestCount = 0;

  const api = (operation: Operation): Target => ({ api: true, operation });
  const control = (operation: Operation): Target => ({ api: false, operation });
  const routes: Route<Target>[] = [
    { method: 'POST', path: '/api/session/create-anonymous', target: api(createAnonymous) },
    { method: 'GET', path: '/api/session/{session_id}', target: api(getSession) },
    { method: 'PATCH', path: '/api/session/{session_id}/upgrade', target: api(upgradeSession) },
    { method: 'POST', path: '/api/session/{session_id}/logout', target: api(logout) },
    { method: 'POST', path: '/api/auth/login', target: api(login) },
    { method: 'GET', path: '/__mock/sessions', target: control(admin.listSessions) },
    { method: 'POST', path: '/__mock/sessions', target: control(admin.seedSession) },
    { method: 'POST', path: '/__mock/reset', target: control(admin.reset) },
    { method: 'PUT', path: '/__mock/scenario', target: control(admin.setScenario) },
    { method: 'PUT', path: '/__mock/latency', target: control(admin.setLatency) },
    { method: 'POST', path: '/__mock/clock', target: control(admin.advanceClock) },
    { method: 'GET', path: '/__mock/state', target: control(admin.getState) },
    { method: 'GET', path: '/__mock/requests', target: control(admin.listRequests) },
    { method: 'DELETE', path: '/__mock/requests', target: control(admin.clearRequests) },
  ];
  const route = createRouter(routes);

  const viewOf = (snapshot: Readonly<MockSnapshot>): StateView => ({ snapshot, now: clock() + snapshot.clock_offset_ms, settings });
  const transactionOf = (snapshot: MockSnapshot): Transaction => ({ snapshot, now: clock() + snapshot.clock_offset_ms, settings });

  /** Runs `change` under the lock, after dropping what has outlived its use. */
  function update<T>(change: (tx: Transaction) => T | Promise<T>): Promise<T> {
    return store.update((snapshot) => {
      const tx = transactionOf(snapshot);
      snapshot.sessions = dropLongDeadSessions(snapshot.sessions, tx.now, settings);
      snapshot.access_tokens = dropExpiredAccessTokens(snapshot.access_tokens, tx.now);
      snapshot.idempotency = dropStaleIdempotencyRecords(snapshot.idempotency, tx.now, settings.idempotencyWindowMs);
      return change(tx);
    });
  }

  /** The answer of a prepared admin request. */
  async function settle(prepared: Prepared): Promise<MockReply> {
    if ('reply' in prepared) return prepared.reply;
    if ('inspect' in prepared) return prepared.inspect(viewOf(await store.read()));
    return update(prepared.apply);
  }

  function record(request: Request, context: HandleContext, entry: { status: number; latencyMs: number; scenario: ScenarioName; now: number }): void {
    const url = new URL(request.url);
    requestLog.record({
      request_id: context.requestId ?? `mock-${requestCount}`,
      method: request.method,
      path: url.pathname + url.search,
      status: entry.status,
      latency_ms: entry.latencyMs,
      scenario: entry.scenario,
      at: isoTime(entry.now),
    });
  }

  /** What FastAPI's router answers when no route takes the request as it is. */
  function routerAnswer(found: Exclude<RouteMatch<Target>, { kind: 'found' }>, url: URL): MockReply {
    if (found.kind === 'method-not-allowed') return reply.methodNotAllowed(found.allowed);
    if (found.kind === 'redirect') return reply.temporaryRedirect(`${url.origin}${encodeURI(found.path)}${url.search}`);
    return reply.notFound();
  }

  async function serve(request: Request, context: HandleContext): Promise<Response> {
    const { method } = request;
    const url = new URL(request.url);
    const path = decodePath(url.pathname);
    const found = route(method, path);
    if (found.kind !== 'found') {
      const answer = routerAnswer(found, url);
      if (path.startsWith('/api/')) {
        const view = viewOf(await store.read());
        record(request, context, { status: answer.status, latencyMs: 0, scenario: view.snapshot.scenario, now: view.now });
      }
      return toResponse(answer, method);
    }
    if (!found.target.api) return toResponse(await settle(await found.target.operation(request, found.params)), method);

    const before = await store.read();
    const latencyMs = before.latency_ms + (before.scenario === 'slow' ? settings.slowLatencyMs : 0);
    // Outside the lock: tabs wait for their own latency, not for each other's.
    if (latencyMs > 0) await sleep(latencyMs);
    // The whole request runs under the lock, so requests are served in the order they arrive
    // (after their latency), as one server process takes them, whatever each one awaits.
    const outcome = await update(async (tx) => {
      const scenario = tx.snapshot.scenario;
      const fault = transportFault(tx.snapshot);
      if (fault) return { answer: fault, scenario, now: tx.now };
      const prepared = await found.target.operation(request, found.params);
      let answer: MockReply;
      if ('reply' in prepared) answer = prepared.reply;
      else if ('apply' in prepared) answer = prepared.apply(tx);
      else answer = prepared.inspect(tx);
      return { answer: scenario === 'malformed-response' ? malformReply(answer) : answer, scenario, now: tx.now };
    });
    const status = outcome.answer === 'network-error' ? 0 : outcome.answer.status;
    record(request, context, { status, latencyMs, scenario: outcome.scenario, now: outcome.now });
    return outcome.answer === 'network-error' ? Response.error() : toResponse(outcome.answer, method);
  }

  async function sessionDetails(sessionId: string): Promise<MockSessionDetails | undefined> {
    const view = viewOf(await store.read());
    const session = view.snapshot.sessions.find((s) => s.session_id === sessionId);
    if (!session) return undefined;
    return {
      ...toMockSession(session, settings),
      metadata: structuredClone(session.metadata),
      last_seen_at: isoTime(session.last_seen),
      expired: isSessionExpired(session, view.now, settings),
    };
  }

  return {
    async handle(request, context = {}) {
      requestCount += 1;
      try {
        return await serve(request, context);
      } catch {
        // A bug in the mock: FastAPI's plain 500, never a stack trace or a file path.
        return toResponse(reply.error(500, INTERNAL_SERVER_ERROR), request.method);
      }
    },
    requestLog,
    settings,
    async reset() {
      await update((tx) => resetState(tx, initial));
      requestLog.clear();
    },
    async getState() {
      return stateOf(await store.read());
    },
    async setScenario(name) {
      if (!isScenarioName(name)) throw new Error(`Unknown mock scenario: ${String(name)}`);
      await update((tx) => selectScenario(tx, name));
    },
    async setLatency(ms) {
      const latency = checkedLatency(ms);
      await update((tx) => {
        tx.snapshot.latency_ms = latency;
      });
    },
    setDefaultLatency(ms) {
      initial.latency_ms = checkedLatency(ms);
    },
    async advanceClock(ms) {
      if (!Number.isFinite(ms)) throw new RangeError(`Mock clock advance must be a finite number of ms, got ${ms}`);
      await update((tx) => moveClock(tx, Math.round(ms)));
    },
    async listSessions() {
      return liveSessions(viewOf(await store.read()));
    },
    getSession: sessionDetails,
    async sessionTokenMatches(sessionId, sessionToken) {
      const tokenHash = await hashSecret(sessionToken);
      const view = viewOf(await store.read());
      const session = view.snapshot.sessions.find((s) => s.session_id === sessionId);
      return !!session && !isSessionExpired(session, view.now, settings) && holdsCurrentToken(session, tokenHash);
    },
    expireSession(sessionId) {
      return update((tx) => {
        const session = findLiveSession(tx, sessionId);
        if (session) session.expired_at = tx.now;
        return !!session;
      });
    },
    async expireAccessToken(accessToken) {
      const tokenHash = await hashSecret(accessToken);
      return update((tx) => {
        const token = tx.snapshot.access_tokens.find((t) => t.token_hash === tokenHash && tx.now < t.expires_at);
        if (token) token.expires_at = tx.now;
        return !!token;
      });
    },
    async seedSession({ email, metadata = {} } = {}) {
      const account = email === undefined ? undefined : accounts.find((a) => a.email === email.trim().toLowerCase());
      if (email !== undefined && !account) throw new Error(`No demo account ${email}`);
      if (!isRecord(metadata) || !nestsAtMost(metadata, MAX_JSON_DEPTH - 1)) throw new Error('Seed metadata must be an object nested less than 100 levels');
      const secret = await newFreshSecret();
      const session = await update((tx) => seedSessionIn(tx, secret, account?.email, metadata));
      return { session_id: session.session_id, session_token: secret.token };
    },
  };
}
