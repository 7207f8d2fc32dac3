/**
 * Races, explored with fast-check's scheduler: every response the client receives is delivered
 * when the scheduler decides (and every request reaches the server when it decides), interleaved
 * with the user's (and the server's) actions. The session
 * actor is the real one (`createSessionActor`), over the real client and the MSW mock backend. A
 * reload kills the page, as a real one would: requests not yet sent are dropped, answers to
 * requests already sent never arrive.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { mockBackend as mockStore } from '../../mocks/index.ts';
import { ExperiencePlaneClient } from '../../src/client/ExperiencePlaneClient.ts';
import { createSessionActor } from '../../src/core/createSessionActor.ts';
import { selectStatus } from '../../src/core/selectors.ts';
import type { SessionActorRef } from '../../src/core/sessionMachine.ts';
import { createSessionStore } from '../../src/core/storage.ts';
import { memoryStorage } from '../support/memoryStorage.ts';
import { endpointOf, type Endpoint } from '../faults/backend.ts';
import { propertyOptions } from './propertyOptions.ts';
import { ADA, nextOrigin, type TabStorage } from '../support/harness.tsx';

const RUNS = propertyOptions(100).numRuns!;
/** What happened in the current run, in the order it happened: responses delivered, actions taken. */
const trace: string[] = [];
/** Schedules an action of the user (or the server) at a point the scheduler picks. */
const at = (s: fc.Scheduler, label: string, act: () => void) => s.schedule(Promise.resolve(), label).then(() => (trace.push(label), act()));
const explored: Record<string, { runs: number; schedules: Set<string> }> = {};

/** One page load over a scheduled network. */
function openPage(s: fc.Scheduler, storage: TabStorage, name: string) {
  const stats = { inFlight: 0, maxInFlight: 0, log: [] as Endpoint[] };
  let dead = false;
  const never = new Promise<Response>(() => {});
  const deliver = s.scheduleFunction(async function response(input: RequestInfo | URL, init?: RequestInit) {
    const res = await fetch(input, init);
    const body = await res.text();
    return new Response(body === '' ? null : body, { status: res.status, headers: res.headers });
  });
  const counted: typeof fetch = (input, init) => {
    if (dead) return never;
    stats.log.push(endpointOf({ method: init?.method ?? 'GET', url: String(input) })!);
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    const endpoint = stats.log[stats.log.length - 1];
    // The request reaches the server when the scheduler says (unless the page died first: a
    // reload aborts what has not left yet); its answer reaches the page later, if it still lives.
    return at(s, `send ${endpoint}`, () => {})
      .then(() => (dead ? never : deliver(input, init)))
      .then(
      (r) => (stats.inFlight--, trace.push(`${endpoint} ${r.status}`), dead ? never : r),
      (e) => {
        stats.inFlight--;
        if (dead) return never;
        throw e;
      },
    );
  };
  const client = new ExperiencePlaneClient({ baseUrl: nextOrigin(), fetch: counted, timeout: 60_000 });
  const actor: SessionActorRef = createSessionActor({ client, storage: createSessionStore(storage), backoff: 1, navigate: () => {} });
  // Never authenticated without a session, on every snapshot.
  const sub = actor.subscribe((snap) => {
    if (selectStatus(snap) === 'authenticated') {
      expect(snap.context.session?.user_id, `${name}: authenticated without a session`).toBeTruthy();
      expect(snap.context.stored, `${name}: authenticated with nothing stored`).toBeTruthy();
    }
  });
  return {
    actor,
    stats,
    /** The page goes away: its actor stops and no pending response ever arrives. */
    kill() {
      dead = true;
      sub.unsubscribe();
      actor.stop();
    },
  };
}
type Page = ReturnType<typeof openPage>;

const quiet = (p: Page) => Object.keys(p.actor.getSnapshot().children).length === 0 && p.stats.inFlight === 0;

/** Releases scheduled work until the page is at rest (retries wait on real timers). */
async function settle(s: fc.Scheduler, p: Page) {
  for (let i = 0; i < 200; i++) {
    await s.waitIdle();
    if (quiet(p) && s.count() === 0) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`the page did not settle: ${JSON.stringify(p.actor.getSnapshot().value)}\n${s.report().map((t) => t.label).join(', ')}`);
}

/** A tab with an anonymous session the server knows, after one page load. */
async function anonymousTab(s: fc.Scheduler) {
  const storage = memoryStorage();
  const page = openPage(s, storage, 'first load');
  await settle(s, page);
  expect(selectStatus(page.actor.getSnapshot())).toBe('anonymous');
  const id = page.actor.getSnapshot().context.session!.session_id;
  page.stats.log.length = 0;
  return { storage, page, id };
}

/** The stored session is live on the server with the stored token; returns the server's copy. */
async function serverAgrees(storage: TabStorage) {
  const stored = createSessionStore(storage).load();
  expect(stored, 'a session is stored').toBeTruthy();
  const server = await mockStore.getSession(stored!.session_id);
  expect(server?.expired, 'the stored session is live on the server').toBe(false);
  expect(await mockStore.sessionTokenMatches(stored!.session_id, stored!.session_token)).toBe(true);
  return server!;
}

const count = (p: Page, e: Endpoint) => p.stats.log.filter((x) => x === e).length;

/** Runs a race property and records the distinct orders in which the scheduler delivered things. */
function race<T = undefined>(name: string, body: (s: fc.Scheduler, extra: T) => Promise<void>, extra: fc.Arbitrary<T> = fc.constant(undefined as T)) {
  it(name, async () => {
    const seen = (explored[name] = { runs: 0, schedules: new Set<string>() });
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), extra, async (s, x) => {
        seen.runs++;
        trace.length = 0;
        await body(s, x);
        seen.schedules.add(trace.join(' > '));
      }),
      propertyOptions(100),
    );
  }, Math.max(60_000, RUNS * 100));
}

const login = { type: 'user.login', email: ADA.email, password: ADA.password } as const;

describe('races (fast-check scheduler)', () => {
  race('login while the session is being created', async (s) => {
    const storage = memoryStorage();
    const page = openPage(s, storage, 'page');
    at(s, 'user: login', () => page.actor.send(login));
    await settle(s, page);

    const snap = page.actor.getSnapshot();
    expect(selectStatus(snap)).toBe('authenticated');
    expect(page.stats.log).toEqual(['create', 'login', 'upgrade']);
    expect(page.stats.maxInFlight).toBe(1);
    const server = await serverAgrees(storage);
    expect(server.user_id).toBe(ADA.user_id);
    expect(snap.context.session!.session_id).toBe(server.session_id);
    page.kill();
  });

  race('double-submitted login', async (s) => {
    const { storage, page, id } = await anonymousTab(s);
    const pendingAtSecond: boolean[] = [];
    const send = () => {
      const snap = page.actor.getSnapshot();
      pendingAtSecond.push(snap.matches({ session: 'upgrading' }) || !!snap.context.credentials);
      page.actor.send(login);
    };
    at(s, 'user: submit', send);
    at(s, 'user: submit again', send);
    await settle(s, page);

    // A login sent while one is pending sends nothing; one sent after the first finished is a new login.
    const logins = pendingAtSecond.filter((pending) => !pending).length;
    expect(page.stats.log).toEqual(Array.from({ length: logins }, () => ['login', 'upgrade']).flat());
    expect(selectStatus(page.actor.getSnapshot())).toBe('authenticated');
    expect(page.actor.getSnapshot().context.session!.session_id).toBe(id);
    expect(page.stats.maxInFlight).toBe(1);
    expect((await serverAgrees(storage)).user_id).toBe(ADA.user_id);
    page.kill();
  });

  race('logout during an upgrade', async (s) => {
    const { storage, page, id } = await anonymousTab(s);
    page.actor.send(login);
    at(s, 'user: logout', () => page.actor.send({ type: 'user.logout' }));
    await settle(s, page);

    // Whenever the logout came, the user ends signed out, on a new anonymous session, and the
    // signed-in session is ended on the server.
    const snap = page.actor.getSnapshot();
    expect(selectStatus(snap)).toBe('anonymous');
    const server = await serverAgrees(storage);
    expect(server.session_id).not.toBe(id);
    expect(server.user_id).toBeNull();
    expect(await mockStore.getSession(id)).toBeUndefined();
    expect(page.stats.maxInFlight).toBe(1);
    page.kill();
  });

  race('reload during an upgrade', async (s) => {
    const { storage, page, id } = await anonymousTab(s);
    page.actor.send(login);
    let next: Page | undefined;
    const reloaded = at(s, 'user: reload', () => {
      page.kill();
      next = openPage(s, storage, 'reloaded page');
    });
    await s.waitFor(reloaded);
    await settle(s, next!);

    // The new page sends one session request (plus one create if the stored token went stale),
    // and what it shows agrees with the server.
    expect([['get'], ['get', 'create']]).toContainEqual(next!.stats.log);
    const snap = next!.actor.getSnapshot();
    const server = await serverAgrees(storage);
    if (selectStatus(snap) === 'authenticated') {
      expect(server.session_id).toBe(id);
      expect(server.user_id).toBe(ADA.user_id);
    } else {
      expect(selectStatus(snap)).toBe('anonymous');
      expect(server.user_id).toBeNull();
      expect(next!.stats.log).toEqual(server.session_id === id ? ['get'] : ['get', 'create']);
    }
    expect(next!.stats.maxInFlight).toBe(1);
    next!.kill();
  });

  race('sign out, sign in again, or report an expiry while the session is being checked', async (s, action) => {
    const { storage, page, id } = await anonymousTab(s);
    page.actor.send(login);
    await settle(s, page);
    expect(selectStatus(page.actor.getSnapshot())).toBe('authenticated');
    page.stats.log.length = 0;
    page.stats.maxInFlight = 0;
    // A page change re-checks the session (R10); meanwhile the user (or the app) does something.
    page.actor.send({ type: 'session.refresh' });
    at(s, `user: ${action}`, () => page.actor.send(action === 'login' ? login : { type: action === 'logout' ? 'user.logout' : 'session.expired' }));
    await settle(s, page);

    const snap = page.actor.getSnapshot();
    const server = await serverAgrees(storage);
    if (action === 'login') {
      expect(selectStatus(snap)).toBe('authenticated');
      expect(server.session_id).toBe(id);
    } else {
      expect(selectStatus(snap)).toBe('anonymous');
      expect(server.session_id).not.toBe(id);
      if (action === 'logout') expect(await mockStore.getSession(id)).toBeUndefined();
      else expect(snap.context.error?.code).toBe('session_expired');
    }
    expect(page.stats.maxInFlight, `requests in flight at once (${page.stats.log.join(', ')})`).toBe(1);
    page.kill();
  }, fc.constantFrom('logout', 'login', 'expired'));

  race('the session expires server-side during login', async (s) => {
    const { storage, page, id } = await anonymousTab(s);
    page.actor.send(login);
    at(s, 'server: session expires', () => mockStore.expireSession(id));
    await settle(s, page);

    expect(selectStatus(page.actor.getSnapshot())).toBe('authenticated');
    expect(count(page, 'login')).toBe(1);
    const upgradedId = page.actor.getSnapshot().context.session!.session_id;
    // R6: expired before the upgrade → one new session and one more upgrade with the same login.
    expect(page.stats.log).toEqual(upgradedId === id ? ['login', 'upgrade'] : ['login', 'upgrade', 'create', 'upgrade']);
    // The client learns of an expiry after the upgrade on its next check (R10).
    page.stats.log.length = 0;
    page.actor.send({ type: 'session.refresh' });
    await settle(s, page);
    const server = await serverAgrees(storage);
    if (upgradedId === id && server.session_id !== id) {
      expect(selectStatus(page.actor.getSnapshot())).toBe('anonymous');
      expect(page.actor.getSnapshot().context.error?.code).toBe('session_expired');
    } else {
      expect(selectStatus(page.actor.getSnapshot())).toBe('authenticated');
      expect(server.user_id).toBe(ADA.user_id);
    }
    expect(page.stats.maxInFlight).toBe(1);
    page.kill();
  });
});

afterAll(() => {
  const lines = Object.entries(explored).map(([name, e]) => `${name}: ${e.runs} runs, ${e.schedules.size} distinct delivery orders`);
  console.info(`[races]\n${lines.join('\n')}`);
});
