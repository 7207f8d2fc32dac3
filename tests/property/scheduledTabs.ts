/**
 * Tabs for the race tests, in Node: each one the real session actor (`createSessionActor`) over
 * the real client and the MSW mock, where a fast-check scheduler decides when every request
 * reaches the server, when its answer reaches the tab, when a message reaches another tab and when
 * the user (or the server) acts. A tab that reloads or closes dies as a page does: requests not
 * sent yet are dropped, answers never arrive, messages no longer reach it.
 */
import type fc from 'fast-check';
import { vi } from 'vitest';
import {
  createSessionActor,
  createSessionStore,
  ExperiencePlaneClient,
  selectStatus,
  type Persistence,
  type SessionActorRef,
  type StorageLike,
} from '../../src/index.ts';
import { countingFetch, nextOrigin, runningRequests } from '../support/harness.tsx';
import { memoryStorage } from '../support/memoryStorage.ts';
import { endpointOf } from '../support/network.ts';
import { installWebLocks } from '../support/webLocks.ts';
import { atRest, busyWithIntent, intentAfter, type Intent, type TabState } from './invariants.ts';

export interface TabOptions {
  /** The tab's storage: its own `sessionStorage` copy, or the one `localStorage` of 'browser' tabs. */
  storage?: StorageLike;
  persistence?: Persistence;
  attempts?: number;
  staleAfter?: number;
}

/** What happened to one request of a tab: the endpoint, the session it named, and how it ended. */
export interface Exchange {
  endpoint: string;
  sessionId: string | null;
  idempotencyKey: string | null;
  /** The HTTP status, or 'lost' when no answer came. */
  outcome: number | 'lost' | 'pending';
}

const never = new Promise<never>(() => {});

/** What the tabs need of a scheduler: fast-check's, or a {@link ScriptedOrder}. */
export type TabScheduler = Pick<fc.Scheduler, 'schedule' | 'scheduleFunction' | 'waitIdle' | 'count' | 'waitFor'>;

/**
 * The order of a scripted counterexample: everything happens as it comes, except what the script
 * holds back (by the start of its label, e.g. `message A → B`) until it lets it go.
 */
export class ScriptedOrder implements TabScheduler {
  private readonly gates = new Map<string, Promise<void>>();

  /** Holds back what is labelled `prefix…` from now on; returns what lets it go. */
  hold(prefix: string): () => void {
    let release = () => {};
    this.gates.set(prefix, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.gates.delete(prefix);
      release();
    };
  }

  schedule<T>(task: Promise<T>, label = ''): Promise<T> {
    const gate = [...this.gates].find(([prefix]) => label.startsWith(prefix))?.[1];
    return gate ? gate.then(() => task) : task;
  }

  scheduleFunction<TArgs extends unknown[], T>(run: (...args: TArgs) => Promise<T>) {
    return run;
  }

  async waitIdle() {}

  count() {
    return 0;
  }

  waitFor<T>(task: Promise<T>) {
    return task;
  }
}

/**
 * The tabs of one race run. Installs a BroadcastChannel whose deliveries the scheduler orders (the
 * machine's tab channel uses it) and Web Locks; `close()` takes both back.
 */
export class ScheduledTabs {
  /** What happened, in order: actions taken, requests sent, answers and messages delivered. */
  readonly trace: string[] = [];
  readonly tabs: ScheduledTab[] = [];
  private opening = '';
  /** How many intents the user gave, in all tabs: orders intents across tabs. */
  asked = 0;
  private readonly uninstallLocks = installWebLocks();

  constructor(readonly s: TabScheduler) {
    vi.stubGlobal('BroadcastChannel', scheduledChannel(this));
  }

  /** Runs `act` at a moment the scheduler picks; the promise settles once it ran. */
  at(label: string, act: () => void): Promise<void> {
    return this.s.schedule(Promise.resolve(), label).then(() => {
      this.trace.push(label);
      act();
    });
  }

  /** Opens a tab (a page load). */
  open(name: string, options: TabOptions = {}): ScheduledTab {
    this.opening = name;
    const tab = new ScheduledTab(this, name, options);
    this.tabs.push(tab);
    return tab;
  }

  /** The name of the tab whose channel is being made (channels are made while an actor starts). */
  get tabBeingOpened() {
    return this.opening;
  }

  get live() {
    return this.tabs.filter((tab) => !tab.dead);
  }

  /** Releases scheduled work until every live tab rests and nothing is left to deliver (backoffs run on real timers). */
  async settle(): Promise<void> {
    for (let round = 0; round < 300; round++) {
      await this.s.waitIdle();
      if (this.s.count() === 0 && this.live.every((tab) => tab.quiet)) return;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const states = this.live.map((tab) => `${tab.name}: ${JSON.stringify(tab.actor.getSnapshot().value)}`);
    throw new Error(`the tabs did not settle (a loop?): ${states.join('; ')}\n${this.trace.join(' > ')}`);
  }

  /** Lets scheduled work happen until `done()` (a script waiting for one tab while another is held). */
  async until(done: () => boolean, what: string): Promise<void> {
    for (let round = 0; round < 500; round++) {
      if (done()) return;
      await this.s.waitIdle();
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    throw new Error(`never happened: ${what}\n${this.trace.join(' > ')}`);
  }

  /** What every live tab holds. */
  states(): TabState[] {
    return this.live.map((tab) => tab.state());
  }

  close() {
    for (const tab of this.live) tab.kill();
    this.uninstallLocks();
    vi.unstubAllGlobals();
  }
}

/** One page of one tab. */
export class ScheduledTab {
  readonly actor: SessionActorRef;
  readonly storage: StorageLike;
  readonly counting: ReturnType<typeof countingFetch>;
  readonly exchanges: Exchange[] = [];
  dead = false;
  /** What broke an invariant on some snapshot (an actor error included); none expected. */
  readonly violations: string[] = [];
  /** Snapshots checked. */
  checks = 0;
  /** The last intent the user gave this page (R13), and when (see {@link ScheduledTabs.asked}). */
  intent: Intent | null = null;
  askedAt = 0;
  /** Another tab had an intent of its own under way when this one was asked: the server decides their order. */
  askedConcurrently = false;

  constructor(
    private readonly world: ScheduledTabs,
    readonly name: string,
    readonly options: TabOptions,
  ) {
    this.storage = options.storage ?? memoryStorage();
    this.counting = countingFetch((input, init) => this.send(input, init));
    const client = new ExperiencePlaneClient({ baseUrl: nextOrigin(), fetch: this.counting.fetch, timeout: 60_000 });
    this.actor = createSessionActor({
      client,
      storage: createSessionStore(this.storage),
      backoff: 1,
      navigate: () => {},
      ...(options.persistence ? { persistence: options.persistence } : {}),
      ...(options.attempts ? { attempts: options.attempts } : {}),
      ...(options.staleAfter === undefined ? {} : { staleAfter: options.staleAfter }),
    });
    this.actor.subscribe({
      next: (snapshot) => {
        this.checks++;
        const running = runningRequests(this.actor).filter((name) => name !== 'tabLock');
        if (running.length > 1) this.violations.push(`${name} runs ${running.join(' and ')} at once`);
        if (selectStatus(snapshot) === 'authenticated' && !(snapshot.context.session?.user_id && snapshot.context.stored))
          this.violations.push(`${name} is authenticated without a signed-in session`);
      },
      error: (error) => this.violations.push(`${name} crashed: ${String(error)}`),
    });
  }

  /** The user asks to log in as `user` (`WRONG`: with a wrong password). */
  login(user: { email: string; password: string; user_id?: string }) {
    this.note({ kind: 'login', user_id: user.user_id ?? null });
    this.actor.send({ type: 'user.login', email: user.email, password: user.password });
  }

  /** The user asks to log out. */
  logout() {
    this.note({ kind: 'logout', from: this.actor.getSnapshot().context.stored?.session_id ?? null });
    this.actor.send({ type: 'user.logout' });
  }

  private note(asked: Intent) {
    const intent = intentAfter(this.intent, asked, this.actor.getSnapshot());
    if (intent === this.intent) return;
    this.intent = intent;
    this.askedAt = ++this.world.asked;
    this.askedConcurrently = this.world.live.some((tab) => tab !== this && busyWithIntent(tab.actor.getSnapshot()));
  }

  /** The request reaches the server when the scheduler says, and its answer reaches the tab when it says again, if the page still lives. */
  private async send(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const endpoint = endpointOf(request.method, request.url) ?? request.url;
    const exchange: Exchange = {
      endpoint,
      sessionId: /\/api\/session\/([^/]+)/.exec(new URL(request.url).pathname)?.[1] ?? null,
      idempotencyKey: request.headers.get('Idempotency-Key'),
      outcome: 'pending',
    };
    if (exchange.sessionId === 'create-anonymous') exchange.sessionId = null;
    this.exchanges.push(exchange);
    await this.world.at(`${this.name} sends ${endpoint}`, () => {});
    if (this.dead) return never;
    const answered = this.world.s.scheduleFunction(async () => {
      try {
        const response = await fetch(request);
        return { response, body: await response.text() };
      } catch (error) {
        return { error };
      }
    })();
    const answer = await answered;
    // The server has acted; its answer reaches the tab at a moment of its own (a script holds it
    // by `${name} ${endpoint}`).
    const outcome = 'error' in answer ? 'lost' : answer.response.status;
    await this.world.at(`${this.name} ${endpoint} ${outcome}`, () => {});
    if (this.dead) return never;
    exchange.outcome = outcome;
    if ('error' in answer) throw answer.error;
    return new Response(answer.body === '' ? null : answer.body, { status: answer.response.status, headers: answer.response.headers });
  }

  /** At rest (or failed, waiting for the user), no request, backoff or lock wait under way, and nothing in flight. */
  get quiet() {
    const snapshot = this.actor.getSnapshot();
    const resting = atRest(snapshot) || snapshot.matches({ session: { none: 'failed' } });
    return resting && runningRequests(this.actor).length === 0 && this.counting.stats.inFlight === 0;
  }

  get status() {
    return selectStatus(this.actor.getSnapshot());
  }

  get sessionId() {
    return this.actor.getSnapshot().context.session?.session_id ?? null;
  }

  get resting() {
    return atRest(this.actor.getSnapshot());
  }

  /** Requests to `endpoint` this page sent. */
  sent(endpoint: string) {
    return this.exchanges.filter((e) => e.endpoint === endpoint);
  }

  state(): TabState {
    return { name: this.name, snapshot: this.actor.getSnapshot(), stored: createSessionStore(this.storage).load() };
  }

  /** The page goes away: its actor stops, nothing it sent is answered. */
  kill() {
    this.dead = true;
    this.actor.stop();
  }
}

/** A BroadcastChannel whose messages reach the other open channels of the same name when the scheduler says. */
function scheduledChannel(world: ScheduledTabs) {
  const open = new Set<{ name: string; tab: string; onmessage: ((event: { data: unknown }) => void) | null }>();
  return class ScheduledBroadcastChannel {
    onmessage: ((event: { data: unknown }) => void) | null = null;
    readonly tab = world.tabBeingOpened;

    constructor(readonly name: string) {
      open.add(this);
    }

    postMessage(data: unknown) {
      const copy: unknown = structuredClone(data);
      for (const other of open) {
        if (other === this || other.name !== this.name) continue;
        void world.at(`message ${this.tab} → ${other.tab}`, () => {
          if (open.has(other)) other.onmessage?.({ data: copy });
        });
      }
    }

    close() {
      open.delete(this);
    }
  };
}
