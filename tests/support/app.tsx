/**
 * A small app over the real providers, hooks and guards, for the model, property, fault and
 * security suites: public `/` and `/about`, `/login` (the form), protected `/dashboard` and
 * `/settings`, the session badge, and a panel of controls that call the public hooks.
 *
 * By default the provider creates the session actor itself (as in an app). `own` makes the test
 * create it (as `createSessionActor` does) to inspect it from its first microstep and to drive its
 * timers with a simulated clock.
 */
import { act, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { expect } from 'vitest';
import { Link, MemoryRouter, Route, Routes, useLocation, useNavigate, useNavigationType } from 'react-router';
import { createActor, type ActorOptions, type AnyStateMachine, type InspectionEvent } from 'xstate';
import { ExperiencePlaneClient } from '../../src/client/ExperiencePlaneClient.ts';
import { type Navigate } from '../../src/core/createSessionActor.ts';
import { selectStatus } from '../../src/core/selectors.ts';
import { sessionMachine, type SessionActorRef } from '../../src/core/sessionMachine.ts';
import { createSessionStore, type StoredSession } from '../../src/core/storage.ts';
import { memoryStorage } from './memoryStorage.ts';
import { AuthProvider, PlatformStateProvider, RequireAuth, useAuth, useSession } from '../../src/react/index.ts';
import { useSessionActor } from '../../src/react/context.ts';
import { endpointOf, type Endpoint } from '../faults/backend.ts';
import { createSession, loginAs, upgradeWith } from './api.ts';
import { Badge, LoginForm, Where } from '../react/harness.tsx';

export type TabStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const ADA = { email: 'ada@acme.test', password: 'demo-pass-1', user_id: 'usr_ada' };

/** A tab's sessionStorage before the page loads: empty, or holding a live anonymous or signed-in (Ada) session. */
export async function tabStorage(kind: 'empty' | 'anonymous' | 'authenticated') {
  const storage = memoryStorage();
  if (kind === 'empty') return storage;
  let created = await createSession();
  if (kind === 'authenticated') created = await upgradeWith(created, await loginAs(ADA.email));
  storage.setItem('session_id', created.session.session_id);
  storage.setItem('session_token', created.session_token);
  return storage;
}
export const GRACE = { email: 'grace@globex.test', password: 'demo-pass-1', user_id: 'usr_grace' };
export const WRONG = { email: 'ada@acme.test', password: 'not-the-password' };

/** A tab's sessionStorage that remembers every value ever written to it. */
export function recordingStorage(backing: TabStorage = memoryStorage()) {
  const writes: string[] = [];
  const storage: TabStorage = {
    getItem: (k) => backing.getItem(k),
    setItem: (k, v) => {
      writes.push(`${k}=${v}`);
      backing.setItem(k, v);
    },
    removeItem: (k) => backing.removeItem(k),
  };
  return { storage, writes };
}

/** What the tab holds now (id and token), read the way the library reads it. */
export const storedIn = (storage: TabStorage): StoredSession | null => createSessionStore(storage).load();

/**
 * A fetch that counts requests in flight from the client's point of view: from the call until
 * the whole body has arrived (or the request failed).
 */
export function countingFetch() {
  const stats = { inFlight: 0, maxInFlight: 0, calls: 0, log: [] as (Endpoint | undefined)[] };
  const counted: typeof fetch = async (input, init) => {
    stats.calls++;
    stats.log.push(endpointOf({ method: init?.method ?? 'GET', url: String(input) }));
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      const res = await fetch(input, init);
      const body = await res.text();
      return new Response(body === '' ? null : body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      stats.inFlight--;
    }
  };
  return { fetch: counted, stats };
}

const links: [string, string][] = [
  ['/', 'Home'],
  ['/about', 'About'],
  ['/dashboard', 'Dashboard'],
  ['/settings', 'Settings'],
  ['/login', 'Login page'],
];

/** Buttons and read-outs over the public hooks. */
function Controls() {
  const auth = useAuth();
  const session = useSession();
  const actor = useSessionActor('Controls');
  return (
    <section aria-label="controls">
      <output data-testid="auth-pending">{String(auth.isPending)}</output>
      <output data-testid="auth-state" data-code={auth.error?.code ?? ''}>
        {auth.error?.message ?? ''}
      </output>
      <output data-testid="redirecting">{String(session.isRedirecting)}</output>
      <button onClick={() => auth.login({ email: ADA.email, password: ADA.password })}>Log in as Ada</button>
      <button onClick={() => auth.login(WRONG)}>Log in with a wrong password</button>
      <button onClick={() => auth.logout()}>Log out</button>
      <button onClick={() => session.refresh()}>Refresh session</button>
      <button onClick={() => actor.send({ type: 'session.expired' })}>Report expired session</button>
      <button onClick={() => actor.send({ type: 'nav.redirect', to: '/about' })}>Redirect to about</button>
      {auth.isAuthenticated && <button onClick={() => auth.logout()}>Sign out</button>}
    </section>
  );
}

/** Hands the provider's actor to the test during the first render. */
function Probe({ onActor }: { onActor: (a: SessionActorRef) => void }) {
  onActor(useSessionActor('Probe'));
  return null;
}

const fallback = <p>Loading session…</p>;

let pages = 0;
/**
 * A new origin for the API of one page load. The mock answers any origin; the gates and fault
 * injectors of a test act only on its own page's, so requests a closed page still makes (its
 * invoked promises run to their end) cannot reach the next test's.
 */
export const nextOrigin = () => `http://page-${++pages}.test`;

export interface SessionAppOptions {
  /** The API's origin (see {@link nextOrigin}); a new one by default. */
  origin?: string;
  strict?: boolean;
  /** Where the page loads. */
  path?: string;
  /** The tab's sessionStorage; pass the same one again to reload. */
  storage?: TabStorage;
  /** Client options (a fresh client per page load). */
  timeout?: number;
  fetch?: typeof fetch;
  attempts?: number;
  backoff?: number;
  /** The test creates the actor, with these inspection and clock options. */
  own?: { inspect?: (e: InspectionEvent) => void; clock?: ActorOptions<AnyStateMachine>['clock'] };
  /** Sees every navigation the library asks the router for. */
  onNavigate?: Navigate;
  extra?: ReactNode;
}

/**
 * Renders the app: a fresh client (a new page load) over the given tab storage.
 * `reload()` ends this page (its actor stops, as the page's JavaScript would) and loads a new one.
 */
export function renderSessionApp(options: SessionAppOptions = {}) {
  const { strict = true, path = '/', storage = memoryStorage(), timeout = 2000, attempts, backoff = 1, own, extra } = options;
  const origin = options.origin ?? nextOrigin();
  const client = new ExperiencePlaneClient({ baseUrl: origin, timeout, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const store = createSessionStore(storage);
  const nav: { current: Navigate } = { current: () => {} };
  let actor: SessionActorRef | undefined;
  if (own) {
    actor = createActor(
      sessionMachine.provide({ actions: { navigate: (_, { to }) => nav.current(to, { replace: true }) } }),
      { input: { client, storage: store, ...(attempts ? { attempts } : {}), backoff }, ...own },
    ).start() as unknown as SessionActorRef;
  }
  function Bridge({ children }: { children: ReactNode }) {
    const navigate = useNavigate();
    const l = useLocation();
    const go: Navigate = (to, o) => {
      options.onNavigate?.(to, o);
      navigate(to, o);
    };
    nav.current = go;
    return (
      <PlatformStateProvider
        {...(actor ? { actor } : { client, storage: store, backoff, ...(attempts ? { attempts } : {}) })}
        navigate={go}
        location={l.pathname + l.search + l.hash}
      >
        <AuthProvider>{children}</AuthProvider>
      </PlatformStateProvider>
    );
  }
  const tree = (
    <MemoryRouter initialEntries={[path]}>
      <Bridge>
        <Probe onActor={(a) => (actor ??= a)} />
        <Badge />
        <Where links={links} />
        <Controls />
        {extra}
        <Routes>
          <Route path="/" element={<h1>Home</h1>} />
          <Route path="/about" element={<h1>About</h1>} />
          <Route path="/login" element={<LoginForm />} />
          <Route path="/dashboard" element={<RequireAuth fallback={fallback}><h1>Dashboard</h1></RequireAuth>} />
          <Route path="/settings" element={<RequireAuth fallback={fallback}><h1>Settings</h1></RequireAuth>} />
        </Routes>
      </Bridge>
    </MemoryRouter>
  );
  const utils = render(strict ? <StrictMode>{tree}</StrictMode> : tree);
  const app = {
    ...utils,
    origin,
    client,
    storage,
    store,
    get actor(): SessionActorRef {
      if (!actor) throw new Error('the session actor is not known yet');
      return actor;
    },
    /** Ends this page: the actor stops and the tree unmounts. */
    close() {
      actor?.stop();
      utils.unmount();
    },
    /** Ends this page and loads `path` again in the same tab. */
    reload(next: Partial<SessionAppOptions> = {}) {
      app.close();
      return renderSessionApp({ ...options, origin: undefined, ...next, storage });
    },
  };
  return app;
}
export type SessionApp = ReturnType<typeof renderSessionApp>;

/** What the user sees. */
export const view = {
  status: () => screen.getByTestId('session-status').textContent,
  sessionId: () => screen.getByTestId('session-id').textContent,
  user: () => screen.getByTestId('session-user').textContent,
  error: () => screen.queryByTestId('session-error')?.dataset.code ?? null,
  authError: () => screen.getByTestId('auth-state').dataset.code || null,
  pending: () => screen.getByTestId('auth-pending').textContent === 'true',
  redirecting: () => screen.getByTestId('redirecting').textContent === 'true',
  location: () => screen.getByTestId('location').textContent,
  navType: () => screen.getByTestId('location').dataset.navType,
  signOutShown: () => !!screen.queryByRole('button', { name: 'Sign out' }),
};

/** Lets responses, timers and renders settle for `ms`. */
export const pause = (ms = 10) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

/**
 * Waits until the page is at rest: no invoked actor running (no request or retry pending), no
 * navigation under way, (given the page's counting fetch) no request in flight, and React caught
 * up: the badge shows the actor's status, and after one more flush of renders and effects (where a
 * guard may start a redirect) all of that still holds.
 */
export async function settled(app: SessionApp, stats?: { inFlight: number }, timeout = 3000) {
  const check = () => {
    const s = app.actor.getSnapshot();
    expect(Object.keys(s.children)).toEqual([]);
    expect(s.matches({ nav: 'idle' })).toBe(true);
    if (stats) expect(stats.inFlight).toBe(0);
    expect(screen.getByTestId('session-status').textContent).toBe(selectStatus(s));
  };
  const until = Date.now() + timeout;
  for (;;) {
    await waitFor(check, { timeout: Math.max(50, until - Date.now()) });
    await act(() => new Promise<void>((r) => setTimeout(r, 0)));
    try {
      check();
      return;
    } catch (e) {
      if (Date.now() > until) throw e;
    }
  }
}
