import type { Metadata, Session } from '../../src/api/types.ts';
import type { MockSession } from '../mockApiTypes.ts';
import type { MockSettings } from '../settings.ts';
import { isRecord, isString, isStringOrNull, isTime, isTimeOrNull, MAX_JSON_DEPTH, MAX_TIME, nestsAtMost } from './guards.ts';

/** A session as the backend keeps it (times in epoch milliseconds of the mock's clock). */
export interface SessionRecord {
  session_id: string;
  /** SHA-256 (hex) of the current session token; the token itself is never kept. Replaced on every upgrade. */
  token_hash: string;
  user_id: string | null;
  tenant_id: string | null;
  metadata: Metadata;
  created_at: number;
  /** Last authenticated use, for the idle timeout. */
  last_seen: number;
  upgraded_at: number | null;
  /** When it was expired on purpose (`expireSession`, the `expired-session` scenario); null otherwise. */
  expired_at: number | null;
}

/** How long a dead session's record is kept for inspection (`getSession`) before it is dropped. */
const DEAD_RECORD_RETENTION_MS = 24 * 60 * 60 * 1000;

/** When the session stops being valid: min(last use + idle timeout, creation + absolute lifetime). */
function sessionExpiresAt(session: SessionRecord, settings: MockSettings): number {
  const natural = Math.min(session.last_seen + settings.idleTimeoutMs, session.created_at + settings.absoluteLifetimeMs);
  return session.expired_at === null ? natural : Math.min(natural, session.expired_at);
}

export function isSessionExpired(session: SessionRecord, now: number, settings: MockSettings): boolean {
  return now >= sessionExpiresAt(session, settings);
}

/** An epoch time as ISO 8601, held within what a Date can print. */
export function isoTime(ms: number): string {
  return new Date(Math.min(Math.max(Number.isFinite(ms) ? ms : 0, 0), MAX_TIME)).toISOString();
}

/** The admin API's view of a session: no token, no metadata. */
export function toMockSession(session: SessionRecord, settings: MockSettings): MockSession {
  return {
    session_id: session.session_id,
    user_id: session.user_id,
    tenant_id: session.tenant_id,
    created_at: isoTime(session.created_at),
    expires_at: isoTime(sessionExpiresAt(session, settings)),
    upgraded_at: session.upgraded_at === null ? null : isoTime(session.upgraded_at),
  };
}

/** The experience API's view of a session. */
export function toApiSession(session: SessionRecord, settings: MockSettings): Session {
  return { ...toMockSession(session, settings), metadata: structuredClone(session.metadata) };
}

/** Drops the records of sessions that have been dead for a day (they only served inspection). */
export function dropLongDeadSessions(sessions: SessionRecord[], now: number, settings: MockSettings): SessionRecord[] {
  return sessions.filter((s) => now < sessionExpiresAt(s, settings) + DEAD_RECORD_RETENTION_MS);
}

/** A stored session, or undefined when the stored value is not one (a damaged entry is dropped). */
export function parseSessionRecord(value: unknown): SessionRecord | undefined {
  if (!isRecord(value)) return undefined;
  const { session_id, token_hash, user_id, tenant_id, metadata, created_at, last_seen, upgraded_at, expired_at } = value;
  const valid =
    isString(session_id) &&
    isString(token_hash) &&
    isStringOrNull(user_id) &&
    isStringOrNull(tenant_id) &&
    isRecord(metadata) &&
    nestsAtMost(metadata, MAX_JSON_DEPTH - 1) &&
    isTime(created_at) &&
    isTime(last_seen) &&
    isTimeOrNull(upgraded_at) &&
    isTimeOrNull(expired_at);
  if (!valid) return undefined;
  return { session_id, token_hash, user_id, tenant_id, metadata, created_at, last_seen, upgraded_at, expired_at };
}
