/**
 * Property tests (fast-check): random sequences of user and server events through the app (real
 * providers, guards, hooks and client over the MSW mock backend), with invariants checked after
 * every step and, for some, on every snapshot of the session actor.
 */
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { mockBackend, type ScenarioName } from '../../mocks/index.ts';
import { server } from '../../mocks/node.ts';
import { useBackend } from '../support/backends.ts';
import { selectStatus } from '../../src/core/createSessionActor.ts';
import { safeReturnTo } from '../../src/core/safeReturnTo.ts';
import type { SessionSnapshot } from '../../src/core/sessionMachine.ts';
import { propertyOptions } from './propertyOptions.ts';
import { ADA, countingFetch, recordingStorage, renderSessionApp, settled, storedIn, view, WRONG, type SessionApp } from '../support/app.tsx';

const RUNS = propertyOptions(50).numRuns!;
const MAX_COMMANDS = 12;
const figures = { runs: 0, commands: 0, checks: 0, byCommand: new Map<string, number>() };

const PROTECTED = ['/dashboard', '/settings'];
const HEALTHY: ScenarioName[] = ['default', 'slow', 'invalid-credentials', 'upgrade-conflict', 'expired-session'];

/** The backend of the current run: a fresh one per run, whose `slow` scenario adds 15 ms. */
let mockStore = mockBackend;

/** The world a run acts on: one tab at a time, the pages loaded in it, and what the test knows. */
class World {
  tab = recordingStorage();
  app: SessionApp | null = null;
  counting = countingFetch();
  scenario: ScenarioName = 'default';
  /** Sessions the server ended behind the client's back (it learns on its next check). */
  expiredBehindTheClientsBack = new Set<string>();
  /** Sessions whose upgrade the server did but whose answer the client could not read (malformed). */
  upgradedUnseen = new Set<string>();
  /** Access tokens the mock handed out. */
  accessTokens: Promise<string | undefined>[] = [];
  violations: string[] = [];
  private stopWatching = () => {};

  constructor() {
    const onResponse = ({ request, response }: { request: Request; response: Response }) => {
      if (request.url.endsWith('/api/auth/login') && response.status === 200) {
        this.accessTokens.push(
          response
            .clone()
            .json()
            .then((b: { access_token?: string; accessToken?: string }) => b.access_token ?? b.accessToken)
            .catch(() => undefined),
        );
      }
    };
    server.events.on('response:mocked', onResponse);
    this.stopWatching = () => server.events.removeListener('response:mocked', onResponse);
  }

  /**
   * A login the client may not see the answer of: the session in use may end up upgraded on the
   * server while the client stays anonymous. One already signed in stays so either way.
   */
  async mayUpgradeUnseen() {
    const id = storedIn(this.tab.storage)?.session_id;
    if (id && !(await mockStore.getSession(id))?.user_id) this.upgradedUnseen.add(id);
  }

  /** A page load in the current tab; checks that it sent what one load should. */
  async load(path: string) {
    this.app?.close();
    const before = storedIn(this.tab.storage);
    const live = !!before && (await mockStore.sessionTokenMatches(before.session_id, before.session_token));
    this.counting = countingFetch();
    this.app = renderSessionApp({ path, storage: this.tab.storage, fetch: this.counting.fetch });
    this.watch(this.app);
    await this.settle();
    // R1/R2/R3: one session request per load when the stored session is valid or absent; one more
    // (a create) when it is stale; the bounded retries when the server is unreachable.
    const sent = this.counting.stats.log;
    const first = before ? 'get' : 'create';
    if (HEALTHY.includes(this.scenario) || this.scenario === 'malformed-response') {
      expect(sent, 'requests of one page load').toEqual(before && !live ? ['get', 'create'] : [first]);
    } else if (this.scenario === 'server-down' || this.scenario === 'offline') {
      expect(sent, 'requests of one page load').toEqual([first, first, first]);
    } else {
      expect(sent.length).toBeLessThanOrEqual(6);
      expect(sent.every((e) => e === 'get' || e === 'create')).toBe(true);
    }
  }

  /** Invariants on every snapshot of the page's session actor. */
  private watch(app: SessionApp) {
    let upgradingFrom: string | undefined;
    let last: SessionSnapshot | undefined;
    app.actor.subscribe((s) => {
      const status = selectStatus(s);
      if (status === 'authenticated' && (!s.context.session?.user_id || !s.context.stored)) this.violations.push(`authenticated without a session: ${JSON.stringify(s.value)}`);
      if (status === 'upgrading' && (!last || selectStatus(last) !== 'upgrading')) upgradingFrom = s.context.stored?.session_id;
      if (status === 'authenticated' && last && selectStatus(last) === 'upgrading') {
        const id = s.context.session?.session_id;
        // The upgrade keeps the session id, unless the session had expired (404) and a new one was made (R6).
        const expired = mockStore.requestLog.entries().some((e) => e.method === 'PATCH' && e.status === 404 && e.path.includes(`/${upgradingFrom}/`));
        if (id !== upgradingFrom && !expired) this.violations.push(`the upgrade changed the session id ${upgradingFrom} → ${id}`);
      }
      last = s;
    });
  }

  async settle() {
    await settled(this.app!, this.counting.stats);
  }

  /** The invariants checked after every step. */
  async check() {
    figures.checks++;
    const app = this.app!;
    expect(this.violations).toEqual([]);
    // At most one request in flight at any time.
    expect(this.counting.stats.maxInFlight, 'requests in flight at once').toBeLessThanOrEqual(1);
    // The access token is never stored (the mock backend's own persisted store plays the server).
    const tokens = (await Promise.all(this.accessTokens)).filter((t): t is string => !!t);
    const kept = [
      ...this.tab.writes,
      ...Object.entries({ ...sessionStorage }).map(([k, v]) => `${k}=${v}`),
      ...Object.entries({ ...localStorage })
        .filter(([k]) => !k.startsWith('session-first:mock'))
        .map(([k, v]) => `${k}=${v}`),
    ];
    for (const t of tokens) expect(kept.some((w) => w.includes(t)), 'an access token was stored').toBe(false);

    // The client's view agrees with the mock store.
    const snap = app.actor.getSnapshot();
    const status = selectStatus(snap);
    await waitFor(() => expect(view.status()).toBe(status));
    const stored = storedIn(this.tab.storage);
    if (status === 'anonymous' || status === 'authenticated') {
      expect(stored, 'a session is stored').toBeTruthy();
      expect(view.sessionId()).toBe(stored!.session_id);
      expect(snap.context.session?.session_id).toBe(stored!.session_id);
      expect(view.user()).toBe(status === 'authenticated' ? ADA.user_id : '');
      const id = stored!.session_id;
      if (!this.expiredBehindTheClientsBack.has(id)) {
        const onServer = await mockStore.getSession(id);
        expect(onServer?.expired, `the server knows the session ${id}`).toBe(false);
        if (!this.upgradedUnseen.has(id)) {
          expect(await mockStore.sessionTokenMatches(id, stored!.session_token), 'the stored token is the server’s').toBe(true);
          expect(onServer!.user_id).toBe(status === 'authenticated' ? ADA.user_id : null);
        } else {
          // The client did not see the upgrade happen: it must not claim it.
          expect(status).toBe('anonymous');
        }
      }
    }
    // R8: at rest, an anonymous user is never on a protected page, and a signed-in one never on /login.
    const path = view.location()!.split('?')[0]!;
    if (status === 'anonymous') expect(PROTECTED).not.toContain(path);
    if (status === 'authenticated') expect(path).not.toBe('/login');
    // R12: the tree renders.
    expect(screen.getByTestId('session-status')).toBeInTheDocument();
  }

  close() {
    this.app?.close();
    this.stopWatching();
  }
}

type Model = { tabs: number };
type Cmd = fc.AsyncCommand<Model, World>;

const ue = () => userEvent.setup();
const clickButton = async (name: string) => {
  const b = screen.queryByRole('button', { name });
  if (b && !(b as HTMLButtonElement).disabled) await ue().click(b);
};

function command(name: string, run: (w: World) => Promise<void>): Cmd {
  return {
    check: () => true,
    async run(_m, w) {
      figures.commands++;
      const kind = name.replace(/ \(.*|(?<=scenario|tab at|go to) .*/, '');
      figures.byCommand.set(kind, (figures.byCommand.get(kind) ?? 0) + 1);
      await run(w);
      await w.settle();
      await w.check();
    },
    toString: () => name,
  };
}

const commands = [
  fc.constantFrom('/', '/dashboard', '/login?returnTo=%2Fsettings%3Ftab%3D2').map((path) =>
    command(`open a new tab at ${path}`, async (w) => {
      w.app?.close();
      w.tab = recordingStorage();
      await w.load(path);
    }),
  ),
  fc.constant(command('reload', (w) => w.load(view.location()!))),
  fc.boolean().map((good) =>
    command(`log in (${good ? 'right' : 'wrong'} password)`, async (w) => {
      if (w.scenario === 'malformed-response' && good) await w.mayUpgradeUnseen();
      await clickButton(good ? 'Log in as Ada' : 'Log in with a wrong password');
    }),
  ),
  fc.boolean().map((good) =>
    command(`submit the login form (${good ? 'right' : 'wrong'} password)`, async (w) => {
      const email = screen.queryByLabelText('Email');
      if (!email) return;
      if (w.scenario === 'malformed-response' && good) await w.mayUpgradeUnseen();
      const returnTo = new URLSearchParams(view.location()!.split('?')[1] ?? '').get('returnTo');
      const u = ue();
      await u.clear(email);
      await u.type(email, ADA.email);
      await u.type(screen.getByLabelText('Password'), good ? ADA.password : WRONG.password);
      await clickButton('Sign in');
      await w.settle();
      // R8: after login the user lands on the validated returnTo, or /.
      if (view.status() === 'authenticated') expect(view.location()).toBe(safeReturnTo(returnTo));
    }),
  ),
  fc.constant(command('log out', () => clickButton('Log out'))),
  fc.constantFrom('Home', 'About', 'Dashboard', 'Settings', 'Login page').map((link) =>
    command(`go to ${link}`, async () => {
      await ue().click(screen.getByRole('link', { name: link }));
    }),
  ),
  fc.constant(
    command('the server expires the session', async (w) => {
      const id = storedIn(w.tab.storage)?.session_id;
      if (id && (await mockStore.expireSession(id))) w.expiredBehindTheClientsBack.add(id);
    }),
  ),
  fc.constantFrom<ScenarioName>('default', 'slow', 'flaky', 'server-down', 'offline', 'expired-session', 'invalid-credentials', 'upgrade-conflict', 'malformed-response').map(
    (name) =>
      command(`backend scenario ${name}`, async (w) => {
        if (name === 'expired-session') for (const s of await mockStore.listSessions()) w.expiredBehindTheClientsBack.add(s.session_id);
        await mockStore.setScenario(name);
        w.scenario = name;
      }),
  ),
  fc.constant(command('retry', () => clickButton('Retry'))),
  fc.constant(command('refresh', () => clickButton('Refresh session'))),
];

describe('properties of random user and server events', () => {
  it(`hold after every step (${RUNS} runs of up to ${MAX_COMMANDS} steps)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/', '/settings', '/login'), fc.commands(commands, { maxCommands: MAX_COMMANDS }), async (path, cmds) => {
        figures.runs++;
        server.resetHandlers();
        mockStore = useBackend({ settings: { slowLatencyMs: 15 } });
        const w = new World();
        try {
          await w.load(path);
          await w.check();
          await fc.asyncModelRun(() => ({ model: { tabs: 1 }, real: w }), cmds);
        } finally {
          w.close();
          await act(() => new Promise((r) => setTimeout(r, 5)));
        }
      }),
      propertyOptions(50),
    );
  }, Math.max(120_000, RUNS * 400));
});

afterAll(() => {
  const by = [...figures.byCommand].map(([k, n]) => `${k}: ${n}`).join(', ');
  console.info(`[properties] ${figures.runs} runs, ${figures.commands} commands, ${figures.checks} invariant checks (${by})`);
});
