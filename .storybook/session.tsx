/**
 * The session side of every story: the mock backend reset, a fresh client and tab storage, a
 * session actor started on the story's first render, and a React Router around the story.
 *
 * Per story, `parameters.session` (see {@link SessionParameters}) picks the backend scenario,
 * a pre-seeded session, the starting route and so on. The toolbar's `Backend scenario` global
 * overrides the story's scenario when it is set to anything but "Story default".
 */
import type { Decorator, Loader, Preview } from '@storybook/react-vite';
import { useLocation, useNavigate, MemoryRouter } from 'react-router';
import type { ReactNode } from 'react';
import { createActor } from 'xstate';
import {
  createSessionActor,
  createSessionStore,
  ExperiencePlaneClient,
  sessionMachine,
  type Navigate,
  type SessionActorRef,
  type SessionStore,
  type StoredSession,
} from '../src/index.ts';
import { AuthProvider, PlatformStateProvider } from '../src/react/index.ts';
import { createMockBackend, isScenarioName, type ScenarioName } from '../mocks/index.ts';

/**
 * The stories' mock backend, in memory: each story file runs in its own page, so parallel test
 * files never share it. The worker of preview.tsx serves it; every run resets it first.
 */
export const storyBackend = createMockBackend();

/** What a story can ask of its session, as `parameters.session`. */
export interface SessionParameters {
  /** The backend scenario while the story runs (default `default`); the toolbar overrides it. */
  scenario?: ScenarioName;
  /**
   * A session already in the tab's storage when the story loads, as after a reload:
   * `'anonymous'`, or the email of a demo account for a session already upgraded to that user.
   * It exists in the mock before the scenario is selected, so `expired-session` expires it.
   */
  seed?: 'anonymous' | string;
  /** The route the story starts on (default `/`). */
  path?: string;
  /** Milliseconds added to every mock response (default 0). */
  latency?: number;
  /** Machine options (stories default to 3 tries with a 100 ms backoff). */
  attempts?: number;
  backoff?: number;
  /** Client timeout in ms (default 10 000). */
  timeout?: number;
  /**
   * Freezes navigations the machine starts: the router is not moved and the machine stays in
   * `nav: 'redirecting'`, so the "redirecting" frame can be looked at. `release()` lets them go.
   */
  holdRedirect?: boolean;
  /** Shows the router's current location above the story (an address bar for MemoryRouter). */
  addressBar?: boolean;
  /** A login sent as the page loads, before the session exists (it is queued: R4). */
  login?: { email: string; password: string };
}

declare module 'storybook/internal/csf' {
  interface Parameters {
    /** The story's session set-up: see `.storybook/session.tsx`. */
    session?: SessionParameters;
  }
}

/** What the loader hands to the decorator and to play functions, as `loaded.session`. */
export interface StorySession {
  /** Counts renders: a new run means a new page load (new client, storage and actor). */
  run: number;
  path: string;
  /** The scenario in effect for this run (story parameter or toolbar). */
  scenario: ScenarioName;
  /** The session put into storage before the load, if the story asked for one. */
  seeded: StoredSession | null;
  /** The tab storage of this run. */
  storage: SessionStore;
  /** The session actor of this run, created and started on first call. */
  actor(): SessionActorRef;
  /** Navigations held back by `holdRedirect`, oldest first. */
  held: Array<{ to: string; replace: boolean }>;
  /** Delivers the held navigations and lets the machine leave `redirecting`. */
  release(): void;
}

let run = 0;
let previous: StorySession | null = null;
const actors = new WeakMap<StorySession, SessionActorRef>();
// The router's navigate for each run, set by the bridge while rendering.
const navigators = new WeakMap<StorySession, Navigate>();

/** Puts a session into the mock, as if the tab had one from an earlier visit. */
async function seedSession(seed: SessionParameters['seed']): Promise<StoredSession | null> {
  if (!seed) return null;
  return storyBackend.seedSession(seed == 'anonymous' ? {} : { email: seed });
}

/**
 * Runs before every render of a story (first render, toolbar change, remount): stops the last
 * run's actor, resets the mock backend, seeds, selects the scenario and prepares a new page load.
 */
export const sessionLoader: Loader = async ({ parameters, globals }) => {
  if (previous) actors.get(previous)?.stop();
  const p = (parameters.session ?? {}) as SessionParameters;
  await storyBackend.reset();
  if (p.latency) await storyBackend.setLatency(p.latency);
  const storage = createSessionStore(null);
  const seeded = await seedSession(p.seed);
  if (seeded) storage.save(seeded);
  const chosen: unknown = globals.scenario;
  const scenario: ScenarioName = isScenarioName(chosen) ? chosen : (p.scenario ?? 'default');
  await storyBackend.setScenario(scenario);

  // Timers of delay 0 are the machine leaving `nav: 'redirecting'`; held ones wait for release().
  const timers = new Map<symbol, () => void>();
  const clock = {
    setTimeout: (fn: (...args: unknown[]) => void, ms: number): unknown => {
      if (ms !== 0 || !p.holdRedirect) return setTimeout(fn, ms);
      const id = Symbol('held');
      timers.set(id, fn);
      return id;
    },
    clearTimeout: (id: unknown) => {
      if (typeof id == 'symbol') timers.delete(id);
      else clearTimeout(id as ReturnType<typeof setTimeout>);
    },
  };

  const session: StorySession = {
    run: ++run,
    path: p.path ?? '/',
    scenario,
    seeded,
    storage,
    held: [],
    actor() {
      let actor = actors.get(session);
      if (!actor) {
        const input = {
          client: new ExperiencePlaneClient({ timeout: p.timeout ?? 10_000 }),
          storage,
          attempts: p.attempts ?? 3,
          backoff: p.backoff ?? 100,
        };
        const navigate: Navigate = (to, o) => {
          if (p.holdRedirect) session.held.push({ to, replace: o.replace });
          else navigators.get(session)?.(to, o);
        };
        actor = p.holdRedirect
          ? createActor(sessionMachine.provide({ actions: { navigate: (_, { to }) => navigate(to, { replace: true }) } }), {
              input,
              clock,
            }).start()
          : createSessionActor({ ...input, navigate });
        actors.set(session, actor);
      }
      return actor;
    },
    release() {
      const go = navigators.get(session);
      for (const { to, replace } of session.held.splice(0)) go?.(to, { replace });
      const due = [...timers.values()];
      timers.clear();
      for (const fn of due) fn();
    },
  };
  previous = session;
  return { session };
};

/** Runs after the loaders, before the first render: starts a login the story asked for. */
export const sessionBeforeEach: NonNullable<Preview['beforeEach']> = ({ loaded, parameters }) => {
  const session = loaded.session as StorySession | undefined;
  const login = (parameters.session as SessionParameters | undefined)?.login;
  if (session && login) session.actor().send({ type: 'user.login', ...login });
};

/** The run of the story being played, for play functions: `sessionOf(context).actor()`. */
export const sessionOf = (context: { loaded: Record<string, unknown> }): StorySession => {
  const session = context.loaded.session as StorySession | undefined;
  if (!session) throw new Error('No story session: is .storybook/preview.tsx loaded?');
  return session;
};

function SessionBridge({ session, children }: { session: StorySession; children: ReactNode }) {
  const navigate = useNavigate();
  const l = useLocation();
  navigators.set(session, (to, o) => void navigate(to, o));
  return (
    <PlatformStateProvider actor={session.actor()} location={l.pathname + l.search + l.hash}>
      <AuthProvider>{children}</AuthProvider>
    </PlatformStateProvider>
  );
}

function AddressBar() {
  const l = useLocation();
  return (
    <input
      aria-label="Location"
      readOnly
      value={l.pathname + l.search + l.hash}
      style={{
        display: 'block',
        boxSizing: 'border-box',
        width: '100%',
        font: '13px ui-monospace, monospace',
        padding: '6px 12px',
        margin: '0 0 16px',
        border: '1px solid #ccd',
        borderRadius: 16,
        background: '#f6f7fb',
        color: '#333',
      }}
    />
  );
}

/** Wraps every story in a router and the session providers of its run. */
export const withSession: Decorator = (Story, { loaded, parameters }) => {
  const session = loaded.session as StorySession | undefined;
  if (!session) return <Story />;
  const p = (parameters.session ?? {}) as SessionParameters;
  return (
    // A new run remounts everything: a new page load under the scenario now selected.
    <MemoryRouter key={session.run} initialEntries={[session.path]}>
      <SessionBridge session={session}>
        {p.addressBar && <AddressBar />}
        <Story />
      </SessionBridge>
    </MemoryRouter>
  );
};
