/** `/api/session/...`: create-anonymous, read, upgrade, logout (SPEC §2). */
import type { ValidationErrorItem } from '../../src/api/types.ts';
import type { Operation, Transaction } from '../core/operation.ts';
import { readRequestBody } from '../core/readRequestBody.ts';
import { reply, type MockReply } from '../core/replies.ts';
import { checkRequest, validateModel } from '../core/validateModel.ts';
import { hashSecret, newFreshSecret, sameSecret, type FreshSecret } from '../secrets.ts';
import { findAccessToken } from '../state/accessTokenRecords.ts';
import { findIdempotencyRecord, putIdempotencyRecord } from '../state/idempotencyRecords.ts';
import { toApiSession, type SessionRecord } from '../state/sessionRecords.ts';
import { bindSession, findLiveSession, holdsCurrentToken, insertSession, removeSession } from './sessionAccess.ts';

const createRules = { metadata: { kind: 'dict', required: false } } as const;

const upgradeRules = {
  user_id: { kind: 'string', required: true },
  tenant_id: { kind: 'string', required: true },
  access_token: { kind: 'string', required: true },
  metadata: { kind: 'dict', required: false },
} as const;

const SESSION_NOT_FOUND = 'Session not found';
const CONFLICT = 'Session is already bound to another user';

/** FastAPI's check of the optional Idempotency-Key header against the contract's 1..255 characters. */
function idempotencyKeyErrors(key: string | null): ValidationErrorItem[] {
  const loc = ['header', 'idempotency-key'];
  if (key === null) return [];
  if (key.length < 1) return [{ type: 'string_too_short', loc, msg: 'String should have at least 1 character', input: key, ctx: { min_length: 1 } }];
  if (key.length > 255) return [{ type: 'string_too_long', loc, msg: 'String should have at most 255 characters', input: key, ctx: { max_length: 255 } }];
  return [];
}

/** The presented X-Session-Token, hashed (null when the header is absent or empty). */
async function presentedTokenHash(request: Request): Promise<string | null> {
  const token = request.headers.get('x-session-token');
  return token ? hashSecret(token) : null;
}

/** 404 for an unknown or expired session, then 401 for a missing or wrong token. */
function authorize(tx: Transaction, sessionId: string, tokenHash: string | null): { session: SessionRecord } | { reply: MockReply } {
  const session = findLiveSession(tx, sessionId);
  if (!session) return { reply: reply.error(404, SESSION_NOT_FOUND) };
  if (tokenHash === null) return { reply: reply.error(401, 'Missing session token') };
  if (!holdsCurrentToken(session, tokenHash)) return { reply: reply.error(401, 'Invalid session token') };
  return { session };
}

/** An operation on `{session_id}` that needs its current token: 404, 401, or `act` on the session. */
function withAuthorizedSession(act: (tx: Transaction, session: SessionRecord) => MockReply): Operation {
  return async (request, params) => {
    const sessionId = params.session_id ?? '';
    const tokenHash = await presentedTokenHash(request);
    return {
      apply(tx) {
        const auth = authorize(tx, sessionId, tokenHash);
        return 'reply' in auth ? auth.reply : act(tx, auth.session);
      },
    };
  };
}

/** Keeps what a repeat of this request under `key` needs to get the same answer (same token). */
function rememberAnswer(
  tx: Transaction,
  kind: { kind: 'create' } | { kind: 'upgrade'; previous_token_hash: string },
  key: string,
  session: SessionRecord,
  secret: FreshSecret,
): void {
  const answer = { key, session_id: session.session_id, session_token: secret.token, session_token_hash: secret.hash, created_at: tx.now };
  tx.snapshot.idempotency = putIdempotencyRecord(tx.snapshot.idempotency, { ...kind, ...answer });
}

export const createAnonymous: Operation = async (request) => {
  const key = request.headers.get('idempotency-key');
  const checked = checkRequest(idempotencyKeyErrors(key), validateModel(await readRequestBody(request), createRules, { required: false }));
  if ('reply' in checked) return checked;
  const { metadata = {} } = checked.value;
  const secret = await newFreshSecret();
  return {
    apply(tx) {
      if (key !== null) {
        const record = findIdempotencyRecord(tx.snapshot.idempotency, 'create', key);
        const earlier = record && findLiveSession(tx, record.session_id);
        // After an upgrade the first answer's token is dead: replaying it would hand an
        // authenticated session to whoever repeats an anonymous request.
        if (record && earlier && holdsCurrentToken(earlier, record.session_token_hash)) {
          earlier.last_seen = tx.now;
          return reply.created({ session: toApiSession(earlier, tx.settings), session_token: record.session_token });
        }
      }
      const session = insertSession(tx, secret, metadata);
      if (key !== null) rememberAnswer(tx, { kind: 'create' }, key, session, secret);
      return reply.created({ session: toApiSession(session, tx.settings), session_token: secret.token });
    },
  };
};

export const getSession = withAuthorizedSession((tx, session) => {
  session.last_seen = tx.now;
  return reply.ok({ session: toApiSession(session, tx.settings) });
});

export const upgradeSession: Operation = async (request, params) => {
  const sessionId = params.session_id ?? '';
  const key = request.headers.get('idempotency-key');
  // FastAPI validates the whole request before the endpoint runs: 422 comes before anything else.
  const checked = checkRequest(idempotencyKeyErrors(key), validateModel(await readRequestBody(request), upgradeRules, { required: true }));
  if ('reply' in checked) return checked;
  const { user_id, tenant_id, access_token, metadata } = checked.value;
  const tokenHash = await presentedTokenHash(request);
  const accessTokenHash = await hashSecret(access_token);
  const secret = await newFreshSecret();

  /** The earlier upgrade this request repeats (same key, the token it replaced), if any. */
  const replayOf = (tx: Transaction, session: SessionRecord) => {
    if (key === null || tokenHash === null) return undefined;
    const record = findIdempotencyRecord(tx.snapshot.idempotency, 'upgrade', key);
    const repeats =
      record !== undefined &&
      record.session_id === session.session_id &&
      sameSecret(record.previous_token_hash, tokenHash) &&
      holdsCurrentToken(session, record.session_token_hash) &&
      session.user_id === user_id &&
      session.tenant_id === tenant_id;
    return repeats ? record : undefined;
  };

  return {
    apply(tx) {
      const session = findLiveSession(tx, sessionId);
      if (!session) return reply.error(404, SESSION_NOT_FOUND);
      if (tokenHash === null) return reply.error(401, 'Missing session token');
      const replay = replayOf(tx, session);
      if (!replay && !holdsCurrentToken(session, tokenHash)) return reply.error(401, 'Invalid session token');
      if (tx.snapshot.scenario === 'upgrade-conflict') return reply.error(409, CONFLICT);
      if (replay) {
        session.last_seen = tx.now;
        return reply.ok({ session: toApiSession(session, tx.settings), session_token: replay.session_token });
      }
      const grant = findAccessToken(tx.snapshot.access_tokens, accessTokenHash, tx.now);
      if (!grant) return reply.error(401, 'Invalid or expired access token');
      if (grant.user_id !== user_id || grant.tenant_id !== tenant_id) {
        return reply.error(403, 'user_id and tenant_id do not match the access token');
      }
      if (session.user_id !== null && (session.user_id !== grant.user_id || session.tenant_id !== grant.tenant_id)) {
        return reply.error(409, CONFLICT);
      }
      bindSession(tx, session, { user_id, tenant_id, metadata }, secret);
      if (key !== null) rememberAnswer(tx, { kind: 'upgrade', previous_token_hash: tokenHash }, key, session, secret);
      return reply.ok({ session: toApiSession(session, tx.settings), session_token: secret.token });
    },
  };
};

export const logout = withAuthorizedSession((tx, session) => {
  removeSession(tx, session.session_id);
  return reply.noContent();
});
