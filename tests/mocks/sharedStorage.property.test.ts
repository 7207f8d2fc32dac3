/**
 * Two tabs: two backends over one shared storage, each sending create, login, get, upgrade and
 * logout one after the other, both at once, let into the shared lock in an order a fast-check
 * scheduler picks. Every answer must be the one a single server process gives when it takes the
 * same requests one by one in the order the lock let them in, the final state must be that
 * process's, and no write may be lost (the stored revision counts every write). Every answer
 * joins the contract check of the test setup (`sendTo`).
 *
 * `PROPERTY_RUNS=1000 npx vitest run tests/mocks/sharedStorage.property.test.ts` for a long run.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockBackend, DEMO_PASSWORD, inProcessLock, SNAPSHOT_STORAGE_KEY, type MockBackend, type MockLock } from '../../mocks/index.ts';
import { propertyOptions } from '../property/propertyOptions.ts';
import { createApi, sendTo, type ApiAnswer } from '../support/api.ts';
import { MemoryStorage } from '../support/memoryStorage.ts';

const RUNS = propertyOptions(100).numRuns!;
const T0 = Date.parse('2030-01-01T10:00:00.000Z');
const figures = { runs: 0, requests: 0, replays: 0, statuses: new Map<string, number>(), maxWaiting: 0 };

type Tab = 'A' | 'B';
type TokenChoice = 'latest' | 'first';

/** What a tab does next, with picks among what the tabs know (taken modulo how much they know). */
type Command =
  | { kind: 'create'; key: string | null }
  | { kind: 'login'; email: string; good: boolean }
  | { kind: 'get'; session: number; token: TokenChoice }
  | { kind: 'upgrade'; session: number; token: TokenChoice; grant: number; key: string | null }
  | { kind: 'logout'; session: number; token: TokenChoice };

/**
 * A request as sent: what it refers to is named by the index of the request whose answer gave
 * it, so the same request can be replayed against another backend.
 */
type SentRequest =
  | { kind: 'create'; key: string | null }
  | { kind: 'login'; email: string; good: boolean }
  | { kind: 'get' | 'logout'; sessionFrom: number; tokenFrom: number }
  | { kind: 'upgrade'; sessionFrom: number; tokenFrom: number; grantFrom: number; key: string | null };

const token = fc.constantFrom<TokenChoice>('latest', 'first');
const pick = fc.nat(7);
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), key: fc.constantFrom('key-1', 'key-2', null) }),
  fc.record({ kind: fc.constant('login' as const), email: fc.constantFrom('ada@acme.test', 'grace@globex.test', 'alan@acme.test'), good: fc.boolean() }),
  fc.record({ kind: fc.constant('get' as const), session: pick, token }),
  fc.record({ kind: fc.constant('upgrade' as const), session: pick, token, grant: pick, key: fc.constantFrom('upgrade-1', null) }),
  fc.record({ kind: fc.constant('logout' as const), session: pick, token }),
);
const tabCommands = fc.array(command, { minLength: 1, maxLength: 8 });

interface Json {
  session?: { session_id: string; user_id: string | null; tenant_id: string | null };
  session_token?: string;
  access_token?: string;
  user_id?: string;
  tenant_id?: string;
}
const bodyOf = (answer: ApiAnswer | undefined): Json => (answer?.json ?? {}) as Json;

/** Sends a request to one backend, its references resolved with that backend's own earlier answers. */
function send(api: ReturnType<typeof createApi>, request: SentRequest, answers: ApiAnswer[]): Promise<ApiAnswer> {
  if (request.kind === 'create') return api.postCreate(request.key === null ? {} : { idempotencyKey: request.key });
  if (request.kind === 'login') return api.postLogin({ email: request.email, password: request.good ? DEMO_PASSWORD : 'wrong' });
  const sessionId = bodyOf(answers[request.sessionFrom]).session!.session_id;
  const sessionToken = bodyOf(answers[request.tokenFrom]).session_token!;
  if (request.kind !== 'upgrade') return request.kind === 'get' ? api.getSession(sessionId, sessionToken) : api.postLogout(sessionId, sessionToken);
  const grant = bodyOf(answers[request.grantFrom]);
  return api.patchUpgrade(sessionId, sessionToken, {
    body: { user_id: grant.user_id, tenant_id: grant.tenant_id, access_token: grant.access_token },
    headers: request.key === null ? {} : { 'Idempotency-Key': request.key },
  });
}

/**
 * An answer with its secrets and ids replaced by the index of the first request that gave them,
 * so the answers of two backends (different random values) can be compared.
 */
function normalize(answers: ApiAnswer[]): string[] {
  const firstGiven = new Map<string, number>();
  answers.forEach((answer, i) => {
    const body = bodyOf(answer);
    for (const value of [body.session?.session_id, body.session_token, body.access_token]) {
      if (value !== undefined && !firstGiven.has(value)) firstGiven.set(value, i);
    }
  });
  const ref = (value: string | undefined) => (value === undefined ? '-' : `#${firstGiven.get(value)}`);
  return answers.map((answer) => {
    const body = bodyOf(answer);
    const session = body.session ? ` session ${ref(body.session.session_id)} of ${body.session.user_id ?? 'anonymous'}` : '';
    const secrets = body.session_token || body.access_token ? ` token ${ref(body.session_token ?? body.access_token)}` : '';
    return `${answer.status}${session}${secrets}`;
  });
}

/**
 * Runs two tabs over one storage. With `sharedLock` false each tab's backend locks only itself,
 * to show what the shared lock prevents.
 */
async function runTabs(scheduler: fc.Scheduler, commands: Record<Tab, Command[]>, sharedLock: boolean) {
  const storage = new MemoryStorage();
  const shared = inProcessLock(storage);
  const applied: Tab[] = [];
  let waiting = 0;
  const lockFor = (tab: Tab): MockLock => {
    const underlying = sharedLock ? shared : inProcessLock({});
    return async (name, critical) => {
      waiting++;
      figures.maxWaiting = Math.max(figures.maxWaiting, waiting);
      await scheduler.schedule(Promise.resolve(), `${tab} asks for the lock`);
      waiting--;
      return underlying(name, () => {
        applied.push(tab);
        return critical();
      });
    };
  };
  const apis = {
    A: createApi(sendTo(createMockBackend({ storage, clock: () => T0, lock: lockFor('A') }))),
    B: createApi(sendTo(createMockBackend({ storage, clock: () => T0, lock: lockFor('B') }))),
  };

  // What the tabs know, as a browser's shared storage would hold it: sessions (the request that
  // made each, and those that gave it tokens) and logins that succeeded.
  const known: { sessionFrom: number; tokens: number[] }[] = [];
  const grants: number[] = [];
  const sent: { tab: Tab; request: SentRequest }[] = [];
  const answers: ApiAnswer[] = [];

  const resolve = (cmd: Command): SentRequest => {
    if (cmd.kind === 'create' || cmd.kind === 'login') return cmd;
    const entry = known[cmd.session % Math.max(known.length, 1)];
    if (!entry) return { kind: 'create', key: null };
    const tokenFrom = cmd.token === 'latest' ? entry.tokens.at(-1)! : entry.tokens[0]!;
    if (cmd.kind !== 'upgrade') return { kind: cmd.kind, sessionFrom: entry.sessionFrom, tokenFrom };
    const grantFrom = grants[cmd.grant % Math.max(grants.length, 1)];
    if (grantFrom === undefined) return { kind: 'login', email: 'ada@acme.test', good: true };
    return { kind: 'upgrade', sessionFrom: entry.sessionFrom, tokenFrom, grantFrom, key: cmd.key };
  };

  const learn = (index: number, answer: ApiAnswer) => {
    const body = bodyOf(answer);
    if (body.access_token) grants.push(index);
    if (!body.session || !body.session_token) return;
    const id = body.session.session_id;
    const entry = known.find((k) => bodyOf(answers[k.sessionFrom]).session?.session_id === id);
    if (!entry) known.push({ sessionFrom: index, tokens: [index] });
    else if (!entry.tokens.some((t) => bodyOf(answers[t]).session_token === body.session_token)) entry.tokens.push(index);
  };

  const runTab = async (tab: Tab) => {
    for (const cmd of commands[tab]) {
      const request = resolve(cmd);
      const index = sent.push({ tab, request }) - 1;
      const answer = await send(apis[tab], request, answers);
      answers[index] = answer;
      learn(index, answer);
    }
  };
  await scheduler.waitFor(Promise.all([runTab('A'), runTab('B')]));

  // The order the lock let the requests in: each tab's k-th entry is its k-th request.
  const byTab = { A: sent.flatMap((s, i) => (s.tab === 'A' ? [i] : [])), B: sent.flatMap((s, i) => (s.tab === 'B' ? [i] : [])) };
  const seen = { A: 0, B: 0 };
  const order = applied.map((tab) => byTab[tab][seen[tab]++]!);
  const revision = (JSON.parse(storage.getItem(SNAPSHOT_STORAGE_KEY) ?? '{}') as { revision?: number }).revision;
  const finalSessions = await createMockBackend({ storage, clock: () => T0 }).listSessions();
  return { sent, answers, order, revision, finalSessions };
}

/** The same requests, one by one in `order`, against one backend: what one server process answers. */
async function replayOnOneBackend(sent: { request: SentRequest }[], order: number[]) {
  const backend: MockBackend = createMockBackend({ clock: () => T0 });
  const api = createApi(sendTo(backend));
  const answers: ApiAnswer[] = [];
  for (const index of order) answers[index] = await send(api, sent[index]!.request, answers);
  return { answers, finalSessions: await backend.listSessions() };
}

const usersOf = (sessions: { user_id: string | null }[]) => sessions.map((s) => s.user_id ?? 'anonymous').sort();

function interleavings(sharedLock: boolean) {
  return fc.asyncProperty(fc.scheduler(), tabCommands, tabCommands, async (scheduler, a, b) => {
    const run = await runTabs(scheduler, { A: a, B: b }, sharedLock);
    const reference = await replayOnOneBackend(run.sent, run.order);

    expect(run.order).toHaveLength(run.sent.length);
    expect(normalize(run.answers)).toEqual(normalize(reference.answers));
    expect(usersOf(run.finalSessions)).toEqual(usersOf(reference.finalSessions));
    // Every request wrote once, on top of the one before: none was lost.
    expect(run.revision).toBe(run.sent.length);
    if (sharedLock) {
      figures.runs++;
      figures.requests += run.answers.length;
      for (const answer of run.answers) figures.statuses.set(String(answer.status), (figures.statuses.get(String(answer.status)) ?? 0) + 1);
      // Answers that handed out a session token an earlier request had already been given.
      const tokens = run.answers.map((answer) => bodyOf(answer).session_token);
      figures.replays += tokens.filter((t, i) => t !== undefined && tokens.indexOf(t) < i).length;
    }
  });
}

describe('two tabs over one shared storage', () => {
  it(`answer as one server process would, and lose no write (${RUNS} random interleavings)`, async () => {
    await fc.assert(interleavings(true), propertyOptions(100));
  }, Math.max(60_000, RUNS * 300));

  it('would lose writes without the shared lock: the same property fails when each tab locks only itself', async () => {
    const result = await fc.check(interleavings(false), { numRuns: 200 });

    expect(result.failed).toBe(true);
  }, 60_000);
});

afterAll(() => {
  const statuses = [...figures.statuses].sort().map(([s, n]) => `${s}: ${n}`).join(', ');
  console.info(`[two tabs] ${figures.runs} runs, ${figures.requests} requests (${statuses}; ${figures.replays} idempotent replays), at most ${figures.maxWaiting} waiting for the lock at once`);
});
