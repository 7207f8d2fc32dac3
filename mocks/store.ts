import type { Metadata } from '../src/api/types.ts';
import { accounts, tenants, type DemoAccount, type DemoTenant } from './accounts.ts';
import { now } from './clock.ts';
import { mockConfig } from './config.ts';
import { onStorageChange, readPersisted, removePersisted, writePersisted } from './persistence.ts';
import { newId, newSecretToken, sameSecret } from './secrets.ts';

/** The localStorage key under which the browser keeps the store across reloads. */
export const STORE_STORAGE_KEY = 'session-first:mock-store';

/** A session as the mock backend keeps it (times in epoch milliseconds of the mock clock). */
export interface StoredSession {
  session_id: string;
  /** The current secret; replaced on every upgrade. */
  token: string;
  user_id: string | null;
  tenant_id: string | null;
  metadata: Metadata;
  created_at: number;
  /** Last authenticated use, for the idle timeout. */
  last_seen: number;
  upgraded_at: number | null;
  /** Expired on purpose (test helper or the `expired-session` scenario). */
  expired: boolean;
}

/** An access token issued by login. */
export interface StoredAccessToken {
  access_token: string;
  user_id: string;
  tenant_id: string;
  expires_at: number;
}

interface IdempotencyRecord {
  key: string;
  session_id: string;
  /** The token handed out with the first answer; a replay is only valid while it is current. */
  token: string;
  created_at: number;
}

interface PersistedState {
  version: 1;
  sessions: StoredSession[];
  accessTokens: StoredAccessToken[];
  idempotency: IdempotencyRecord[];
}

const sessions = new Map<string, StoredSession>();
const accessTokens = new Map<string, StoredAccessToken>();
const idempotency = new Map<string, IdempotencyRecord>();

function copy(session: StoredSession): StoredSession {
  return { ...session, metadata: structuredClone(session.metadata) };
}

function save(): void {
  const state: PersistedState = {
    version: 1,
    sessions: [...sessions.values()],
    accessTokens: [...accessTokens.values()],
    idempotency: [...idempotency.values()],
  };
  writePersisted(STORE_STORAGE_KEY, state);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isStoredSession(v: unknown): v is StoredSession {
  return (
    isRecord(v) &&
    isString(v.session_id) &&
    isString(v.token) &&
    isStringOrNull(v.user_id) &&
    isStringOrNull(v.tenant_id) &&
    isRecord(v.metadata) &&
    isTime(v.created_at) &&
    isTime(v.last_seen) &&
    (v.upgraded_at === null || isTime(v.upgraded_at)) &&
    typeof v.expired === 'boolean'
  );
}

function isStoredAccessToken(v: unknown): v is StoredAccessToken {
  return isRecord(v) && isString(v.access_token) && isString(v.user_id) && isString(v.tenant_id) && isTime(v.expires_at);
}

function isIdempotencyRecord(v: unknown): v is IdempotencyRecord {
  return isRecord(v) && isString(v.key) && isString(v.session_id) && isString(v.token) && isTime(v.created_at);
}

function entriesOf<T>(value: unknown, guard: (v: unknown) => v is T): T[] {
  return Array.isArray(value) ? value.filter(guard) : [];
}

/** Replaces the in-memory state with what the persistent storage holds (nothing in Node). */
function load(): void {
  sessions.clear();
  accessTokens.clear();
  idempotency.clear();
  const state = readPersisted(STORE_STORAGE_KEY);
  // Anything malformed is dropped entry by entry: a damaged store must not break the demo.
  if (!isRecord(state) || state.version !== 1) return;
  for (const s of entriesOf(state.sessions, isStoredSession)) sessions.set(s.session_id, s);
  for (const t of entriesOf(state.accessTokens, isStoredAccessToken)) accessTokens.set(t.access_token, t);
  for (const r of entriesOf(state.idempotency, isIdempotencyRecord)) idempotency.set(r.key, r);
}

/** When the session stops being valid: min(last use + idle timeout, creation + absolute lifetime). */
function expiresAt(session: StoredSession): number {
  return Math.min(session.last_seen + mockConfig.idleTimeoutMs, session.created_at + mockConfig.absoluteLifetimeMs);
}

function isExpired(session: StoredSession, at: number): boolean {
  return session.expired || at >= expiresAt(session);
}

/** The live session, or undefined when unknown or expired (an expired one is removed). */
function findLiveSession(sessionId: string): StoredSession | undefined {
  const session = sessions.get(sessionId);
  if (!session) return undefined;
  if (isExpired(session, now())) {
    sessions.delete(sessionId);
    save();
    return undefined;
  }
  return session;
}

function insertSession(metadata: Metadata): StoredSession {
  let sessionId = newId('ses_');
  while (sessions.has(sessionId)) sessionId = newId('ses_');
  const at = now();
  const session: StoredSession = {
    session_id: sessionId,
    token: newSecretToken(),
    user_id: null,
    tenant_id: null,
    metadata: structuredClone(metadata),
    created_at: at,
    last_seen: at,
    upgraded_at: null,
    expired: false,
  };
  sessions.set(sessionId, session);
  return session;
}

/** What {@link store}.createSession answers. */
export interface CreatedSession {
  session: StoredSession;
  /** True when an earlier create with the same Idempotency-Key was replayed. */
  replayed: boolean;
}

/** Options of {@link store}.upgradeSession. */
export interface UpgradeChanges {
  user_id: string;
  tenant_id: string;
  metadata?: Metadata | undefined;
}

/**
 * The mock backend's single source of truth: sessions, users, tenants and access tokens,
 * shared by all handlers. Sessions and tokens persist in the browser; users and tenants are seeded.
 * Methods return copies: change data only through the methods.
 */
export const store = {
  /** The seeded users (see `accounts.ts`). */
  users: accounts,
  /** The seeded tenants. */
  tenants,

  /** `expires_at` of a session, in epoch milliseconds. */
  expiresAt,

  /**
   * Creates an anonymous session, or, with an Idempotency-Key seen within the window whose
   * session still lives with the same token, answers that session again.
   */
  createSession(options: { metadata?: Metadata | undefined; idempotencyKey?: string | null | undefined } = {}): CreatedSession {
    const at = now();
    const key = options.idempotencyKey ?? null;
    for (const [k, record] of idempotency) {
      if (at - record.created_at >= mockConfig.idempotencyWindowMs) idempotency.delete(k);
    }
    if (key !== null) {
      const record = idempotency.get(key);
      const earlier = record ? findLiveSession(record.session_id) : undefined;
      // After an upgrade the first answer's token is dead; replaying the new one would hand
      // an authenticated session to whoever repeats an anonymous request.
      if (record && earlier && earlier.token === record.token) {
        earlier.last_seen = at;
        save();
        return { session: copy(earlier), replayed: true };
      }
    }
    const session = insertSession(options.metadata ?? {});
    if (key !== null) idempotency.set(key, { key, session_id: session.session_id, token: session.token, created_at: at });
    save();
    return { session: copy(session), replayed: false };
  },

  /** The live session (a copy), or undefined when unknown or expired. Does not count as a use. */
  findLiveSession(sessionId: string): StoredSession | undefined {
    const session = findLiveSession(sessionId);
    return session && copy(session);
  },

  /** True when `token` is the session's current token. */
  tokenMatches(sessionId: string, token: string | null): boolean {
    const session = sessions.get(sessionId);
    return !!session && token !== null && sameSecret(session.token, token);
  },

  /** Records a use of the session now (resets its idle timeout). */
  touchSession(sessionId: string): StoredSession | undefined {
    const session = sessions.get(sessionId);
    if (!session) return undefined;
    session.last_seen = now();
    save();
    return copy(session);
  },

  /**
   * Binds the session to the user (first time only: `upgraded_at` is set once), merges the
   * metadata and rotates the token. The caller has checked identity and conflicts.
   */
  upgradeSession(sessionId: string, changes: UpgradeChanges): StoredSession | undefined {
    const session = sessions.get(sessionId);
    if (!session) return undefined;
    const at = now();
    if (session.user_id === null) {
      session.user_id = changes.user_id;
      session.tenant_id = changes.tenant_id;
      session.upgraded_at = at;
    }
    session.metadata = { ...session.metadata, ...structuredClone(changes.metadata ?? {}) };
    session.token = newSecretToken();
    session.last_seen = at;
    save();
    return copy(session);
  },

  /** Removes the session; true when it existed. */
  deleteSession(sessionId: string): boolean {
    const existed = sessions.delete(sessionId);
    if (existed) save();
    return existed;
  },

  /** The seeded user with these credentials (email compared case-insensitively), if any. */
  verifyCredentials(email: string, password: string): DemoAccount | undefined {
    const wanted = email.trim().toLowerCase();
    return accounts.find((a) => a.email === wanted && sameSecret(a.password, password));
  },

  /** The seeded tenant with this id, if any. */
  findTenant(tenantId: string): DemoTenant | undefined {
    return tenants.find((t) => t.tenant_id === tenantId);
  },

  /** Issues a new access token for the user, valid for `mockConfig.accessTokenTtlSec`. */
  issueAccessToken(account: DemoAccount): StoredAccessToken {
    const token: StoredAccessToken = {
      access_token: newSecretToken(),
      user_id: account.user_id,
      tenant_id: account.tenant,
      expires_at: now() + mockConfig.accessTokenTtlSec * 1000,
    };
    accessTokens.set(token.access_token, token);
    save();
    return { ...token };
  },

  /** The access token's record, or undefined when unknown or expired (an expired one is removed). */
  findAccessToken(accessToken: string): StoredAccessToken | undefined {
    const token = accessTokens.get(accessToken);
    if (!token) return undefined;
    if (now() >= token.expires_at) {
      accessTokens.delete(accessToken);
      save();
      return undefined;
    }
    return { ...token };
  },

  // --- helpers for tests and the developer panel ---

  /** How many sessions are alive now. */
  sessionCount(): number {
    const at = now();
    let count = 0;
    for (const session of sessions.values()) if (!isExpired(session, at)) count++;
    return count;
  },

  /** A copy of the stored session, expired or not; undefined once removed or never created. */
  getSession(sessionId: string): StoredSession | undefined {
    const session = sessions.get(sessionId);
    return session && copy(session);
  },

  /** Copies of all stored sessions (expired ones included until they are touched). */
  listSessions(): StoredSession[] {
    return [...sessions.values()].map(copy);
  },

  /** Expires one session now: it answers 404 from then on. True when it existed. */
  expireSession(sessionId: string): boolean {
    const session = sessions.get(sessionId);
    if (!session) return false;
    session.expired = true;
    save();
    return true;
  },

  /** Expires every session that exists now; sessions created later are unaffected. */
  expireAllSessions(): void {
    for (const session of sessions.values()) session.expired = true;
    save();
  },

  /** Expires an access token now. True when it existed. */
  expireAccessToken(accessToken: string): boolean {
    const token = accessTokens.get(accessToken);
    if (!token) return false;
    token.expires_at = now();
    save();
    return true;
  },

  /** Forgets all sessions, access tokens and idempotency keys (users stay seeded). */
  reset(): void {
    sessions.clear();
    accessTokens.clear();
    idempotency.clear();
    removePersisted(STORE_STORAGE_KEY);
  },
};

/** Empties the store (and its persisted copy); the seeded users stay. */
export function resetStore(): void {
  store.reset();
}

onStorageChange(load);
