import { isRecord, isString, isTime } from './guards.ts';

/**
 * What a repeated request needs to get the first answer again. The answer's session token is kept
 * in clear for the window only (a replay must hand out that same token), with its hash to tell
 * whether it is still the session's current one.
 */
interface ReplayRecord {
  key: string;
  session_id: string;
  session_token: string;
  session_token_hash: string;
  /** Epoch milliseconds of the mock's clock. */
  created_at: number;
}

/** A create-anonymous answered under an Idempotency-Key. */
export interface CreateReplayRecord extends ReplayRecord {
  kind: 'create';
}

/** An upgrade answered under an Idempotency-Key; a replay must come with the token it replaced. */
export interface UpgradeReplayRecord extends ReplayRecord {
  kind: 'upgrade';
  previous_token_hash: string;
}

export type IdempotencyRecord = CreateReplayRecord | UpgradeReplayRecord;

/** The records still inside the window at `now`. */
export function dropStaleIdempotencyRecords(records: IdempotencyRecord[], now: number, windowMs: number): IdempotencyRecord[] {
  return records.filter((r) => now - r.created_at < windowMs);
}

/** The record of this kind and key, if any. */
export function findIdempotencyRecord<K extends IdempotencyRecord['kind']>(
  records: IdempotencyRecord[],
  kind: K,
  key: string,
): Extract<IdempotencyRecord, { kind: K }> | undefined {
  return records.find((r): r is Extract<IdempotencyRecord, { kind: K }> => r.kind === kind && r.key === key);
}

/** Stores a record, replacing an earlier one of the same kind and key. */
export function putIdempotencyRecord(records: IdempotencyRecord[], record: IdempotencyRecord): IdempotencyRecord[] {
  return [...records.filter((r) => r.kind !== record.kind || r.key !== record.key), record];
}

/** A stored idempotency record, or undefined when the stored value is not one. */
export function parseIdempotencyRecord(value: unknown): IdempotencyRecord | undefined {
  if (!isRecord(value)) return undefined;
  const { kind, key, session_id, session_token, session_token_hash, created_at, previous_token_hash } = value;
  if (!isString(key) || !isString(session_id) || !isString(session_token) || !isString(session_token_hash) || !isTime(created_at)) {
    return undefined;
  }
  const common = { key, session_id, session_token, session_token_hash, created_at };
  if (kind === 'create') return { kind, ...common };
  if (kind === 'upgrade' && isString(previous_token_hash)) return { kind, ...common, previous_token_hash };
  return undefined;
}
