/**
 * A hostile client against the mock backend (two backends over one shared storage, so the
 * persisted path is exercised): wrong content types, paths and methods the contract lacks, JSON
 * nested 10 000+ deep, 10 MB bodies, `__proto__` keys, odd ids, missing and duplicated headers.
 * Every answer is a 4xx in FastAPI's shape, in time, with no stack trace or file path in it, and
 * Object.prototype stays as it was. Each answer also joins the setup's contract check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockBackend, type MockBackend } from '../../mocks/index.ts';
import { BASE_URL, createApi, sendTo } from '../support/api.ts';
import { scenarioOf, watchResponse } from '../support/contractWatch.ts';
import { MemoryStorage } from '../support/memoryStorage.ts';

const MB = 1024 * 1024;
const ANSWER_WITHIN_MS = 15_000;
const outcomes = new Map<number, number>();

/** One hostile request: what to send (the path may hold placeholders filled in from a live session). */
interface Hostile {
  name: string;
  method: string;
  path: string;
  headers?: [string, string][];
  body?: string;
}

const live = { id: '', token: '', accessToken: '' };
const fill = (text: string) => text.replaceAll('{id}', live.id).replaceAll('{token}', live.token).replaceAll('{access}', live.accessToken);

const json = (value: unknown) => JSON.stringify(value);
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`;
const tokenHeader: [string, string] = ['X-Session-Token', '{token}'];
const upgradeBody = json({ user_id: 'usr_ada', tenant_id: 'acme', access_token: '{access}' });

/** The endpoints that read a JSON body, with a body each would accept. */
const bodyEndpoints: { method: string; path: string; headers: [string, string][]; valid: string }[] = [
  { method: 'POST', path: '/api/session/create-anonymous', headers: [], valid: json({ metadata: { a: 1 } }) },
  { method: 'PATCH', path: '/api/session/{id}/upgrade', headers: [tokenHeader], valid: upgradeBody },
  { method: 'POST', path: '/api/auth/login', headers: [], valid: json({ email: 'ada@acme.test', password: 'demo-pass-1' }) },
  { method: 'PUT', path: '/__mock/scenario', headers: [], valid: json({ name: 'default' }) },
  { method: 'PUT', path: '/__mock/latency', headers: [], valid: json({ ms: 0 }) },
  { method: 'POST', path: '/__mock/clock', headers: [], valid: json({ advance_ms: 0 }) },
];

const wrongContentTypes = [
  'text/plain',
  'text/plain; charset=utf-8',
  'text/html',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/jsonp',
  'application/json5',
  'application/ json',
  'json',
  'application/json, text/plain',
];

const unknownPaths = [
  '/api/',
  '/api/x',
  '/api/session',
  '/api/session/',
  '/api/sessions',
  '/api/auth',
  '/api/auth/logout',
  '/api/auth/login/extra',
  '/api/session/x/y/z',
  '/api/session/{id}/upgrade/extra',
  '/api/session/{id}/refresh',
  '/API/session/create-anonymous',
  '/api//session/create-anonymous',
  '/api/session/a%2Fb/upgrade',
  '/api/session/..%2F..%2Fetc%2Fpasswd',
  '/api/%2e%2e/%2e%2e/etc/passwd',
  '/__mock/',
  '/__mock/nope',
  '/__mock/sessions/{id}',
  // Not '/api/session/create-anonymous/': FastAPI redirects that one (307, see fastapiBehaviour.test.ts).
  '/api/session/create-anonymous/extra/',
];

const wrongMethods: [string, string][] = [
  ['GET', '/api/auth/login'],
  ['PUT', '/api/auth/login'],
  ['DELETE', '/api/auth/login'],
  ['PATCH', '/api/auth/login'],
  ['OPTIONS', '/api/auth/login'],
  ['PUT', '/api/session/create-anonymous'],
  ['DELETE', '/api/session/create-anonymous'],
  ['PATCH', '/api/session/create-anonymous'],
  ['OPTIONS', '/api/session/create-anonymous'],
  ['POST', '/api/session/{id}'],
  ['PUT', '/api/session/{id}'],
  ['DELETE', '/api/session/{id}'],
  ['PATCH', '/api/session/{id}'],
  ['GET', '/api/session/{id}/upgrade'],
  ['POST', '/api/session/{id}/upgrade'],
  ['PUT', '/api/session/{id}/upgrade'],
  ['GET', '/api/session/{id}/logout'],
  ['DELETE', '/api/session/{id}/logout'],
  ['FOO', '/api/session/{id}'],
  ['PATCH', '/__mock/sessions'],
  ['GET', '/__mock/reset'],
  ['GET', '/__mock/scenario'],
  ['POST', '/__mock/latency'],
  ['PUT', '/__mock/state'],
];

const oddIds = [
  '..',
  '.',
  '%2e%2e',
  '%2E',
  'a%2Fb',
  '%00',
  '%FF%FE',
  '%E2%9C%93',
  '%F0%9F%98%80',
  'ses_%20spaces%20',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  "ses_'%20OR%20'1'%3D'1",
  'x'.repeat(10 * 1024),
  `ses_${'0'.repeat(32)}`,
  'constructor',
  '__proto__',
  'hasOwnProperty',
];

const table: Hostile[] = [
  ...bodyEndpoints.flatMap((e) =>
    wrongContentTypes.map((type) => ({ name: `${e.method} ${e.path} as ${type}`, method: e.method, path: e.path, headers: [...e.headers, ['Content-Type', type] as [string, string]], body: e.valid })),
  ),
  ...unknownPaths.flatMap((path) => ['GET', 'POST'].map((method) => ({ name: `${method} ${path}`, method, path }))),
  ...wrongMethods.map(([method, path]) => ({ name: `${method} ${path}`, method, path, headers: [tokenHeader] })),
  ...bodyEndpoints.flatMap((e) => [
    { name: `${e.path}: [ nested 10 000 deep, unclosed`, method: e.method, path: e.path, headers: e.headers, body: '['.repeat(10_000) },
    { name: `${e.path}: [ nested 100 000 deep`, method: e.method, path: e.path, headers: e.headers, body: deepArray(100_000) },
    { name: `${e.path}: object nested 20 000 deep`, method: e.method, path: e.path, headers: e.headers, body: deepObject(20_000) },
    { name: `${e.path}: metadata nested 5 000 deep`, method: e.method, path: e.path, headers: e.headers, body: `{"metadata":${deepObject(5_000)},"name":"x","ms":1,"advance_ms":1}` },
  ]),
  ...[
    { name: '10 MB of not JSON', path: '/api/session/create-anonymous', body: 'x'.repeat(10 * MB) },
    { name: '10 MB JSON array', path: '/api/session/create-anonymous', body: `[${'1,'.repeat(5 * MB)}1]` },
    { name: '10 MB as text/plain', path: '/api/auth/login', body: json({ email: 'a'.repeat(10 * MB), password: 'x' }), headers: [['Content-Type', 'text/plain']] as [string, string][] },
    { name: '10 MB email', path: '/api/auth/login', body: json({ email: 'a'.repeat(10 * MB), password: 'x' }) },
    { name: '10 MB unterminated string', path: '/api/auth/login', body: `{"email": "${'a'.repeat(10 * MB)}` },
    { name: '10 MB of whitespace', path: '/api/auth/login', body: ' '.repeat(10 * MB) },
  ].map((h) => ({ method: 'POST', ...h })),
  { name: '10 MB upgrade with a wrong token', method: 'PATCH', path: '/api/session/{id}/upgrade', headers: [['X-Session-Token', 'wrong']], body: json({ user_id: 'u', tenant_id: 't', access_token: 'a', metadata: { blob: 'b'.repeat(10 * MB) } }) },
  ...[
    '{"__proto__": {"email": "ada@acme.test", "password": "demo-pass-1"}}',
    '{"constructor": {"prototype": {"email": "ada@acme.test", "password": "demo-pass-1"}}}',
    '{"email": "ada@acme.test", "__proto__": {"password": "demo-pass-1"}}',
    '{"email": {"__proto__": {"toString": 1}}, "password": []}',
  ].map((body, i) => ({ name: `login with __proto__ keys #${i + 1}`, method: 'POST', path: '/api/auth/login', body })),
  ...[
    '{"__proto__": {"user_id": "usr_ada", "tenant_id": "acme", "access_token": "x"}}',
    '{"user_id": "usr_ada", "tenant_id": "acme", "__proto__": {"access_token": "{access}"}}',
    '{"constructor": {"prototype": {"polluted": true}}, "user_id": 1}',
  ].map((body, i) => ({ name: `upgrade with __proto__ keys #${i + 1}`, method: 'PATCH', path: '/api/session/{id}/upgrade', headers: [tokenHeader], body })),
  { name: 'create with metadata.__proto__ not an object', method: 'POST', path: '/api/session/create-anonymous', body: '{"metadata": [{"__proto__": {"polluted": true}}]}' },
  { name: 'scenario through __proto__', method: 'PUT', path: '/__mock/scenario', body: '{"__proto__": {"name": "offline"}}' },
  { name: 'latency through constructor.prototype', method: 'PUT', path: '/__mock/latency', body: '{"constructor": {"prototype": {"ms": 5}}}' },
  ...oddIds.flatMap((id) => [
    { name: `GET id ${id.slice(0, 40)}`, method: 'GET', path: `/api/session/${id}`, headers: [tokenHeader] },
    { name: `upgrade id ${id.slice(0, 40)}`, method: 'PATCH', path: `/api/session/${id}/upgrade`, headers: [tokenHeader], body: upgradeBody },
    { name: `logout id ${id.slice(0, 40)}`, method: 'POST', path: `/api/session/${id}/logout`, headers: [tokenHeader] },
  ]),
  { name: 'GET without a token', method: 'GET', path: '/api/session/{id}' },
  { name: 'GET with an empty token', method: 'GET', path: '/api/session/{id}', headers: [['X-Session-Token', '']] },
  { name: 'GET with the token twice', method: 'GET', path: '/api/session/{id}', headers: [tokenHeader, tokenHeader] },
  { name: 'GET with the token and another', method: 'GET', path: '/api/session/{id}', headers: [tokenHeader, ['X-Session-Token', 'other']] },
  { name: 'GET with a 10 kB token', method: 'GET', path: '/api/session/{id}', headers: [['X-Session-Token', 't'.repeat(10 * 1024)]] },
  { name: 'GET with the session id as token', method: 'GET', path: '/api/session/{id}', headers: [['X-Session-Token', '{id}']] },
  { name: 'logout without a token', method: 'POST', path: '/api/session/{id}/logout' },
  { name: 'logout with the token twice', method: 'POST', path: '/api/session/{id}/logout', headers: [tokenHeader, tokenHeader] },
  { name: 'upgrade without a token', method: 'PATCH', path: '/api/session/{id}/upgrade', body: upgradeBody },
  { name: 'upgrade without a body', method: 'PATCH', path: '/api/session/{id}/upgrade', headers: [tokenHeader] },
  { name: 'upgrade with an empty Idempotency-Key', method: 'PATCH', path: '/api/session/{id}/upgrade', headers: [tokenHeader, ['Idempotency-Key', '']], body: upgradeBody },
  { name: 'create with a 256-character Idempotency-Key', method: 'POST', path: '/api/session/create-anonymous', headers: [['Idempotency-Key', 'k'.repeat(256)]] },
  { name: 'create with a 200-character Idempotency-Key twice', method: 'POST', path: '/api/session/create-anonymous', headers: [['Idempotency-Key', 'k'.repeat(200)], ['Idempotency-Key', 'k'.repeat(200)]] },
  { name: 'login with two content types', method: 'POST', path: '/api/auth/login', headers: [['Content-Type', 'application/json'], ['Content-Type', 'application/json']], body: json({ email: 'ada@acme.test', password: 'demo-pass-1' }) },
  { name: 'login without a content type, wrong password', method: 'POST', path: '/api/auth/login', headers: [['Content-Type', '']], body: json({ email: 'ada@acme.test', password: 'nope' }) },
  { name: 'login without a body', method: 'POST', path: '/api/auth/login' },
  { name: 'login with a null body', method: 'POST', path: '/api/auth/login', body: 'null' },
  { name: 'login with NaN', method: 'POST', path: '/api/auth/login', body: '{"email": NaN, "password": Infinity}' },
  { name: 'login with a BOM and a trailing comma', method: 'POST', path: '/api/auth/login', body: '\ufeff{"email": "ada@acme.test",}' },
  { name: 'login with invalid escapes', method: 'POST', path: '/api/auth/login', body: '{"email": "\\x41", "password": "\\ud800"}' },
  { name: 'latency of 1e308', method: 'PUT', path: '/__mock/latency', body: '{"ms": 1e308}' },
  { name: 'latency of 1e400', method: 'PUT', path: '/__mock/latency', body: '{"ms": 1e400}' },
  { name: 'latency of -1', method: 'PUT', path: '/__mock/latency', body: '{"ms": -1}' },
  { name: 'latency of 0.5', method: 'PUT', path: '/__mock/latency', body: '{"ms": 0.5}' },
  { name: 'latency as a word', method: 'PUT', path: '/__mock/latency', body: '{"ms": "fast"}' },
  { name: 'clock advanced by 1e20', method: 'POST', path: '/__mock/clock', body: '{"advance_ms": 1e20}' },
  { name: 'unknown scenario', method: 'PUT', path: '/__mock/scenario', body: '{"name": "chaos"}' },
  { name: 'scenario as a number', method: 'PUT', path: '/__mock/scenario', body: '{"name": 7}' },
];

/** Text in a body that only an exception's trace or a file system would put there. */
const LEAKS = /\bat [\w.<>]+ \(|\bat file:|file:\/\/|node_modules|\/work\/|[\w/]+\.(?:ts|js|mjs):\d+|\bError:|\bstack\b|Traceback/i;

/** FastAPI's shapes: `{"detail": "..."}` or `{"detail": [{type, loc, msg, ...}]}`. */
function isFastApiError(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || !('detail' in body)) return false;
  const { detail } = body as { detail: unknown };
  if (typeof detail === 'string') return true;
  return (
    Array.isArray(detail) &&
    detail.length > 0 &&
    detail.every((e: unknown) => typeof e === 'object' && e !== null && 'type' in e && 'loc' in e && 'msg' in e && Array.isArray((e as { loc: unknown }).loc))
  );
}

let backend: MockBackend;

beforeAll(async () => {
  const storage = new MemoryStorage();
  backend = createMockBackend({ storage });
  // A live, upgraded-later session in the same shared store, through another tab's backend.
  const otherTab = createApi(sendTo(createMockBackend({ storage })));
  const created = await otherTab.createSession();
  live.id = created.session.session_id;
  live.token = created.session_token;
  live.accessToken = (await otherTab.loginAs('ada@acme.test')).access_token;
});

describe(`${table.length} hostile requests`, () => {
  it('are at least 150', () => {
    expect(table.length).toBeGreaterThanOrEqual(150);
  });

  it.each(table.map((h) => [h.name, h] as const))('%s: a 4xx in FastAPI’s shape, nothing leaked', async (_, hostile) => {
    const headers = (hostile.headers ?? []).map(([name, value]) => [name, fill(value)] as [string, string]);
    // Sent as JSON unless the row says otherwise (a string body alone would go as text/plain).
    const typed = headers.some(([name]) => name.toLowerCase() === 'content-type');
    if (hostile.body !== undefined && !typed) headers.push(['Content-Type', 'application/json']);
    const request = new Request(`${BASE_URL}${fill(hostile.path)}`, {
      method: hostile.method,
      headers,
      ...(hostile.body === undefined ? {} : { body: fill(hostile.body) }),
    });
    const requestId = `hostile-${hostile.name}`;

    const response = await Promise.race([
      backend.handle(request.clone(), { requestId }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS)),
    ]);
    const text = await response.clone().text();

    outcomes.set(response.status, (outcomes.get(response.status) ?? 0) + 1);
    const scenario = scenarioOf(backend, requestId, new URL(request.url).pathname);
    watchResponse(request, response, scenario ?? 'default');
    expect(response.status, text.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(isFastApiError(JSON.parse(text)), text.slice(0, 300)).toBe(true);
    expect(text.slice(0, 20_000)).not.toMatch(LEAKS);
  }, 30_000);

  it('leave Object.prototype untouched and the live session working', async () => {
    const api = createApi(sendTo(backend));

    const answer = await api.getSession(live.id, live.token);

    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(Object.getOwnPropertyNames(Object.getPrototypeOf({})).sort());
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).email).toBeUndefined();
    expect(answer.status).toBe(200);
  });
});

describe('hostile but valid requests', () => {
  it('keeps a metadata key named __proto__ as data, never as a prototype', async () => {
    const api = createApi(sendTo(backend));

    const created = await api.call('POST', '/api/session/create-anonymous', { rawBody: '{"metadata": {"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}}' });
    const metadata = (created.json as { session: { metadata: Record<string, unknown> } }).session.metadata;

    expect(created.status).toBe(201);
    expect(Object.keys(metadata).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('takes a 10 MB metadata and gives it back', async () => {
    const api = createApi(sendTo(backend));
    const blob = 'b'.repeat(10 * MB);

    const created = await api.postCreate({ metadata: { blob } });

    expect(created.status).toBe(201);
    expect((created.json as { session: { metadata: { blob: string } } }).session.metadata.blob).toHaveLength(10 * MB);
  });
});

afterAll(() => {
  const byStatus = [...outcomes].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`).join(', ');
  console.info(`[hostile] ${table.length} requests → ${byStatus}`);
});
