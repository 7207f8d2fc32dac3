/**
 * Races, explored with fast-check's scheduler: every request reaches the server, every answer
 * reaches its tab and every message reaches another tab when the scheduler decides, interleaved
 * with what the user, the page and the server do. The session actors are the real ones
 * (`createSessionActor`) over the real client and the MSW mock backend.
 *
 * After every run, on top of the race's own expectations: no snapshot broke an invariant (one
 * request at a time, never authenticated without a signed-in session, no crash); no tab had two
 * requests in flight; tabs at rest on one session agree on it, each holds what its storage holds
 * and a token the server accepts; and the server keeps no session that no tab holds.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionErrorCode } from '../../src/index.ts';
import { ADA, duplicatedTabStorage, GRACE, tabStorage, WRONG } from '../support/harness.tsx';
import { memoryStorage } from '../support/memoryStorage.ts';
import { backend } from '../support/mockBackend.ts';
import { loseAnswers, heal, routes } from '../support/network.ts';
import { disagreements, expectNone, intentProblem, orphans, refusedTokens, unstored, type Excuses } from './invariants.ts';
import { failuresOf, hunt, propertyOptions } from './propertyOptions.ts';
import { ScheduledTabs, type ScheduledTab } from './scheduledTabs.ts';

/** Runs of each race in `npm test`; `PROPERTY_RUNS` sets it for a longer hunt. */
const CI_RUNS = 20;
const RUNS = propertyOptions(CI_RUNS).numRuns!;

const figures: Record<string, { runs: number; executions: number; steps: number; checks: number; orders: Set<string>; failures: number }> = {};

const noExcuses: Excuses = { explains: () => false, unended: new Set(), expired: new Set() };

/** What a race may excuse: codes of failures it caused, sessions the server expired on purpose. */
type RaceExcuses = Partial<Pick<Excuses, 'explains' | 'expired'>>;

/** The invariants every race ends with; returns how many were checked. */
async function expectCoherent(world: ScheduledTabs, excuses: RaceExcuses = {}) {
  const states = world.states();
  const all = world.tabs;
  // A logout that never reached the server leaves its session there; so does a page that died mid-request.
  const unended = new Set(
    all.flatMap((tab) =>
      tab.exchanges.filter((e) => e.sessionId && ((e.endpoint === 'logout' && typeof e.outcome === 'number' && e.outcome >= 500) || (tab.dead && e.outcome === 'pending'))).map((e) => e.sessionId!),
    ),
  );
  const expired = excuses.expired ?? new Set<string>();
  expectNone(all.flatMap((tab) => tab.violations), 'broken on some snapshot');
  for (const tab of all) expect(tab.counting.stats.maxInFlight, `${tab.name}: requests in flight at once`).toBeLessThanOrEqual(1);
  expectNone(disagreements(states), 'tabs on one session agree');
  expectNone(unstored(states), 'tabs hold what their storage holds');
  expectNone(await refusedTokens(states, expired), 'tokens the server refuses');
  const held = all.flatMap((tab) => [tab.state().stored?.session_id, tab.dead ? undefined : tab.sessionId]).filter((id): id is string => !!id);
  expectNone(await orphans(held, unended), 'sessions on the server no tab holds');
  // The tabs of a race share their session: the last intent asked in any of them wins, in the tab
  // that asked it, unless another tab's intent was still under way (then the server orders them).
  const last = all.reduce<ScheduledTab | undefined>((latest, tab) => (tab.askedAt > (latest?.askedAt ?? 0) ? tab : latest), undefined);
  if (last?.intent && !last.dead && !last.askedConcurrently) {
    const excuse: Excuses = { ...noExcuses, ...excuses, unended, expired };
    const problem = await intentProblem(last.state(), last.intent, excuse);
    expect(problem, `${last.name}: the last intent wins: ${problem}`).toBeNull();
  }
  return 7;
}

/**
 * A race: `body` opens tabs and schedules what happens; after it the tabs settle and
 * {@link expectCoherent} holds. The distinct orders the scheduler delivered things in are counted.
 */
function race<T>(name: string, input: fc.Arbitrary<T>, body: (world: ScheduledTabs, input: T) => Promise<RaceExcuses | void>) {
  it(name, async () => {
    const seen = (figures[name] = { runs: 0, executions: 0, steps: 0, checks: 0, orders: new Set<string>(), failures: 0 });
    const property = fc.asyncProperty(fc.scheduler(), input, async (s, x) => {
      seen.executions++;
      await backend.reset();
      heal();
      const world = new ScheduledTabs(s);
      try {
        const excuses = (await body(world, x)) ?? {};
        await world.settle();
        seen.checks += await expectCoherent(world, excuses);
        seen.checks += world.tabs.reduce((sum, tab) => sum + tab.checks, 0);
      } finally {
        world.close();
        seen.steps += world.trace.length;
        seen.orders.add(world.trace.join(' > '));
      }
    });
    const found = await hunt(property, CI_RUNS);
    seen.runs = found.runs;
    seen.failures = found.failures.length;
    expect(found.failures, failuresOf(found)).toEqual([]);
  }, Math.max(60_000, RUNS * 300));
}

const users = { ada: ADA, grace: GRACE, wrong: WRONG } as const;
type Asked = keyof typeof users | 'logout';
const asked = fc.constantFrom<Asked>('ada', 'grace', 'wrong', 'logout');
type PageEventName = 'refresh' | 'visible' | 'online' | 'api 401';
const pageEvent = fc.constantFrom<PageEventName>('refresh', 'visible', 'online', 'api 401');

/** Schedules what the user asks for at a moment the scheduler picks. */
const ask = (world: ScheduledTabs, tab: ScheduledTab, what: Asked) =>
  world.at(`${tab.name}: ${what === 'logout' ? 'log out' : `log in (${what})`}`, () => (what === 'logout' ? tab.logout() : tab.login(users[what])));

/** Schedules a page event (a re-check, the tab shown again, back online, an app request answered 401). */
const happen = (world: ScheduledTabs, tab: ScheduledTab, what: PageEventName) =>
  world.at(`${tab.name}: ${what}`, () => {
    if (what === 'refresh') tab.actor.send({ type: 'session.refresh' });
    else if (what === 'visible') tab.actor.send({ type: 'page.visible' });
    else if (what === 'online') tab.actor.send({ type: 'page.online' });
    else tab.actor.send({ type: 'api.unauthorized', sentAt: Date.now() });
  });

/** Where a race starts a tab: what it holds and what it is doing when the scheduled events begin. */
type Start = 'loading' | 'restoring' | 'checking anonymous' | 'checking authenticated' | 'upgrading' | 'signing out';
const start = fc.constantFrom<Start>('loading', 'restoring', 'checking anonymous', 'checking authenticated', 'upgrading', 'signing out');

/** Opens a tab and brings it to `where`; `faults` are set up just before the part the race is about starts. */
async function startTab(world: ScheduledTabs, where: Start, options: { staleAfter?: number; faults?: () => void } = {}) {
  const { faults = () => {}, ...tabOptions } = options;
  if (where === 'loading') {
    faults();
    return world.open('tab', tabOptions);
  }
  const storage = await tabStorage(where === 'checking authenticated' || where === 'signing out' ? 'authenticated' : 'anonymous');
  if (where === 'restoring') {
    faults();
    return world.open('tab', { ...tabOptions, storage });
  }
  const tab = world.open('tab', { ...tabOptions, storage });
  await world.settle();
  world.trace.length = 0;
  faults();
  if (where === 'upgrading') tab.login(ADA);
  else if (where === 'signing out') tab.logout();
  else tab.actor.send({ type: 'session.refresh' });
  return tab;
}

describe('races (fast-check scheduler)', () => {
  race(
    'the last intent wins, whatever moment each login and logout comes (R13), with page events in between (R15)',
    fc.record({ from: start, intents: fc.array(asked, { minLength: 1, maxLength: 3 }), events: fc.array(pageEvent, { maxLength: 2 }) }),
    async (world, { from, intents, events }) => {
      const tab = await startTab(world, from, { staleAfter: 0 });
      for (const what of intents) void ask(world, tab, what);
      for (const what of events) void happen(world, tab, what);
    },
  );

  race('a login while the session is created or restored runs once it exists (R4)', fc.boolean(), async (world, stored) => {
    const tab = stored ? world.open('tab', { storage: await tabStorage('anonymous') }) : world.open('tab');
    void ask(world, tab, 'ada');
    await world.settle();
    expect(tab.status).toBe('authenticated');
    expect(tab.exchanges.map((e) => e.endpoint)).toEqual([stored ? 'get' : 'create', 'login', 'upgrade']);
  });

  race('a double-submitted login sends one login (R4)', fc.constant(null), async (world) => {
    const tab = world.open('tab');
    await world.settle();
    const pendingAtSecond: boolean[] = [];
    const submit = () => {
      const snapshot = tab.actor.getSnapshot();
      pendingAtSecond.push(snapshot.matches({ session: 'upgrading' }) || snapshot.context.pendingLogin !== null);
      tab.login(ADA);
    };
    void world.at('tab: submit', submit);
    void world.at('tab: submit again', submit);
    await world.settle();
    // A login sent while one is pending sends nothing; one sent after the first finished is a new login.
    const logins = pendingAtSecond.filter((pending) => !pending).length;
    expect(tab.exchanges.slice(1).map((e) => e.endpoint)).toEqual(Array.from({ length: logins }, () => ['login', 'upgrade']).flat());
  });

  race('a reload during an upgrade: one session request, and what the new page shows the server agrees with', fc.constant(null), async (world) => {
    const first = world.open('page');
    await world.settle();
    const id = first.sessionId;
    first.login(ADA);
    let next: ScheduledTab | undefined;
    await world.s.waitFor(
      world.at('user: reload', () => {
        first.kill();
        next = world.open('reloaded page', { storage: first.storage });
      }),
    );
    await world.settle();
    // The stored token went stale if the upgrade reached the server before the page died.
    const sent = next!.exchanges.map((e) => e.endpoint);
    expect([['get'], ['get', 'create']]).toContainEqual(sent);
    if (next!.status === 'authenticated') expect(next!.sessionId).toBe(id);
    else expect(sent).toEqual(next!.sessionId === id ? ['get'] : ['get', 'create']);
    // An upgrade that reaches the server after the new page read the session rotates its token
    // behind its back, as an expiry would: its next check finds out (R10, R15).
    next!.actor.send({ type: 'session.refresh' });
  });

  race('the session expires on the server during a login: a new session, upgraded with the same login (R6)', fc.constant(null), async (world) => {
    const tab = world.open('tab');
    await world.settle();
    const id = tab.sessionId!;
    tab.login(ADA);
    void world.at('server: the session expires', () => void backend.expireSession(id));
    await world.settle();
    const sent = tab.exchanges.slice(1).map((e) => e.endpoint);
    expect(sent.filter((e) => e === 'login')).toHaveLength(1);
    if (tab.sessionId === id) {
      // The upgrade came first; the tab learns of the expiry at its next check (R10).
      expect(sent).toEqual(['login', 'upgrade']);
      tab.actor.send({ type: 'session.refresh' });
      await world.settle();
      expect(tab.status).toBe('anonymous');
      expect(tab.actor.getSnapshot().context.error?.code).toBe('session_expired');
      tab.intent = null;
    } else {
      expect(sent).toEqual(['login', 'upgrade', 'create', 'upgrade']);
      expect(tab.status).toBe('authenticated');
    }
  });

  race(
    "another tab's sign-in, sign-out or expiry reaches a tab with a request in flight (R14)",
    fc.record({
      signedIn: fc.boolean(),
      a: fc.constantFrom('log in', 'log out', 'find the session expired'),
      b: fc.constantFrom('refresh', 'visible', 'open', 'log in', 'log out', 'nothing'),
    }),
    async (world, { signedIn, a, b }) => {
      const storage = await tabStorage(signedIn ? 'authenticated' : 'anonymous');
      const id = storage.getItem('session_id')!;
      const tabA = world.open('A', { storage, staleAfter: 0 });
      await world.settle();
      world.trace.length = 0;
      const expired = new Set<string>();
      let tabB: ScheduledTab | undefined;
      const openB = () => (tabB = world.open('B', { storage: duplicatedTabStorage(tabA.storage), staleAfter: 0 }));
      if (b === 'open') void world.at('B: opens', openB);
      else {
        openB();
        await world.settle();
        world.trace.length = 0;
        if (b === 'refresh' || b === 'visible') void happen(world, tabB!, b);
        if (b === 'log in') void ask(world, tabB!, 'ada');
        if (b === 'log out') void ask(world, tabB!, 'logout');
      }
      if (a === 'log in') void ask(world, tabA, 'ada');
      if (a === 'log out') void ask(world, tabA, 'logout');
      if (a === 'find the session expired')
        void world.at('server: the session expires', () => {
          expired.add(id);
          void backend.expireSession(id);
          tabA.actor.send({ type: 'session.refresh' });
        });
      await world.settle();
      // Only A asked for something, and B did not find the old session gone by itself: B follows
      // A onto the same session, without a reload.
      const foundGone = tabB!.exchanges.some((e) => e.sessionId === id && (e.outcome === 401 || e.outcome === 404));
      if (b !== 'log in' && b !== 'log out' && !foundGone) {
        expect(tabB!.sessionId).toBe(tabA.sessionId);
        expect(tabB!.status).toBe(tabA.status);
      }
      return { expired, explains: (code: SessionErrorCode) => code === 'session_expired' && a === 'find the session expired' };
    },
  );

  race(
    "under 'browser' persistence, tabs opened together share one session, whoever logs in or out meanwhile (R14)",
    fc.record({ tabs: fc.integer({ min: 2, max: 3 }), lostCreate: fc.boolean(), intent: fc.constantFrom<Asked | 'none'>('none', 'ada', 'logout') }),
    async (world, { tabs, lostCreate, intent }) => {
      const shared = memoryStorage();
      if (lostCreate) loseAnswers(routes.create, 1);
      const opened: ScheduledTab[] = [];
      for (let i = 1; i <= tabs; i++) void world.at(`tab ${i} opens`, () => opened.push(world.open(`tab ${i}`, { storage: shared, persistence: 'browser' })));
      if (intent !== 'none') void world.at(`the first tab: ${intent}`, () => (intent === 'logout' ? opened[0]?.logout() : opened[0]?.login(ADA)));
      await world.settle();
      expect(new Set(world.live.map((tab) => tab.sessionId)).size, 'one session for every tab').toBe(1);
      const creates = world.tabs.flatMap((tab) => tab.sent('create'));
      // One create between them (a lost answer is repeated with its key); a logout makes one more.
      const keys = new Set(creates.map((e) => e.idempotencyKey));
      expect(keys.size).toBeLessThanOrEqual(intent === 'logout' ? 2 : 1);
      if (intent !== 'none' && opened[0]?.intent) for (const tab of world.live) expect(tab.status).toBe(opened[0].status);
    },
  );

  race(
    'a lost create answer, then retry() or the network coming back: no orphan session (R16)',
    fc.record({ attempts: fc.integer({ min: 1, max: 3 }), lost: fc.integer({ min: 1, max: 3 }), retries: fc.array(fc.constantFrom('retry', 'online'), { minLength: 1, maxLength: 3 }), login: fc.boolean() }),
    async (world, { attempts, lost, retries, login }) => {
      loseAnswers(routes.create, lost);
      const tab = world.open('tab', { attempts });
      for (const how of retries) void world.at(`tab: ${how}`, () => tab.actor.send({ type: how === 'retry' ? 'session.retry' : 'page.online' }));
      if (login) void ask(world, tab, 'ada');
      await world.settle();
      for (let again = 0; tab.actor.getSnapshot().matches({ session: { none: 'failed' } }) && again < 3; again++) {
        tab.actor.send({ type: 'session.retry' });
        await world.settle();
      }
      const keys = tab.sent('create').map((e) => e.idempotencyKey);
      expect(new Set(keys).size, 'every create carries the same key').toBe(1);
      expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
      expect(tab.status).toBe(login ? 'authenticated' : 'anonymous');
    },
  );

  race(
    'a lost logout answer: anonymous on a new session, the old one ended (R7, R16)',
    fc.record({ lost: fc.integer({ min: 1, max: 2 }), then: fc.constantFrom<Asked | 'none'>('none', 'ada', 'logout'), event: fc.option(pageEvent, { nil: undefined }) }),
    async (world, { lost, then, event }) => {
      const storage = await tabStorage('authenticated');
      const tab = world.open('tab', { storage, staleAfter: 0 });
      await world.settle();
      loseAnswers(routes.logout, lost);
      tab.logout();
      if (then !== 'none') void ask(world, tab, then);
      if (event) void happen(world, tab, event);
    },
  );

  race(
    'a lost answer to a re-check or a restore keeps the session (R3)',
    fc.record({ from: fc.constantFrom<Start>('restoring', 'checking anonymous', 'checking authenticated'), lost: fc.integer({ min: 1, max: 3 }), intent: fc.option(asked, { nil: undefined }) }),
    async (world, { from, lost, intent }) => {
      const tab = await startTab(world, from, { faults: () => loseAnswers(routes.get, lost) });
      const before = tab.state().stored?.session_id;
      if (intent) void ask(world, tab, intent);
      await world.settle();
      if (tab.actor.getSnapshot().matches({ session: { none: 'failed' } })) {
        expect(tab.state().stored?.session_id, 'nothing stored is lost').toBe(before);
        tab.actor.send({ type: 'session.retry' });
        await world.settle();
      }
      if (!intent || intent === 'wrong') expect(tab.sessionId).toBe(before);
      expect(tab.sent('create').length, 'a lost answer is not a lost session').toBe(intent === 'logout' ? 1 : 0);
    },
  );

  race(
    'page events and app 401s at any moment: at most one GET each, never a loop (R15)',
    fc.record({ from: start, events: fc.array(pageEvent, { minLength: 1, maxLength: 5 }), staleAfter: fc.constantFrom(0, Infinity) }),
    async (world, { from, events, staleAfter }) => {
      const tab = await startTab(world, from, { staleAfter });
      const before = tab.sent('get').length;
      for (const what of events) void happen(world, tab, what);
      await world.settle();
      const gets = tab.sent('get').length - before;
      const counted = staleAfter === Infinity ? events.filter((e) => e === 'refresh' || e === 'api 401') : events;
      // Each event re-checks at most once; a restoring tab's own GET comes on top.
      expect(gets).toBeLessThanOrEqual(counted.length + (from === 'restoring' ? 1 : 0));
    },
  );
});

describe('races on lost upgrade answers (the mock replays an upgrade repeated with its key)', () => {
  race(
    'a lost upgrade answer heals on the retry: the same session, signed in, no orphan (R16)',
    fc.record({ event: fc.option(pageEvent, { nil: undefined }), staleAfter: fc.constantFrom(0, Infinity) }),
    async (world, { event, staleAfter }) => {
      const tab = world.open('tab', { staleAfter });
      await world.settle();
      const id = tab.sessionId;
      loseAnswers(routes.upgrade, 1);
      tab.login(ADA);
      if (event) void happen(world, tab, event);
      await world.settle();
      expect(tab.sessionId, 'the upgraded session is the one the tab had').toBe(id);
    },
  );

  race(
    'an upgrade answer lost on every try: a token the server takes, and no signed-in session left behind (R6, R16)',
    fc.record({ attempts: fc.integer({ min: 1, max: 3 }), again: fc.boolean() }),
    async (world, { attempts, again }) => {
      const tab = world.open('tab', { attempts });
      await world.settle();
      loseAnswers(routes.upgrade, attempts);
      tab.login(ADA);
      await world.settle();
      if (again && tab.status !== 'authenticated') tab.login(ADA);
      return { explains: (code) => code === 'network' };
    },
  );
});

afterAll(() => {
  const lines = Object.entries(figures).map(
    ([name, f]) =>
      `${name}: ${f.runs} runs (${f.executions} with shrinking), ${f.steps} scheduled steps, ${f.checks} invariant checks, ${f.orders.size} distinct orders, ${f.failures} failures`,
  );
  console.info(`[races]\n${lines.join('\n')}`);
});
