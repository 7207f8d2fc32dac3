import { isRecord, isString, isTime } from './guards.ts';

/** An access token issued by login, kept as a hash only: the token itself is never stored. */
export interface AccessTokenRecord {
  /** SHA-256 (hex) of the access token. */
  token_hash: string;
  user_id: string;
  tenant_id: string;
  /** Epoch milliseconds of the mock's clock. */
  expires_at: number;
}

/** The live access token with this hash, or undefined when unknown or expired. */
export function findAccessToken(tokens: AccessTokenRecord[], tokenHash: string, now: number): AccessTokenRecord | undefined {
  return tokens.find((t) => t.token_hash === tokenHash && now < t.expires_at);
}

/** The tokens still valid at `now`. */
export function dropExpiredAccessTokens(tokens: AccessTokenRecord[], now: number): AccessTokenRecord[] {
  return tokens.filter((t) => now < t.expires_at);
}

/** A stored access token record, or undefined when the stored value is not one. */
export function parseAccessTokenRecord(value: unknown): AccessTokenRecord | undefined {
  if (!isRecord(value)) return undefined;
  const { token_hash, user_id, tenant_id, expires_at } = value;
  if (!isString(token_hash) || !isString(user_id) || !isString(tenant_id) || !isTime(expires_at)) return undefined;
  return { token_hash, user_id, tenant_id, expires_at };
}
