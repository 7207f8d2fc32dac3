import type { Metadata } from '../../src/api/types.ts';
import type { Transaction } from '../core/operation.ts';
import { newId, sameSecret, type FreshSecret } from '../secrets.ts';
import { isSessionExpired, type SessionRecord } from '../state/sessionRecords.ts';

/** The session, or undefined when unknown or expired (an expired one is removed, as a server would). */
export function findLiveSession(tx: Transaction, sessionId: string): SessionRecord | undefined {
  const session = tx.snapshot.sessions.find((s) => s.session_id === sessionId);
  if (!session) return undefined;
  if (!isSessionExpired(session, tx.now, tx.settings)) return session;
  removeSession(tx, sessionId);
  return undefined;
}

/** Forgets a session and the replays that could hand it out. */
export function removeSession(tx: Transaction, sessionId: string): void {
  tx.snapshot.sessions = tx.snapshot.sessions.filter((s) => s.session_id !== sessionId);
  tx.snapshot.idempotency = tx.snapshot.idempotency.filter((r) => r.session_id !== sessionId);
}

/** True when `tokenHash` is the hash of the session's current token. */
export function holdsCurrentToken(session: SessionRecord, tokenHash: string): boolean {
  return sameSecret(session.token_hash, tokenHash);
}

/** Adds a new anonymous session with the given secret. */
export function insertSession(tx: Transaction, secret: FreshSecret, metadata: Metadata): SessionRecord {
  let sessionId = newId('ses_');
  while (tx.snapshot.sessions.some((s) => s.session_id === sessionId)) sessionId = newId('ses_');
  const session: SessionRecord = {
    session_id: sessionId,
    token_hash: secret.hash,
    user_id: null,
    tenant_id: null,
    metadata: structuredClone(metadata),
    created_at: tx.now,
    last_seen: tx.now,
    upgraded_at: null,
    expired_at: null,
  };
  tx.snapshot.sessions.push(session);
  return session;
}

/**
 * Binds the session to the user (the first time only: `upgraded_at` is set once), merges the
 * metadata and rotates the token. The caller has checked identity and conflicts.
 */
export function bindSession(tx: Transaction, session: SessionRecord, identity: { user_id: string; tenant_id: string; metadata?: Metadata | undefined }, secret: FreshSecret): void {
  if (session.user_id === null) {
    session.user_id = identity.user_id;
    session.tenant_id = identity.tenant_id;
    session.upgraded_at = tx.now;
  }
  session.metadata = { ...session.metadata, ...structuredClone(identity.metadata ?? {}) };
  session.token_hash = secret.hash;
  session.last_seen = tx.now;
}
