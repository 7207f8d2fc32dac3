/**
 * The named checks of `check-backend`, each one rule of the experience API's contract
 * (the OpenAPI document and SPEC §2's security rules), run in this order.
 */
import {
  CheckFailure,
  OPERATIONS,
  VALIDATION_TYPES,
  answered,
  expectDetail,
  expectStatus,
  expectValidationError,
  lookalike,
  randomSecret,
  sessionOf,
  sessionPath,
  upgradeBody,
  type CheckContext,
  type CheckOptions,
  type HeldSession,
} from './checkContext.ts';
import type { OperationKey } from './contract.ts';
import type { Exchange, RequestSpec } from './httpClient.ts';
import { internalsIn } from './internalsIn.ts';
import { isJsonObject } from './jsonSchema.ts';
import { estimateTokenEntropy } from './tokenEntropy.ts';

/** One rule, checked against the live server. */
export interface Check {
  name: string;
  /** The rule, in one line. */
  rule: string;
  /** Why the check cannot run with these options, or null when it can. */
  skipReason?: (options: CheckOptions) => string | null;
  /** Resolves (with an optional note) when the rule holds; throws {@link CheckFailure} when not. */
  run: (context: CheckContext) => Promise<string | void>;
}

/** The name of the first check: when it fails nothing else is tried. */
export const REACHABILITY_CHECK = 'server.reachable';

const MIN_TOKEN_BITS = 128;
const NESTING_DEPTH = 5000;
const LONG_ID_LENGTH = 3000;
const LONG_KEY_LENGTH = 300;

/** `{"metadata": {"a": {"a": ... 1}}}` nested `depth` deep, as text: JSON.stringify would run out of stack. */
function deeplyNestedBody(depth: number): string {
  return `{"metadata": ${'{"a": '.repeat(depth)}1${'}'.repeat(depth)}}`;
}

/**
 * Sends raw bodies with `contentType` to create, to the upgrade of a new session (with its
 * token) and to login: the three exchanges, each with what it was and its operation.
 */
async function sendRawBodies(
  context: CheckContext,
  bodies: { create: string; upgrade: string; login: string },
  contentType: string,
): Promise<{ what: string; operation: OperationKey; exchange: Exchange }[]> {
  const create = await context.send({ method: 'POST', path: '/api/session/create-anonymous', text: bodies.create, contentType });
  const session = await context.createSession();
  const upgrade = await context.send({
    method: 'PATCH',
    path: sessionPath(session.session_id, '/upgrade'),
    headers: { 'X-Session-Token': session.token },
    text: bodies.upgrade,
    contentType,
  });
  const login = await context.send({ method: 'POST', path: '/api/auth/login', text: bodies.login, contentType });
  return [
    { what: 'POST create-anonymous', operation: OPERATIONS.create, exchange: create },
    { what: 'PATCH upgrade', operation: OPERATIONS.upgrade, exchange: upgrade },
    { what: 'login', operation: OPERATIONS.login, exchange: login },
  ];
}

/** A session whose id is a lookalike of a live one: same format, names nothing. */
async function unknownSessionId(context: CheckContext): Promise<{ id: string; live: HeldSession }> {
  const live = await context.createSession();
  return { id: lookalike(live.session_id), live };
}

function timeOf(exchange: Exchange, session: Record<string, unknown>, field: string): number {
  const value = session[field];
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new CheckFailure(`session.${field} is not a date-time`, exchange);
  return time;
}

function expectUnauthorized(exchange: Exchange, what: string, operation: OperationKey): void {
  expectStatus(exchange, what, [401], operation);
}

/**
 * GET, upgrade (as the account, with `idempotencyKey` if given) and logout of `sessionId` with
 * `token` (null: no header), each expected to answer one of `statuses`; `how` ends each
 * request's description, e.g. "with a wrong token".
 */
async function expectOnEveryRoute(
  context: CheckContext,
  request: { sessionId: string; token: string | null; how: string; idempotencyKey?: string },
  statuses: readonly number[],
): Promise<void> {
  const { sessionId, token, how, idempotencyKey } = request;
  const login = await context.login('account');
  expectStatus(await context.getSession(sessionId, token), `GET ${how}`, statuses, OPERATIONS.get);
  const upgrade = await context.upgrade(sessionId, token, upgradeBody(login), idempotencyKey);
  expectStatus(upgrade, `PATCH upgrade ${how}`, statuses, OPERATIONS.upgrade);
  expectStatus(await context.logout(sessionId, token), `POST logout ${how}`, statuses, OPERATIONS.logout);
}

function headerList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((part) => part.trim().toLowerCase()).filter((part) => part !== '');
}

const CORS_PREFLIGHTS: readonly { method: string; path: (id: string) => string; headers: string[] }[] = [
  { method: 'POST', path: () => '/api/session/create-anonymous', headers: ['content-type', 'idempotency-key'] },
  { method: 'GET', path: (id) => sessionPath(id), headers: ['x-session-token'] },
  { method: 'PATCH', path: (id) => sessionPath(id, '/upgrade'), headers: ['content-type', 'idempotency-key', 'x-session-token'] },
  { method: 'POST', path: (id) => sessionPath(id, '/logout'), headers: ['x-session-token'] },
  { method: 'POST', path: () => '/api/auth/login', headers: ['content-type'] },
];

// Methods a browser sends cross-origin without their being listed in Access-Control-Allow-Methods.
const CORS_SAFELISTED_METHODS = ['GET', 'HEAD', 'POST'];

const needsOrigin = (options: CheckOptions): string | null => (options.origin === null ? 'needs --origin' : null);

/** The checks, in the order they run. */
export const CHECKS: readonly Check[] = [
  {
    name: REACHABILITY_CHECK,
    rule: 'The server answers HTTP at the base URL',
    async run(context) {
      const exchange = await context.getSession('ses_check_backend_probe', randomSecret());
      if (!exchange.response) throw new CheckFailure(`cannot reach ${context.options.baseUrl}: ${exchange.error ?? 'no answer'}`, exchange);
    },
  },
  {
    name: 'login.shape',
    rule: 'POST /api/auth/login answers 200 {access_token, token_type: "bearer", expires_in, user_id, tenant_id} for both accounts',
    async run(context) {
      const account = await context.login('account');
      const other = await context.login('other');
      if (account.user_id === other.user_id) {
        throw new CheckFailure(`--account and --other-account are the same user (${account.user_id}): the 409 check needs two users`);
      }
    },
  },
  {
    name: 'login.bad-credentials',
    rule: 'A wrong password or an unknown email answers 401 {detail}',
    async run(context) {
      const { email, password } = context.options.account;
      const wrongPassword = await context.send({ method: 'POST', path: '/api/auth/login', json: { email, password: `${password}-wrong` } });
      expectUnauthorized(wrongPassword, 'login with a wrong password', OPERATIONS.login);
      const unknownEmail = `nobody-${randomSecret().slice(0, 12).toLowerCase()}@check-backend.invalid`;
      const unknown = await context.send({ method: 'POST', path: '/api/auth/login', json: { email: unknownEmail, password } });
      expectUnauthorized(unknown, 'login with an unknown email', OPERATIONS.login);
    },
  },
  {
    name: 'create.shape',
    rule: 'POST create-anonymous answers 201 {session, session_token}: an anonymous session that expires after it was created',
    async run(context) {
      const exchange = await context.send({ method: 'POST', path: '/api/session/create-anonymous', json: {} });
      expectStatus(exchange, 'POST create-anonymous', [201], OPERATIONS.create);
      const session = sessionOf(exchange, 'POST create-anonymous');
      for (const field of ['user_id', 'tenant_id', 'upgraded_at']) {
        if (session[field] !== null) throw new CheckFailure(`a new session must have ${field} null, got ${JSON.stringify(session[field])}`, exchange);
      }
      if (timeOf(exchange, session, 'expires_at') <= timeOf(exchange, session, 'created_at')) {
        throw new CheckFailure('expires_at must be later than created_at', exchange);
      }
    },
  },
  {
    name: 'create.optional-body',
    rule: 'POST create-anonymous with no body at all answers 201 (the body is optional)',
    async run(context) {
      const exchange = await context.send({ method: 'POST', path: '/api/session/create-anonymous' });
      expectStatus(exchange, 'POST create-anonymous without a body', [201], OPERATIONS.create);
    },
  },
  {
    name: 'get.shape',
    rule: 'GET /api/session/{id} with its token answers 200 {session}, the same session',
    async run(context) {
      const created = await context.createSession();
      const exchange = await context.getSession(created.session_id, created.token);
      expectStatus(exchange, 'GET the new session', [200], OPERATIONS.get);
      const session = sessionOf(exchange, 'GET the new session');
      if (session.session_id !== created.session_id) throw new CheckFailure('GET answered another session_id', exchange);
    },
  },
  {
    name: 'upgrade.shape',
    rule: 'PATCH upgrade answers 200 {session, session_token}: same session_id, the user and tenant of the access token, upgraded_at set',
    async run(context) {
      const login = await context.login('account');
      const created = await context.createSession();
      const exchange = await context.upgrade(created.session_id, created.token, upgradeBody(login));
      expectStatus(exchange, `PATCH upgrade as ${login.email}`, [200], OPERATIONS.upgrade);
      const session = sessionOf(exchange, 'PATCH upgrade');
      if (session.session_id !== created.session_id) throw new CheckFailure('the upgrade answered another session_id', exchange);
      if (session.user_id !== login.user_id || session.tenant_id !== login.tenant_id) {
        throw new CheckFailure(`expected user ${login.user_id} of tenant ${login.tenant_id}, got ${String(session.user_id)} of ${String(session.tenant_id)}`, exchange);
      }
      if (typeof session.upgraded_at !== 'string') throw new CheckFailure('upgraded_at must be set after an upgrade', exchange);
    },
  },
  {
    name: 'logout.ends-session',
    rule: 'POST logout answers 204 with no body; afterwards the session answers 404 (or 401) to GET, upgrade and logout',
    async run(context) {
      const created = await context.createSession();
      const exchange = await context.logout(created.session_id, created.token);
      expectStatus(exchange, 'POST logout', [204], OPERATIONS.logout);
      await expectOnEveryRoute(context, { sessionId: created.session_id, token: created.token, how: 'after logout' }, [404, 401]);
    },
  },
  {
    name: 'session-token.missing',
    rule: 'GET, upgrade and logout without X-Session-Token answer 401 {detail} (not 422)',
    async run(context) {
      const created = await context.createSession();
      await expectOnEveryRoute(context, { sessionId: created.session_id, token: null, how: 'without X-Session-Token' }, [401]);
      await context.expectSessionHolds(created, created.token, null, 'GET with the real token afterwards');
    },
  },
  {
    name: 'session-token.wrong',
    rule: 'GET, upgrade and logout with a wrong X-Session-Token answer 401 {detail} and leave the session as it was',
    async run(context) {
      const created = await context.createSession();
      await expectOnEveryRoute(context, { sessionId: created.session_id, token: lookalike(created.token), how: 'with a wrong token' }, [401]);
      await context.expectSessionHolds(created, created.token, null, 'GET with the real token afterwards');
    },
  },
  {
    name: 'session.unknown',
    rule: 'GET, upgrade and logout of an unknown session_id answer 404 {detail}',
    async run(context) {
      const { id, live } = await unknownSessionId(context);
      await expectOnEveryRoute(context, { sessionId: id, token: live.token, how: 'of an unknown session' }, [404]);
    },
  },
  {
    name: 'upgrade.rotates-token',
    rule: 'An upgrade answers a new session_token, and the new token opens the session',
    async run(context) {
      const { before, after, login, exchange } = await context.upgradedSession();
      if (after.token === before.token) throw new CheckFailure('the upgrade answered the same session_token as before: it was not rotated', exchange);
      await context.expectSessionHolds(after, after.token, login.user_id, 'GET with the new token');
    },
  },
  {
    name: 'upgrade.old-token-refused',
    rule: 'After an upgrade the previous token answers 401 to GET, upgrade and logout; the new one still works',
    async run(context) {
      const { before, after, login } = await context.upgradedSession();
      await expectOnEveryRoute(context, { sessionId: before.session_id, token: before.token, how: 'with the pre-upgrade token' }, [401]);
      await context.expectSessionHolds(after, after.token, login.user_id, 'GET with the new token afterwards');
    },
  },
  {
    name: 'upgrade.identity-mismatch',
    rule: 'An upgrade whose user_id or tenant_id differs from the access token\'s answers 403 {detail} and changes nothing',
    async run(context) {
      const login = await context.login('account');
      const other = await context.login('other');
      const created = await context.createSession();
      const otherUser = { ...upgradeBody(login), user_id: other.user_id };
      const byUser = await context.upgrade(created.session_id, created.token, otherUser);
      expectStatus(byUser, `PATCH upgrade with ${login.email}'s access token and user_id ${other.user_id}`, [403], OPERATIONS.upgrade);
      const tenant = other.tenant_id !== login.tenant_id ? other.tenant_id : `${login.tenant_id}-other`;
      const byTenant = await context.upgrade(created.session_id, created.token, { ...upgradeBody(login), tenant_id: tenant });
      expectStatus(byTenant, `PATCH upgrade with ${login.email}'s access token and tenant_id ${tenant}`, [403], OPERATIONS.upgrade);
      await context.expectSessionHolds(created, created.token, null, 'GET afterwards');
    },
  },
  {
    name: 'upgrade.bad-access-token',
    rule: 'An upgrade with an access token the server did not issue answers 401 {detail} and changes nothing',
    async run(context) {
      const login = await context.login('account');
      const created = await context.createSession();
      const forged = { ...upgradeBody(login), access_token: lookalike(login.access_token) };
      const exchange = await context.upgrade(created.session_id, created.token, forged);
      expectUnauthorized(exchange, 'PATCH upgrade with a forged access token', OPERATIONS.upgrade);
      await context.expectSessionHolds(created, created.token, null, 'GET afterwards');
    },
  },
  {
    name: 'upgrade.conflict',
    rule: 'Upgrading a session bound to one user as another user answers 409 {detail}; the session stays with the first',
    async run(context) {
      const { after, login } = await context.upgradedSession('account');
      const other = await context.login('other');
      const exchange = await context.upgrade(after.session_id, after.token, upgradeBody(other));
      expectStatus(exchange, `PATCH upgrade as ${other.email} of ${login.email}'s session`, [409], OPERATIONS.upgrade);
      await context.expectSessionHolds(after, after.token, login.user_id, 'GET afterwards');
    },
  },
  {
    name: 'upgrade.same-user-idempotent',
    rule: 'Upgrading an upgraded session again as the same user answers 200 with the same session and a token that opens it',
    async run(context) {
      const { after, login } = await context.upgradedSession('account');
      const exchange = await context.upgrade(after.session_id, after.token, upgradeBody(login));
      expectStatus(exchange, `PATCH upgrade as ${login.email} a second time`, [200], OPERATIONS.upgrade);
      const again = context.heldSessionFrom(exchange, 'PATCH upgrade a second time', 200);
      if (again.session_id !== after.session_id || again.session.user_id !== login.user_id) {
        throw new CheckFailure('the second upgrade answered another session or user', exchange);
      }
      await context.expectSessionHolds(again, again.token, login.user_id, 'GET with the token of the second upgrade');
    },
  },
  {
    name: 'upgrade.replay-same-key',
    rule: 'Repeating an upgrade with the same Idempotency-Key and the previous token answers 200 with the same new token',
    async run(context) {
      const key = randomSecret();
      const { before, after, login } = await context.upgradedSession('account', key);
      const exchange = await context.upgrade(before.session_id, before.token, upgradeBody(login), key);
      expectStatus(exchange, 'PATCH upgrade repeated with the same key and the previous token', [200], OPERATIONS.upgrade);
      const replayed = context.heldSessionFrom(exchange, 'PATCH upgrade repeated', 200);
      if (replayed.session_id !== after.session_id) throw new CheckFailure('the repeated upgrade answered another session', exchange);
      if (replayed.token !== after.token) throw new CheckFailure('the repeated upgrade answered another token than the first answer', exchange);
      await context.expectSessionHolds(after, after.token, login.user_id, 'GET with the new token afterwards');
    },
  },
  {
    name: 'upgrade.replay-previous-token-closed',
    rule: 'After an upgrade with an Idempotency-Key, the previous token opens nothing else: GET, logout and an upgrade with another key or none answer 401',
    async run(context) {
      const { before, after, login } = await context.upgradedSession('account', randomSecret());
      const previous = { sessionId: before.session_id, token: before.token };
      await expectOnEveryRoute(context, { ...previous, how: 'with the previous token', idempotencyKey: randomSecret() }, [401]);
      const noKey = await context.upgrade(before.session_id, before.token, upgradeBody(login));
      expectUnauthorized(noKey, 'PATCH upgrade with the previous token and no key', OPERATIONS.upgrade);
      await context.expectSessionHolds(after, after.token, login.user_id, 'GET with the new token afterwards');
    },
  },
  {
    name: 'create.idempotency-replay',
    rule: 'Two creates with the same Idempotency-Key answer 201 with the same session and token',
    async run(context) {
      const key = randomSecret();
      const first = await context.createSession({ 'Idempotency-Key': key });
      const exchange = await context.send({ method: 'POST', path: '/api/session/create-anonymous', headers: { 'Idempotency-Key': key }, json: {} });
      expectStatus(exchange, 'POST create-anonymous repeated with the same Idempotency-Key', [201], OPERATIONS.create);
      const second = context.heldSessionFrom(exchange, 'POST create-anonymous repeated', 201);
      if (second.session_id !== first.session_id) throw new CheckFailure('the repeated create made a second session', exchange);
      if (second.token !== first.token) throw new CheckFailure('the repeated create answered another token', exchange);
    },
  },
  {
    name: 'create.idempotency-distinct-keys',
    rule: 'Creates with different Idempotency-Keys make different sessions',
    async run(context) {
      const first = await context.createSession({ 'Idempotency-Key': randomSecret() });
      const exchange = await context.send({ method: 'POST', path: '/api/session/create-anonymous', headers: { 'Idempotency-Key': randomSecret() }, json: {} });
      const second = context.heldSessionFrom(exchange, 'POST create-anonymous with another Idempotency-Key', 201);
      if (second.session_id === first.session_id) throw new CheckFailure('another key answered the same session', exchange);
    },
  },
  {
    name: 'token.entropy',
    rule: `Session tokens carry at least ${MIN_TOKEN_BITS} random bits (estimated from 8 tokens: varying characters × bits of their alphabet)`,
    async run(context) {
      const sessions = await context.sampleSessions();
      const estimate = estimateTokenEntropy(sessions.map((session) => session.token));
      const summary = `about ${estimate.bits} bits: ${estimate.varyingPositions} of ${estimate.length} characters vary, ${estimate.alphabet} (${estimate.bitsPerCharacter.toFixed(2)} bits each)`;
      if (estimate.bits < MIN_TOKEN_BITS) throw new CheckFailure(`session tokens carry ${summary}; at least ${MIN_TOKEN_BITS} are needed`);
      return summary;
    },
  },
  {
    name: 'token.distinct',
    rule: 'Every session gets its own token and id, and the token is not the id nor contains it',
    async run(context) {
      const sessions = await context.sampleSessions();
      if (new Set(sessions.map((session) => session.token)).size !== sessions.length) {
        throw new CheckFailure(`${sessions.length} new sessions shared a session_token`);
      }
      if (new Set(sessions.map((session) => session.session_id)).size !== sessions.length) {
        throw new CheckFailure(`${sessions.length} new sessions shared a session_id`);
      }
      const leaky = sessions.find((session) => session.token.includes(session.session_id) || session.session_id.includes(session.token));
      if (leaky) throw new CheckFailure('a session_token contains its session_id (or the other way round): the public id would give away the secret');
    },
  },
  {
    name: 'validation.missing-field',
    rule: 'A body without a required field answers 422 [{loc, msg, type}] naming the field (login: password, upgrade: access_token)',
    async run(context) {
      const login = await context.login('account');
      const noPassword = await context.send({ method: 'POST', path: '/api/auth/login', json: { email: context.options.account.email } });
      expectValidationError(noPassword, 'login without password', OPERATIONS.login, { loc: ['body', 'password'], types: VALIDATION_TYPES.missing });
      const created = await context.createSession();
      const noAccessToken = await context.upgrade(created.session_id, created.token, { user_id: login.user_id, tenant_id: login.tenant_id });
      expectValidationError(noAccessToken, 'PATCH upgrade without access_token', OPERATIONS.upgrade, {
        loc: ['body', 'access_token'],
        types: VALIDATION_TYPES.missing,
      });
    },
  },
  {
    name: 'validation.wrong-type',
    rule: 'A field of the wrong type answers 422 [{loc, msg, type}] naming it (metadata not an object, user_id not a string)',
    async run(context) {
      const login = await context.login('account');
      const create = await context.send({ method: 'POST', path: '/api/session/create-anonymous', json: { metadata: 'not an object' } });
      expectValidationError(create, 'POST create-anonymous with metadata as a string', OPERATIONS.create, {
        loc: ['body', 'metadata'],
        types: VALIDATION_TYPES.dict,
      });
      const created = await context.createSession();
      const upgrade = await context.upgrade(created.session_id, created.token, { ...upgradeBody(login), user_id: { id: login.user_id } });
      expectValidationError(upgrade, 'PATCH upgrade with user_id as an object', OPERATIONS.upgrade, {
        loc: ['body', 'user_id'],
        types: VALIDATION_TYPES.string,
      });
    },
  },
  {
    name: 'validation.malformed-json',
    rule: 'A body that is not valid JSON answers 422 [{loc: ["body", ...], msg, type}] on create, upgrade and login',
    async run(context) {
      const bodies = { create: '{"metadata": ', upgrade: '{"user_id": ', login: '{"email": ' };
      for (const { what, operation, exchange } of await sendRawBodies(context, bodies, 'application/json')) {
        expectValidationError(exchange, `${what} with cut-off JSON`, operation, { loc: 'under body', types: VALIDATION_TYPES.jsonInvalid });
      }
    },
  },
  {
    name: 'validation.non-json-content-type',
    rule: 'A JSON body sent as text/plain answers 422 on create, upgrade and login (FastAPI parses JSON only with a JSON content type)',
    async run(context) {
      const login = await context.login('account');
      const bodies = {
        create: JSON.stringify({ metadata: {} }),
        upgrade: JSON.stringify(upgradeBody(login)),
        login: JSON.stringify(context.options.account),
      };
      for (const { what, operation, exchange } of await sendRawBodies(context, bodies, 'text/plain')) {
        expectValidationError(exchange, `${what} with a text/plain body`, operation);
      }
    },
  },
  {
    name: 'fastapi.json-without-content-type',
    rule: 'A JSON body with no Content-Type at all is read as JSON (login answers 200)',
    async run(context) {
      const exchange = await context.send({ method: 'POST', path: '/api/auth/login', text: JSON.stringify(context.options.account) });
      expectStatus(exchange, 'login with a JSON body and no Content-Type', [200], OPERATIONS.login);
    },
  },
  {
    name: 'fastapi.unknown-path',
    rule: 'A path under /api/ that the contract lacks answers 404 {"detail": "Not Found"}',
    async run(context) {
      const suffix = randomSecret().slice(0, 10);
      for (const request of [
        { method: 'GET', path: `/api/check-backend-${suffix}` },
        { method: 'POST', path: `/api/session/ses_${suffix}/unknown-action` },
      ]) {
        const exchange = await context.send(request);
        expectDetail(exchange, `${request.method} ${request.path}`, 404, 'Not Found');
      }
    },
  },
  {
    name: 'fastapi.unknown-method',
    rule: 'A method the contract lacks on a known path answers 405 {"detail": "Method Not Allowed"}',
    async run(context) {
      const { id } = await unknownSessionId(context);
      for (const request of [
        { method: 'DELETE', path: sessionPath(id) },
        { method: 'GET', path: '/api/auth/login' },
        { method: 'PUT', path: sessionPath(id, '/upgrade') },
      ]) {
        const exchange = await context.send(request);
        expectDetail(exchange, `${request.method} ${request.path}`, 405, 'Method Not Allowed');
      }
    },
  },
  {
    name: 'errors.hostile-input',
    rule: 'Hostile input (JSON nested 5,000 deep, a 3,000-character id, a NUL in the id, a 300-character Idempotency-Key) answers a 4xx {detail}, never a 5xx',
    async run(context) {
      const created = await context.createSession();
      const requests: RequestSpec[] = [
        { method: 'POST', path: '/api/session/create-anonymous', text: deeplyNestedBody(NESTING_DEPTH), contentType: 'application/json' },
        { method: 'POST', path: '/api/session/create-anonymous', text: `${'['.repeat(NESTING_DEPTH)}${']'.repeat(NESTING_DEPTH)}`, contentType: 'application/json' },
        { method: 'GET', path: sessionPath('s'.repeat(LONG_ID_LENGTH)), headers: { 'X-Session-Token': created.token } },
        { method: 'GET', path: sessionPath(`${created.session_id}\u0000`), headers: { 'X-Session-Token': created.token } },
        { method: 'POST', path: '/api/session/create-anonymous', headers: { 'Idempotency-Key': 'k'.repeat(LONG_KEY_LENGTH) }, json: {} },
      ];
      for (const request of requests) {
        const what = `hostile ${request.method} ${request.path.length > 60 ? `${request.path.slice(0, 40)}…` : request.path}`;
        const exchange = await context.send(request);
        const response = answered(exchange, what);
        if (response.status >= 500) throw new CheckFailure(`${what}: answered ${response.status}`, exchange);
        const body = response.json;
        const fastApiShape = isJsonObject(body) && (typeof body.detail === 'string' || Array.isArray(body.detail));
        if (response.status >= 400 && !fastApiShape) throw new CheckFailure(`${what}: the ${response.status} body is not {detail}`, exchange);
      }
    },
  },
  {
    name: 'cors.preflight',
    rule: 'A CORS preflight from --origin is allowed for every endpoint, with X-Session-Token and Idempotency-Key among the allowed headers',
    skipReason: needsOrigin,
    async run(context) {
      const origin = context.options.origin ?? '';
      const { id } = await unknownSessionId(context);
      for (const preflight of CORS_PREFLIGHTS) {
        const path = preflight.path(id);
        const what = `preflight for ${preflight.method} ${path}`;
        const exchange = await context.send({
          method: 'OPTIONS',
          path,
          headers: {
            Origin: origin,
            'Access-Control-Request-Method': preflight.method,
            'Access-Control-Request-Headers': preflight.headers.join(','),
          },
        });
        const response = answered(exchange, what);
        if (response.status < 200 || response.status > 299) throw new CheckFailure(`${what}: expected 2xx, got ${response.status}`, exchange);
        const allowOrigin = response.headers['access-control-allow-origin'];
        if (allowOrigin !== origin && allowOrigin !== '*') {
          throw new CheckFailure(`${what}: Access-Control-Allow-Origin is ${JSON.stringify(allowOrigin ?? null)}, not ${origin}`, exchange);
        }
        const allowMethods = response.headers['access-control-allow-methods'];
        const methods = headerList(allowMethods);
        if (!CORS_SAFELISTED_METHODS.includes(preflight.method) && !methods.includes(preflight.method.toLowerCase()) && !methods.includes('*')) {
          throw new CheckFailure(`${what}: Access-Control-Allow-Methods ${JSON.stringify(allowMethods ?? null)} does not list ${preflight.method}`, exchange);
        }
        const allowHeaders = response.headers['access-control-allow-headers'];
        const allowed = headerList(allowHeaders);
        const missing = preflight.headers.filter((header) => !allowed.includes(header) && !allowed.includes('*'));
        if (missing.length > 0) {
          throw new CheckFailure(`${what}: Access-Control-Allow-Headers ${JSON.stringify(allowHeaders ?? null)} lacks ${missing.join(', ')}`, exchange);
        }
      }
    },
  },
  {
    name: 'cors.response-headers',
    rule: 'Answers to requests from --origin carry Access-Control-Allow-Origin for it',
    skipReason: needsOrigin,
    async run(context) {
      const origin = context.options.origin ?? '';
      const create = await context.send({ method: 'POST', path: '/api/session/create-anonymous', headers: { Origin: origin }, json: {} });
      const created = context.heldSessionFrom(create, 'POST create-anonymous from the origin', 201);
      const get = await context.getSession(created.session_id, created.token, { Origin: origin });
      expectStatus(get, 'GET from the origin', [200]);
      for (const exchange of [create, get]) {
        const allowOrigin = exchange.response?.headers['access-control-allow-origin'];
        if (allowOrigin !== origin && allowOrigin !== '*') {
          throw new CheckFailure(`${exchange.request.method} ${exchange.request.path}: Access-Control-Allow-Origin is ${JSON.stringify(allowOrigin ?? null)}, not ${origin}`, exchange);
        }
      }
    },
  },
  {
    name: 'expiry.idle',
    rule: 'A session unused for longer than the idle timeout answers 404',
    skipReason: (options) => (options.idleSeconds === null ? 'needs --idle-seconds' : null),
    async run(context) {
      const idleSeconds = context.options.idleSeconds ?? 0;
      const created = await context.createSession();
      await context.wait((idleSeconds + 1) * 1000);
      const exchange = await context.getSession(created.session_id, created.token);
      expectStatus(exchange, `GET after ${idleSeconds + 1} s unused`, [404], OPERATIONS.get);
      return `waited ${idleSeconds + 1} s`;
    },
  },
  {
    name: 'errors.no-internals',
    rule: 'No answer in this run carried a stack trace, a file path or a source file name',
    async run(context) {
      for (const exchange of context.http.exchanges) {
        const response = exchange.response;
        if (!response) continue;
        const found = internalsIn(response.text, response.json);
        if (found) throw new CheckFailure(`${exchange.request.method} ${exchange.request.path} answered ${found}`, exchange);
      }
    },
  },
];
