/**
 * Property test (fast-check): random sequences of what users, tabs, the page, the network and the
 * server do, through the app of the harness (real providers, guards, hooks and client over the
 * MSW mock), in up to four tabs at once: new tabs, duplicated tabs (a copy of `sessionStorage`),
 * `persistence: 'browser'` tabs over one `localStorage` with Web Locks, reloads and closes; logins
 * and logouts at random moments (R13); re-checks, moves, the tab shown again, the browser back
 * online (R15); backend scenarios, answers lost after the server acted (R16) and expiries.
 *
 * Checked after every step: no tab ever had two requests in flight; no snapshot of any tab broke
 * an invariant (one request at a time, never authenticated without a signed-in session, no
 * crash); every page renders. At every "settle" step and at the end: tabs at rest on one session
 * agree on it within a second, and each holds what its storage holds. At the end, once the
 * network works again and failed tabs were retried: the last intent of each group of tabs wins,
 * no tab holds a token the server refuses, and the server keeps no session that no tab holds.
 */
import { act, waitFor, within } from '@testing-library/react';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { selectStatus, type SessionErrorCode, type SessionSnapshot } from '../../src/index.ts';
import {
  ADA,
  countingFetch,
  duplicatedTabStorage,
  GRACE,
  pause,
  renderSessionApp,
  runningRequests,
  settled,
  storedIn,
  type SessionApp,
  type TabStorage,
} from '../support/harness.tsx';
import { memoryStorage } from '../support/memoryStorage.ts';
import { backend } from '../support/mockBackend.ts';
import { endpointOf, loseAnswers, heal, routes } from '../support/network.ts';
import { installWebLocks } from '../support/webLocks.ts';
import { atRest, busyWithIntent, disagreements, expectNone, intentAfter, intentProblem, orphans, refusedTokens, unstored, type Intent, type TabState } from './invariants.ts';
import { commandsReplayPath, failuresOf, hunt, propertyOptions } from './propertyOptions.ts';

/** Runs in `npm test`; `PROPERTY_RUNS` sets it for a longer hunt. */
const CI_RUNS = 15;
const RUNS = propertyOptions(CI_RUNS).numRuns!;
const MAX_STEPS = 14;
const MAX_TABS = 4;

const figures = { runs: 0, executions: 0, steps: 0, checks: 0, failures: 0, byStep: new Map<string, number>() };

type Scenario = Parameters<typeof backend.setScenario>[0];
type Lossy = 'create' | 'get' | 'login' | 'logout';

/** Something that happened in the run which may explain a refused login or a session gone. */
interface Fault {
  at: number;
  codes: SessionErrorCode[];
  /** It may strike any time after it was set up (a lost answer waits for its request; an expired session for its next check). */
  lasting: boolean;
}

/** One page load of one tab. */
class Tab {
  app: SessionApp;
  counting = countingFetch();
  /** What the tab's pages sent: endpoint, session named, how it ended, and whether its answer was garbled on purpose. */
  readonly exchanges: { endpoint: string; sessionId: string | null; outcome: number | 'lost' | 'pending'; garbled?: boolean }[] = [];
  closed = false;
  intent: Intent | null = null;

  constructor(
    private readonly world: World,
    readonly name: string,
    readonly storage: TabStorage,
    readonly persistence: 'tab' | 'browser',
    /** Tabs of one group hold the same session: a tab and its duplicates, or all 'browser' tabs. */
    readonly group: string,
    path: string,
  ) {
    this.app = this.render({ path });
  }

  private render(options: { path: string }) {
    const fetch = this.recording();
    const app = renderSessionApp({ ...this.world.appOptions, path: options.path, storage: this.storage, persistence: this.persistence, fetch });
    this.world.watch(this, app);
    return app;
  }

  /** The counting fetch of this page load, recording each exchange's outcome. */
  private recording(): typeof fetch {
    this.counting = countingFetch();
    const counted = this.counting.fetch;
    return async (input, init) => {
      const request = new Request(input, init);
      const endpoint = endpointOf(request.method, request.url) ?? request.url;
      const named = /\/api\/session\/([^/]+)/.exec(new URL(request.url).pathname)?.[1] ?? null;
      const exchange = { endpoint, sessionId: named === 'create-anonymous' ? null : named, outcome: 'pending' as number | 'lost' | 'pending', garbled: false };
      this.exchanges.push(exchange);
      try {
        const response = await counted(input, init);
        exchange.outcome = response.status;
        exchange.garbled = this.world.scenario === 'malformed-response';
        return response;
      } catch (error) {
        exchange.outcome = 'lost';
        throw error;
      }
    };
  }

  get snapshot(): SessionSnapshot {
    return this.app.actor.getSnapshot();
  }

  get location() {
    return this.app.view.location() ?? '/';
  }

  state(): TabState {
    return { name: this.name, snapshot: this.snapshot, stored: storedIn(this.storage) };
  }

  /** At rest or failed (waiting for the user), with nothing running or in flight. */
  get quiet() {
    const snapshot = this.snapshot;
    const resting = atRest(snapshot) || snapshot.matches({ session: { none: 'failed' } });
    return resting && snapshot.matches({ nav: 'idle' }) && runningRequests(this.app.actor).length === 0 && this.counting.stats.inFlight === 0;
  }

  /** The user asks for `intent` by pressing `button`. */
  async ask(button: string, asked: Intent) {
    const before = this.snapshot;
    this.intent = intentAfter(this.intent, asked, before);
    this.world.noteIntent(this, asked, before);
    await this.app.view.press(button);
  }

  /** The browser fires `pagehide` at the page that goes (sent to its actor: the tabs share one window here). */
  private leave() {
    act(() => {
      this.app.actor.send({ type: 'page.leaving' });
    });
  }

  reload() {
    this.leave();
    this.world.pageEnds(this);
    this.intent = null;
    const path = this.location;
    this.app.close();
    this.app = this.render({ path });
  }

  close() {
    this.leave();
    this.world.pageEnds(this);
    this.closed = true;
    this.app.close();
  }
}

/** An intent as the run recorded it: in which tab, in what order, and whether it still counts. */
interface AskedIntent {
  at: number;
  tab: Tab;
  /** What the scenario in force when it was asked may fail it with. */
  active: SessionErrorCode[];
  /** Another tab of the group had an intent of its own under way: the server decides their order. */
  concurrent: boolean;
  void: boolean;
}

/** The world a run acts on: the tabs, the shared `localStorage`, what the server was made to do. */
class World {
  readonly tabs: Tab[] = [];
  readonly shared = memoryStorage();
  readonly intents: AskedIntent[] = [];
  readonly faults: Fault[] = [];
  /** Sessions the server ended behind the tabs' backs. */
  readonly expired = new Set<string>();
  readonly violations: string[] = [];
  scenario: Scenario = 'default';
  moment = 0;
  checks = 0;
  /** Creates in flight when their page ended, or whose answer was lost and whose key ended with the page. */
  createsCutShort = 0;
  private opened = 0;

  constructor(readonly appOptions: { strict: boolean; staleAfter: number }) {}

  get open() {
    return this.tabs.filter((tab) => !tab.closed);
  }

  /** The open tab at `index` (taken modulo the open tabs). */
  tab(index: number): Tab {
    const open = this.open;
    return open[index % open.length]!;
  }

  openTab(kind: 'new' | 'browser' | { duplicateOf: Tab }, path: string) {
    const name = `tab ${++this.opened}`;
    if (kind === 'new') return this.tabs.push(new Tab(this, name, memoryStorage(), 'tab', name, path));
    if (kind === 'browser' || kind.duplicateOf.persistence === 'browser') return this.tabs.push(new Tab(this, name, this.shared, 'browser', 'browser', path));
    const source = kind.duplicateOf;
    return this.tabs.push(new Tab(this, name, duplicatedTabStorage(source.storage), 'tab', source.group, source.location));
  }

  /** Invariants on every snapshot of a page's session actor. */
  watch(tab: Tab, app: SessionApp) {
    app.actor.subscribe({
      next: (snapshot) => {
        this.checks++;
        const running = runningRequests(app.actor).filter((name) => name !== 'tabLock');
        if (running.length > 1) this.violations.push(`${tab.name} runs ${running.join(' and ')} at once`);
        if (selectStatus(snapshot) === 'authenticated' && !(snapshot.context.session?.user_id && snapshot.context.stored))
          this.violations.push(`${tab.name} is authenticated without a signed-in session`);
      },
      error: (error) => this.violations.push(`${tab.name} crashed: ${String(error)}`),
    });
  }

  noteIntent(tab: Tab, asked: Intent, before: SessionSnapshot) {
    const peers = this.open.filter((other) => other !== tab && other.group === tab.group);
    const concurrent = peers.some((peer) => busyWithIntent(peer.snapshot));
    // A login asked for while one runs is no new intent (R4).
    if (intentAfter(null, asked, before) === null) return;
    this.intents.push({ at: ++this.moment, tab, concurrent, void: false, active: codesOf(this.scenario) });
  }

  /**
   * A page of `tab` ends: its intents are gone with it, and what it had in flight may still change
   * its session on the server behind the other tabs' backs (they learn at their next check).
   */
  pageEnds(tab: Tab) {
    for (const asked of this.intents) if (asked.tab === tab) asked.void = true;
    // The key of a create whose answer was lost lives in the page only (R16: retries and retry() reuse it, a reload cannot).
    if (tab.snapshot.context.createKey !== null && tab.exchanges.some((e) => e.endpoint === 'create' && e.outcome !== 'pending')) this.createsCutShort++;
    for (const e of tab.exchanges) {
      if (e.outcome !== 'pending') continue;
      if (e.sessionId) this.expired.add(e.sessionId);
      if (e.endpoint === 'create') this.createsCutShort++;
    }
  }

  fault(lasting: boolean, ...codes: SessionErrorCode[]) {
    this.faults.push({ at: ++this.moment, codes, lasting });
  }

  /** The invariants checked after every step. */
  checkStep() {
    this.checks += 1 + this.open.length * 2;
    expectNone(this.violations, 'broken on some snapshot');
    for (const tab of this.tabs) expect(tab.counting.stats.maxInFlight, `${tab.name}: requests in flight at once`).toBeLessThanOrEqual(1);
    for (const tab of this.open) expect(['none', 'anonymous', 'upgrading', 'authenticated']).toContain(tab.app.view.status());
  }

  /** Lets every tab come to rest (messages between tabs may wake one up again). */
  async settle() {
    for (let round = 0; round < 30; round++) {
      for (const tab of this.open) await settled(tab.app, tab.counting.stats);
      await pause(5);
      if (this.open.every((tab) => tab.quiet)) return;
    }
    throw new Error(`the tabs did not come to rest (a loop?): ${this.open.map((tab) => `${tab.name} ${JSON.stringify(tab.snapshot.value)}`).join('; ')}`);
  }

  /** Tabs at rest agree within a second: on one session, the same token and user; each holds what its storage holds. */
  async checkCoherence() {
    this.checks += 2;
    await waitFor(
      () => {
        const states = this.open.map((tab) => tab.state());
        expectNone(disagreements(states), 'tabs on one session agree');
        // A tab on a session the server ended behind its back may find its storage emptied by a
        // tab that found out first and ended before it had a new one; the next load starts afresh.
        const emptied = (tab: TabState) => tab.stored === null && this.expired.has(tab.snapshot.context.stored?.session_id ?? '');
        expectNone(unstored(states, emptied), 'tabs hold what their storage holds');
      },
      { timeout: 1000, onTimeout: (error) => error },
    );
  }

  /**
   * The network works again, the user retries where a tab failed, and a tab unsure whether its
   * token lives gets its next chance to check; then everything rests.
   */
  async recover() {
    heal();
    await backend.setScenario('default');
    await this.settle();
    for (const tab of this.open) {
      const { context } = tab.snapshot;
      // Its last answers were unreadable, so it holds a token it never saw confirmed: it checks at
      // its next chance (a move, the tab shown again, an app 401, refresh()), here the app's refresh.
      if (atRest(tab.snapshot) && context.session !== null && context.confirmedAt === 0) await tab.app.view.press('Refresh session');
      if (!tab.snapshot.matches({ session: { none: 'failed' } })) continue;
      const retry = within(tab.app.container).queryByRole('button', { name: 'Retry' });
      // A tab that failed must show why and offer to try again (R3, R12).
      if (!retry) this.violations.push(`${tab.name} failed and offers no Retry (error: ${tab.snapshot.context.error?.code ?? 'none'})`);
      else await act(() => retry.click());
    }
    await this.settle();
  }

  /** The invariants of the end of a run. */
  async checkEnd() {
    await this.checkCoherence();
    const states = this.open.map((tab) => tab.state());
    this.checks += 2;
    // The server expires sessions only when the run tells it to; a create answered after
    // `expired-session` was selected may bring one the run could not list then.
    for (const { snapshot } of states) {
      const id = snapshot.context.stored?.session_id;
      if (id && (await backend.getSession(id))?.expired) this.expired.add(id);
    }
    expectNone(await refusedTokens(states, this.expired), 'tokens the server refuses');
    // A logout that could not get through leaves its session on the server; so does a page that ended mid-request.
    const failedLogouts = this.tabs.flatMap((tab) => tab.exchanges.filter((e) => e.endpoint === 'logout' && (e.outcome === 'lost' || Number(e.outcome) >= 500)));
    // So does an upgrade the server made whose every answer was garbled (its replay's too): it
    // rotated to a token no tab can read, so no logout can end that signed-in session.
    const unreadablyUpgraded = this.tabs.flatMap((tab) => tab.exchanges.filter((e) => e.endpoint === 'upgrade' && e.garbled));
    const unended = new Set([...failedLogouts, ...unreadablyUpgraded].map((e) => e.sessionId!).concat([...this.expired]));
    const held = [...this.tabs.map((tab) => storedIn(tab.storage)?.session_id), ...this.open.map((tab) => tab.snapshot.context.stored?.session_id)];
    const left = await orphans(held.filter((id): id is string => !!id), unended);
    // A page that ended while its create was in flight, or before retrying it, cannot know the session it made (a new page has a new key).
    const anonymous = await Promise.all(left.map(async (id) => (await backend.getSession(id))?.user_id === null));
    const allowed = anonymous.every(Boolean) ? this.createsCutShort : 0;
    if (left.length > allowed) expectNone(left, 'sessions on the server no tab holds');
    for (const group of new Set(this.tabs.map((tab) => tab.group))) await this.checkLastIntent(group, unended);
  }

  /** The last intent asked in a group wins in the tab that asked it, unless it raced another tab's intent. */
  private async checkLastIntent(group: string, unended: Set<string>) {
    const last = this.intents.filter((asked) => asked.tab.group === group).at(-1);
    if (!last || last.void || last.concurrent || !last.tab.intent) return;
    this.checks++;
    // Scenarios explain what failed while they were in force; lost answers and expiries may hit a later request.
    const since = this.faults.filter((fault) => fault.at > last.at || fault.lasting).flatMap((fault) => fault.codes);
    const explains = (code: SessionErrorCode) => since.includes(code) || last.active.includes(code);
    const expiredSince = this.faults.some((fault) => fault.at > last.at && fault.codes.includes('session_expired'));
    const problem = await intentProblem(last.tab.state(), last.tab.intent, { explains, unended, expired: this.expired, expiredSince });
    expect(problem, `the last intent wins: ${problem}`).toBeNull();
  }

  close() {
    for (const tab of this.open) tab.close();
  }
}

/** The codes a scenario may leave a refused login or a failed session with. */
function codesOf(scenario: Scenario): SessionErrorCode[] {
  switch (scenario) {
    case 'flaky':
    case 'server-down':
      return ['server'];
    case 'offline':
      return ['network'];
    case 'malformed-response':
      return ['malformed_response'];
    case 'invalid-credentials':
      return ['unauthorized'];
    case 'upgrade-conflict':
      return ['conflict'];
    case 'expired-session':
      return ['session_expired', 'not_found'];
    default:
      return [];
  }
}

type Step = fc.AsyncCommand<object, World>;

/** A step of a run: acts, lets `wait` ms pass (0: only what is ready), then checks. */
function step(name: string, act: (world: World) => Promise<void> | void, kind = name): fc.Arbitrary<Step> {
  return fc.constantFrom(0, 1, 5, 20).map((wait) => ({
    check: () => true,
    async run(_model, world) {
      figures.steps++;
      figures.byStep.set(kind, (figures.byStep.get(kind) ?? 0) + 1);
      await act(world);
      await pause(wait);
      world.checkStep();
    },
    toString: () => `${name} (then ${wait} ms)`,
  }));
}

const paths = fc.constantFrom('/', '/dashboard', '/login?returnTo=%2Fsettings', '/about');
const tabIndex = fc.nat({ max: MAX_TABS - 1 });
const buttons = {
  ada: { button: 'Log in as Ada', intent: { kind: 'login', user_id: ADA.user_id } },
  grace: { button: 'Log in as Grace', intent: { kind: 'login', user_id: GRACE.user_id } },
  wrong: { button: 'Log in with a wrong password', intent: { kind: 'login', user_id: null } },
} as const satisfies Record<string, { button: string; intent: Intent }>;

const steps: fc.Arbitrary<Step>[] = [
  fc.tuple(fc.constantFrom('new', 'browser'), paths).chain(([kind, path]) =>
    step(`open a ${kind} tab at ${path}`, (world) => {
      if (world.open.length < MAX_TABS) world.openTab(kind, path);
    }, `open a ${kind} tab`),
  ),
  tabIndex.chain((i) =>
    step(`duplicate tab #${i}`, (world) => {
      if (world.open.length < MAX_TABS) world.openTab({ duplicateOf: world.tab(i) }, '/');
    }, 'duplicate a tab'),
  ),
  tabIndex.chain((i) => step(`reload tab #${i}`, (world) => world.tab(i).reload(), 'reload')),
  tabIndex.chain((i) =>
    step(`close tab #${i}`, (world) => {
      if (world.open.length > 1) world.tab(i).close();
    }, 'close a tab'),
  ),
  fc.tuple(tabIndex, fc.constantFrom<keyof typeof buttons>('ada', 'grace', 'wrong')).chain(([i, who]) =>
    step(`tab #${i}: log in (${who})`, (world) => world.tab(i).ask(buttons[who].button, buttons[who].intent), 'log in'),
  ),
  tabIndex.chain((i) =>
    step(`tab #${i}: log out`, (world) => {
      const tab = world.tab(i);
      return tab.ask('Log out', { kind: 'logout', from: tab.snapshot.context.stored?.session_id ?? null });
    }, 'log out'),
  ),
  tabIndex.chain((i) => step(`tab #${i}: refresh`, (world) => world.tab(i).app.view.press('Refresh session'), 'refresh')),
  fc.tuple(tabIndex, fc.constantFrom('Home', 'About', 'Dashboard', 'Settings', 'Login page')).chain(([i, link]) =>
    step(`tab #${i}: go to ${link}`, (world) => act(() => within(world.tab(i).app.container).getByRole('link', { name: link }).click()), 'go to a page'),
  ),
  tabIndex.chain((i) => step(`tab #${i} is shown again`, (world) => act(() => world.tab(i).app.actor.send({ type: 'page.visible' })), 'tab shown again')),
  step('the browser comes back online', () =>
    act(() => {
      window.dispatchEvent(new Event('online'));
    }),
  ),
  tabIndex.chain((i) =>
    step(`tab #${i}: retry`, async (world) => {
      const retry = within(world.tab(i).app.container).queryByRole('button', { name: 'Retry' });
      if (retry) await act(() => retry.click());
    }, 'retry'),
  ),
  tabIndex.chain((i) =>
    step(`the server expires tab #${i}'s session`, async (world) => {
      const id = world.tab(i).snapshot.context.stored?.session_id;
      if (!id) return;
      world.expired.add(id);
      world.fault(true, 'session_expired', 'not_found');
      await backend.expireSession(id);
    }, 'expire a session'),
  ),
  fc.constantFrom<Scenario>('default', 'flaky', 'server-down', 'offline', 'expired-session', 'invalid-credentials', 'upgrade-conflict', 'malformed-response').chain((name) =>
    step(`backend scenario ${name}`, async (world) => {
      if (name === 'expired-session') for (const s of await backend.listSessions()) world.expired.add(s.session_id);
      world.scenario = name;
      world.fault(name === 'expired-session', ...codesOf(name));
      await backend.setScenario(name);
    }, 'scenario'),
  ),
  fc.tuple(fc.constantFrom<Lossy>('create', 'get', 'login', 'logout'), fc.integer({ min: 1, max: 3 })).chain(([route, times]) =>
    step(`lose the next ${times} answer(s) to ${route}`, (world) => {
      world.fault(true, 'network');
      loseAnswers(routes[route], times);
    }, 'lose answers'),
  ),
  step('let every tab settle', async (world) => {
    await world.settle();
    await world.checkCoherence();
  }),
];

describe('properties of random user, tab, network and server events', () => {
  it(`hold after every step (${RUNS} runs of up to ${MAX_STEPS} steps, up to ${MAX_TABS} tabs)`, async () => {
    const uninstallLocks = installWebLocks();
    // In this world answers arrive at any moment, also between two act() scopes, by design: React's
    // warning about an update outside act() says nothing here (settle() waits for every update).
    const consoleError = console.error.bind(console);
    const errors = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).includes('was not wrapped in act(')) consoleError(...args);
    });
    try {
      const property = fc.asyncProperty(
        fc.record({ strict: fc.boolean(), staleAfter: fc.constantFrom(0, 50, 60_000, Infinity), latency: fc.constantFrom(0, 2), first: paths, browser: fc.boolean() }),
        fc.commands(steps, { maxCommands: MAX_STEPS, size: 'max', ...commandsReplayPath() }),
        async ({ strict, staleAfter, latency, first, browser }, run) => {
          figures.executions++;
          await backend.reset();
          heal();
          await backend.setLatency(latency);
          const world = new World({ strict, staleAfter });
          try {
            world.openTab(browser ? 'browser' : 'new', first);
            world.checkStep();
            await fc.asyncModelRun(() => ({ model: {}, real: world }), run);
            await world.recover();
            world.checkStep();
            await world.checkEnd();
          } finally {
            figures.checks += world.checks;
            world.close();
            await pause(5);
          }
        },
      );
      const found = await hunt(property, CI_RUNS);
      figures.runs = found.runs;
      figures.failures = found.failures.length;
      expect(found.failures, failuresOf(found)).toEqual([]);
    } finally {
      errors.mockRestore();
      uninstallLocks();
    }
  }, Math.max(120_000, RUNS * 3000));
});

afterAll(() => {
  const by = [...figures.byStep].map(([kind, n]) => `${kind}: ${n}`).join(', ');
  console.info(
    `[properties] ${figures.runs} runs (${figures.executions} with shrinking), ${figures.steps} steps, ${figures.checks} invariant checks, ${figures.failures} failures (${by})`,
  );
});
