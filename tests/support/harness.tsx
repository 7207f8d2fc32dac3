/**
 * The one render harness of the React, model, property, fault and security suites: a small app
 * over the real providers, hooks and guards, wired to a MemoryRouter by the same `SessionRouter`
 * the Storybook kit uses, talking to the MSW mock through a real client.
 *
 * Pages: public `/` and `/about`, `/login` (the form), protected `/dashboard` and `/settings`;
 * on every page the session badge, the router's location and a panel of controls over the public
 * hooks. By default the provider creates the session actor (as an app does); `own` makes the test
 * create it first, to inspect it from its first microstep or drive its timers with a clock.
 */
import { act, render, screen, waitFor, within, type BoundFunctions, type queries } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { StrictMode, type ReactNode } from 'react';
import { Link, Route, Routes, useLocation, useNavigationType, useSearchParams } from 'react-router';
import type { ActorOptions } from 'xstate';
import { expect } from 'vitest';
import {
  createSessionActor,
  createSessionStore,
  ExperiencePlaneClient,
  selectStatus,
  type Navigate,
  type Persistence,
  type SessionActorRef,
  type SessionMachine,
  type StorageLike,
  type StoredSession,
} from '../../src/index.ts';
import { RedirectIfAuthenticated, RequireAuth, useAuth, useAuthenticatedFetch, useSession } from '../../src/react/index.ts';
// The raw actor is not public; the harness reads it to inspect the machine.
import { useSessionActor } from '../../src/react/context.ts';
import { SessionRouter } from '../../src/storybook/SessionRouter.tsx';
import { createSession, loginAs, upgradeWith } from './api.ts';
import { MemoryStorage, memoryStorage } from './memoryStorage.ts';
import { endpointOf, type Endpoint } from './network.ts';

/** Every React test runs in both modes: StrictMode doubles renders and effects in development. */
export const renderModes = [
  { name: 'StrictMode', strict: true },
  { name: 'plain', strict: false },
] as const;
export type RenderMode = (typeof renderModes)[number];

export const ADA = { email: 'ada@acme.test', password: 'demo-pass-1', user_id: 'usr_ada' };
export const GRACE = { email: 'grace@globex.test', password: 'demo-pass-1', user_id: 'usr_grace' };
export const WRONG = { email: 'ada@acme.test', password: 'not-the-password' };

/** A tab's `sessionStorage` (or the browser's `localStorage`) in a test. */
export type TabStorage = StorageLike;

/** A tab's storage before the page loads: empty, or holding a live anonymous or signed-in (Ada) session. */
export async function tabStorage(kind: 'empty' | 'anonymous' | 'authenticated') {
  const storage = memoryStorage();
  if (kind === 'empty') return storage;
  let created = await createSession();
  if (kind === 'authenticated') created = await upgradeWith(created, await loginAs(ADA.email));
  storage.setItem('session_id', created.session.session_id);
  storage.setItem('session_token', created.session_token);
  return storage;
}

/**
 * A copy of a tab's storage, as a browser gives a duplicated tab: all of `sessionStorage`, the
 * key of a create under way too. Tabs that get duplicated keep theirs in a {@link MemoryStorage}.
 */
export function duplicatedTabStorage(storage: TabStorage): TabStorage {
  if (!(storage instanceof MemoryStorage)) throw new Error('duplicatedTabStorage copies a MemoryStorage (memoryStorage() or tabStorage())');
  return storage.copy();
}

/** A tab's storage that remembers every value ever written to it. */
export function recordingStorage(backing: TabStorage = memoryStorage()) {
  const writes: string[] = [];
  const storage: TabStorage = {
    getItem: (key) => backing.getItem(key),
    setItem: (key, value) => {
      writes.push(`${key}=${value}`);
      backing.setItem(key, value);
    },
    removeItem: (key) => backing.removeItem(key),
  };
  return { storage, writes };
}

/** What the tab holds now (id and token), read the way the library reads it. */
export const storedIn = (storage: TabStorage): StoredSession | null => createSessionStore(storage).load();

/**
 * A fetch that counts requests in flight from the client's point of view: from the call until
 * the whole body has arrived (or the request failed). `send` is the network it counts on top of
 * (the global `fetch`, i.e. the MSW mock, unless a test schedules its own).
 */
export function countingFetch(send: typeof fetch = (input, init) => fetch(input, init)) {
  const stats = { inFlight: 0, maxInFlight: 0, calls: 0, log: [] as (Endpoint | undefined)[] };
  const counted: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    stats.calls++;
    stats.log.push(endpointOf(request.method, request.url));
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      const response = await send(input, init);
      const body = await response.text();
      return new Response(body === '' ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } finally {
      stats.inFlight--;
    }
  };
  return { fetch: counted, stats };
}

/** The session badge of SPEC §5: status and id, plus the user and the session error. */
export function Badge() {
  const session = useSession();
  return (
    <p>
      <span data-testid="session-status">{session.status}</span> <span data-testid="session-id">{session.session?.session_id ?? ''}</span>{' '}
      <span data-testid="session-user">{session.session?.user_id ?? ''}</span>
      {session.error && (
        <span role="alert" data-testid="session-error" data-code={session.error.code}>
          {session.error.message} <button onClick={session.retry}>Retry</button>
        </span>
      )}
    </p>
  );
}

/** The login page: `Email`, `Password`, `Sign in`; errors in `role="alert"`; on to `returnTo` once signed in. */
export function LoginForm() {
  const { login, isPending, error } = useAuth();
  const [params] = useSearchParams();
  return (
    <RedirectIfAuthenticated to={params.get('returnTo')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          login({ email: String(form.get('email')), password: String(form.get('password')) });
        }}
      >
        <label>
          Email <input name="email" />
        </label>
        <label>
          Password <input name="password" type="password" />
        </label>
        <button type="submit" disabled={isPending}>
          Sign in
        </button>
        {error && (
          <p role="alert" data-testid="auth-error" data-code={error.code}>
            {error.message}
          </p>
        )}
      </form>
    </RedirectIfAuthenticated>
  );
}

const links: [string, string][] = [
  ['/', 'Home'],
  ['/about', 'About'],
  ['/dashboard', 'Dashboard'],
  ['/settings', 'Settings'],
  ['/login', 'Login page'],
];

/** The router's location (with how it was reached: PUSH or REPLACE) and links to move around. */
export function Where() {
  const location = useLocation();
  return (
    <nav>
      <output data-testid="location" data-nav-type={useNavigationType()}>
        {location.pathname + location.search + location.hash}
      </output>
      {links.map(([to, name]) => (
        <Link key={to} to={to}>
          {name}
        </Link>
      ))}
    </nav>
  );
}

/** Buttons and read-outs over the public hooks. */
function Controls({ apiOrigin }: { apiOrigin: string }) {
  const auth = useAuth();
  const session = useSession();
  const authenticatedFetch = useAuthenticatedFetch();
  return (
    <section aria-label="controls">
      <output data-testid="auth-pending">{String(auth.isPending)}</output>
      <output data-testid="auth-state" data-code={auth.error?.code ?? ''}>
        {auth.error?.message ?? ''}
      </output>
      <output data-testid="redirecting">{String(session.isRedirecting)}</output>
      <button onClick={() => auth.login({ email: ADA.email, password: ADA.password })}>Log in as Ada</button>
      <button onClick={() => auth.login({ email: GRACE.email, password: GRACE.password })}>Log in as Grace</button>
      <button onClick={() => auth.login(WRONG)}>Log in with a wrong password</button>
      <button onClick={() => auth.logout()}>Log out</button>
      <button onClick={() => session.refresh()}>Refresh session</button>
      <button onClick={() => void authenticatedFetch(`${apiOrigin}/app/orders`)}>Call the app API</button>
      {auth.isAuthenticated && <button onClick={() => auth.logout()}>Sign out</button>}
    </section>
  );
}

const fallback = <p>Loading session…</p>;

let pages = 0;
/**
 * A new origin for the API of one page load. The mock answers any origin; the gates and fault
 * injectors of a test act only on its own page's, so requests a closed page still makes cannot
 * reach the next test's.
 */
export const nextOrigin = () => `http://page-${++pages}.test`;

export interface SessionAppOptions {
  /** The API's origin (see {@link nextOrigin}); a new one by default. */
  origin?: string;
  /** Render under React.StrictMode (default true). */
  strict?: boolean;
  /** Where the page loads. */
  path?: string;
  /** The tab's storage; pass the same one again to reload. `'web'`: the machine's default (`sessionStorage` or `localStorage`). */
  storage?: TabStorage | 'web';
  persistence?: Persistence;
  staleAfter?: number;
  /** Client options (a fresh client per page load). */
  timeout?: number;
  fetch?: typeof fetch;
  attempts?: number;
  backoff?: number;
  /** The test creates the actor, with these inspection and clock options. */
  own?: Pick<ActorOptions<SessionMachine>, 'inspect' | 'clock'>;
  /** Sees every navigation the library asks the router for. */
  onNavigate?: Navigate;
  extra?: ReactNode;
}

/** Hands the provider's actor to the test during the first render. */
function Probe({ onActor }: { onActor: (actor: SessionActorRef) => void }) {
  onActor(useSessionActor('Probe'));
  return null;
}

/**
 * Renders the app: a fresh client (a new page load) over the given tab storage.
 * `reload()` ends this page (its actor stops, as the page's JavaScript would) and loads a new one.
 */
export function renderSessionApp(options: SessionAppOptions = {}) {
  const { strict = true, path = '/', storage = memoryStorage(), timeout = 2000, attempts, backoff = 1, own, extra } = options;
  const origin = options.origin ?? nextOrigin();
  const client = new ExperiencePlaneClient({ baseUrl: origin, timeout, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const machineOptions = {
    client,
    ...(storage === 'web' ? {} : { storage: createSessionStore(storage) }),
    backoff,
    ...(attempts === undefined ? {} : { attempts }),
    ...(options.persistence === undefined ? {} : { persistence: options.persistence }),
    ...(options.staleAfter === undefined ? {} : { staleAfter: options.staleAfter }),
  };
  let actor: SessionActorRef | undefined = own ? createSessionActor(machineOptions, own) : undefined;
  const tree = (
    <SessionRouter initialPath={path} {...(actor ? { actor } : machineOptions)} {...(options.onNavigate ? { onNavigate: options.onNavigate } : {})}>
      <Probe onActor={(a) => (actor ??= a)} />
      <Badge />
      <Where />
      <Controls apiOrigin={origin} />
      {extra}
      <Routes>
        <Route path="/" element={<h1>Home</h1>} />
        <Route path="/about" element={<h1>About</h1>} />
        <Route path="/login" element={<LoginForm />} />
        <Route path="/dashboard" element={<RequireAuth fallback={fallback}><h1>Dashboard</h1></RequireAuth>} />
        <Route path="/settings" element={<RequireAuth fallback={fallback}><h1>Settings</h1></RequireAuth>} />
      </Routes>
    </SessionRouter>
  );
  const utils = render(strict ? <StrictMode>{tree}</StrictMode> : tree);
  const app = {
    ...utils,
    /** What the user sees on this page. */
    view: viewOf(within(utils.container)),
    origin,
    client,
    /** The tab's storage (the browser's own Web Storage with `'web'`). */
    get storage(): TabStorage {
      if (storage !== 'web') return storage;
      return options.persistence === 'browser' ? localStorage : sessionStorage;
    },
    get actor(): SessionActorRef {
      if (!actor) throw new Error('the session actor is not known yet');
      return actor;
    },
    /** Ends this page: the actor stops and the tree unmounts. */
    close() {
      openPages.delete(app);
      actor?.stop();
      utils.unmount();
    },
    /** Ends this page and loads `path` again in the same tab. */
    reload(next: Partial<SessionAppOptions> = {}) {
      app.close();
      return renderSessionApp({ ...options, origin: undefined, ...next, storage });
    },
  };
  openPages.add(app);
  return app;
}
export type SessionApp = ReturnType<typeof renderSessionApp>;

const openPages = new Set<{ close(): void }>();

/** Ends every page still open (each test's teardown): their actors stop retrying and listening. */
export function closeOpenPages() {
  for (const page of openPages) page.close();
}

/** What the user sees in one page (`within` its container) or the whole document (`screen`). */
export const viewOf = (page: BoundFunctions<typeof queries>) => ({
  status: () => page.getByTestId('session-status').textContent,
  sessionId: () => page.getByTestId('session-id').textContent,
  user: () => page.getByTestId('session-user').textContent,
  error: () => page.queryByTestId('session-error')?.dataset.code ?? null,
  errorMessage: () => page.queryByTestId('session-error')?.textContent ?? null,
  authError: () => page.getByTestId('auth-state').dataset.code || null,
  authMessage: () => page.getByTestId('auth-state').textContent,
  pending: () => page.getByTestId('auth-pending').textContent === 'true',
  redirecting: () => page.getByTestId('redirecting').textContent === 'true',
  location: () => page.getByTestId('location').textContent,
  navType: () => page.getByTestId('location').dataset.navType,
  signOutShown: () => !!page.queryByRole('button', { name: 'Sign out' }),
  /** Presses a button of the page, by its name. */
  press: (name: string) => act(() => page.getByRole('button', { name }).click()),
});

/** What the user sees, when one page is on screen. */
export const view = viewOf(screen);

/** Waits until the badge shows `status`. */
export const waitForStatus = (status: string) => waitFor(() => expect(view.status()).toBe(status));

/** Fills the login form (labels `Email`, `Password`) and presses `Sign in`, as a user does. */
export async function signIn(user: { email: string; password: string }, userEvent: UserEvent) {
  await userEvent.type(screen.getByLabelText('Email'), user.email);
  await userEvent.type(screen.getByLabelText('Password'), user.password);
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

/** Lets responses, timers and renders settle for `ms`. */
export const pause = (ms = 10) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));

// The actors that run for the page's whole life; any other child is a request or a lock.
const LIFELONG = new Set(['tabChannel', 'pageEvents']);

/** Requests (and lock waits) the actor is running now, by actor name. */
export const runningRequests = (actor: SessionActorRef): string[] =>
  Object.entries(actor.getSnapshot().children)
    .map(([id, child]) => (typeof child?.src === 'string' ? child.src : id))
    .filter((name) => !LIFELONG.has(name));

/**
 * Waits until the page is at rest: no request or retry pending (nor a backoff before one), no
 * navigation under way, (given the page's counting fetch) no request in flight, and React caught
 * up: the badge shows the actor's status, and after one more flush of renders and effects (where a
 * guard may start a redirect) all of that still holds.
 */
export async function settled(app: SessionApp, stats?: { inFlight: number }, timeout = 3000) {
  const check = () => {
    const snapshot = app.actor.getSnapshot();
    expect(runningRequests(app.actor)).toEqual([]);
    // A retry waiting out its backoff is not at rest either.
    expect(Object.keys(app.actor.system.getSnapshot()._scheduledEvents)).toEqual([]);
    expect(snapshot.matches({ nav: 'idle' })).toBe(true);
    if (stats) expect(stats.inFlight).toBe(0);
    expect(app.view.status()).toBe(selectStatus(snapshot));
  };
  const until = Date.now() + timeout;
  for (;;) {
    await waitFor(check, { timeout: Math.max(50, until - Date.now()) });
    await act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
    }
  }
}
