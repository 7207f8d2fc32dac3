import { http } from 'msw';
import type { Session, ValidationErrorItem } from '../../src/api/types.ts';
import { apiRoutes } from '../config.ts';
import { getScenario } from '../scenarios.ts';
import { store, type StoredSession } from '../store.ts';
import { respond, type MockReply } from './respond.ts';
import { validateBody } from './validateBody.ts';
import { withMockBehaviour, type MockRequest } from './withMockBehaviour.ts';

const createRules = { metadata: { kind: 'object', required: false } } as const;

const upgradeRules = {
  user_id: { kind: 'string', required: true },
  tenant_id: { kind: 'string', required: true },
  access_token: { kind: 'string', required: true },
  metadata: { kind: 'object', required: false },
} as const;

const CONFLICT = 'Session is already bound to another user';

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The API's view of a stored session. */
export function toApiSession(session: StoredSession): Session {
  return {
    session_id: session.session_id,
    tenant_id: session.tenant_id,
    user_id: session.user_id,
    created_at: iso(session.created_at),
    expires_at: iso(store.expiresAt(session)),
    upgraded_at: session.upgraded_at === null ? null : iso(session.upgraded_at),
    metadata: session.metadata,
  };
}

/** 404 for an unknown or expired session, then 401 for a missing or wrong X-Session-Token. */
function authorize(request: Request, sessionId: string): { session: StoredSession } | { reply: MockReply } {
  const session = store.findLiveSession(sessionId);
  if (!session) return { reply: respond.error(404, 'Session not found') };
  const token = request.headers.get('X-Session-Token');
  if (!token) return { reply: respond.error(401, 'Missing session token') };
  if (!store.tokenMatches(sessionId, token)) return { reply: respond.error(401, 'Invalid session token') };
  return { session };
}

/** FastAPI's check of the Idempotency-Key header against the contract's 1..255 characters. */
function idempotencyKeyErrors(key: string | null): ValidationErrorItem[] {
  const loc = ['header', 'idempotency-key'];
  if (key === null) return [];
  if (key.length < 1) return [{ type: 'string_too_short', loc, msg: 'String should have at least 1 character' }];
  if (key.length > 255) return [{ type: 'string_too_long', loc, msg: 'String should have at most 255 characters' }];
  return [];
}

async function createAnonymous({ request }: MockRequest): Promise<MockReply> {
  const idempotencyKey = request.headers.get('Idempotency-Key');
  const body = await validateBody(request, createRules, { required: false });
  // FastAPI reports parameter errors before body errors, all in one 422.
  const [first, ...rest] = [...idempotencyKeyErrors(idempotencyKey), ...(body.ok ? [] : body.errors)];
  if (first) return respond.invalid([first, ...rest]);
  if (!body.ok) return respond.invalid(body.errors);
  const { session } = store.createSession({ metadata: body.value.metadata, idempotencyKey });
  return respond.created({ session: toApiSession(session), session_token: session.token });
}

function getSession({ request, params }: MockRequest): MockReply {
  const sessionId = params.session_id ?? '';
  const auth = authorize(request, sessionId);
  if ('reply' in auth) return auth.reply;
  const touched = store.touchSession(sessionId) ?? auth.session;
  return respond.ok({ session: toApiSession(touched) });
}

async function upgrade({ request, params }: MockRequest): Promise<MockReply> {
  // FastAPI validates the body before the endpoint runs, so 422 comes before anything else.
  const body = await validateBody(request, upgradeRules, { required: true });
  if (!body.ok) return respond.invalid(body.errors);
  const sessionId = params.session_id ?? '';
  const auth = authorize(request, sessionId);
  if ('reply' in auth) return auth.reply;
  if (getScenario() === 'upgrade-conflict') return respond.error(409, CONFLICT);

  const { user_id, tenant_id, access_token, metadata } = body.value;
  const grant = store.findAccessToken(access_token);
  if (!grant) return respond.error(401, 'Invalid or expired access token');
  if (grant.user_id !== user_id || grant.tenant_id !== tenant_id) {
    return respond.error(403, 'user_id and tenant_id do not match the access token');
  }
  const bound = auth.session;
  if (bound.user_id !== null && (bound.user_id !== grant.user_id || bound.tenant_id !== grant.tenant_id)) {
    return respond.error(409, CONFLICT);
  }
  const upgraded = store.upgradeSession(sessionId, { user_id: grant.user_id, tenant_id: grant.tenant_id, metadata });
  if (!upgraded) return respond.error(404, 'Session not found');
  return respond.ok({ session: toApiSession(upgraded), session_token: upgraded.token });
}

function logout({ request, params }: MockRequest): MockReply {
  const sessionId = params.session_id ?? '';
  const auth = authorize(request, sessionId);
  if ('reply' in auth) return auth.reply;
  store.deleteSession(sessionId);
  return respond.noContent();
}

/** Handlers of `/api/session/...`: create-anonymous, read, upgrade, logout. */
export const sessionHandlers = [
  http.post(apiRoutes.createAnonymous, withMockBehaviour(createAnonymous)),
  http.get(apiRoutes.session, withMockBehaviour(getSession)),
  http.patch(apiRoutes.upgrade, withMockBehaviour(upgrade)),
  http.post(apiRoutes.logout, withMockBehaviour(logout)),
];
