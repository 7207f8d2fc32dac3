import { delay, http, type RequestHandler } from 'msw';
import type { DemoAccount } from '../../mocks/accounts.ts';
import { createMockBackend, type MockBackend } from '../../mocks/createMockBackend.ts';
import type { SeededSession } from '../../mocks/core/createMockCore.ts';
import { apiRoutes } from '../../mocks/handlers/apiRoutes.ts';
import type { ScenarioName } from '../../mocks/mockApiTypes.ts';
import { ExperiencePlaneClient } from '../client/ExperiencePlaneClient.ts';
import { createSessionActor, type SessionActorOptions } from '../core/createSessionActor.ts';
import type { SessionActorRef, SessionSnapshot } from '../core/sessionMachine.ts';
import { createSessionStore } from '../core/storage.ts';
import { createNavigationHold, type HeldNavigation, type NavigationHold } from './navigationHold.ts';
import type { StorySessionState, StorySetup } from './sessionParameters.ts';
import { fetchOfStory, forgetStory, routeStory } from './storyNetwork.ts';

/** What a story's play function gets from `sessionOf(context)`. */
export interface StorySession {
  /** The session actor of this page load (started; the story's providers use it). */
  readonly actor: SessionActorRef;
  /** The story's own mock backend, in memory: its state, scenario, clock and request log. */
  readonly backend: MockBackend;
  /** The state the story was put in (`null`: a plain page load). */
  readonly state: StorySessionState | null;
  /** The scenario selected once the story rendered (the story's, or the toolbar's). */
  readonly scenario: ScenarioName;
  /** The demo account of the story (`parameters.session.user`, or the state's default). */
  readonly user: DemoAccount | null;
  /** The session the tab held before the page loaded, if the story gave it one. */
  readonly seeded: SeededSession | null;
  /** Where the story's router started. */
  readonly path: string;
  /** With state `redirecting`: the navigations held back so far, oldest first. */
  readonly heldNavigations: readonly HeldNavigation[];
  /** Delivers the held navigations to the router, lets the machine leave `redirecting`, and stops holding. */
  releaseNavigations(): void;
}

/** A story's session as the loader, the decorator and the next load see it. */
export interface StoryRun extends StorySession {
  /** Unique per load: a new one means a new page load. */
  readonly id: string;
  readonly storyId: string;
  readonly viewMode: string;
  /** Set with state `redirecting`. */
  readonly navigation: NavigationHold | null;
  /** Ends the page load: stops the actor and the story's handlers. */
  stop(): void;
}

// `setTimeout`'s longest delay: a request held on purpose is never given up.
const LONGEST_TIMER_MS = 2_147_483_647;

const neverAnswered = {
  createAnonymous: http.post(apiRoutes.createAnonymous, () => delay('infinite')),
  session: http.get(apiRoutes.session, () => delay('infinite')),
  login: http.post(apiRoutes.login, () => delay('infinite')),
};

/** The handlers that keep a state from moving on, in front of everything else. */
const holdsOf = (state: StorySessionState | null): RequestHandler[] => {
  if (state === 'loading') return [neverAnswered.createAnonymous, neverAnswered.session];
  if (state === 'upgrading') return [neverAnswered.login];
  return [];
};

/** What the session machine is in when a story's state is reached. */
const reached: Record<StorySessionState, (snapshot: SessionSnapshot, user: DemoAccount | null) => boolean> = {
  loading: (s) => s.matches({ session: { none: 'loading' } }),
  failed: (s) => s.matches({ session: { none: 'failed' } }),
  anonymous: (s) => s.matches({ session: 'anonymous' }),
  upgrading: (s) => s.matches({ session: 'upgrading' }),
  authenticated: (s) => s.matches({ session: 'authenticated' }),
  redirecting: (s, user) => s.matches({ session: user ? 'authenticated' : 'anonymous' }),
};

const describeState = (snapshot: SessionSnapshot) => {
  const error = snapshot.context.error ?? snapshot.context.authError;
  return `${JSON.stringify(snapshot.value.session)}${error ? ` (${error.code}: ${error.message})` : ''}`;
};

/**
 * Resolves once the session is in `state`, or once the actor is stopped (a newer load replaced
 * this one, and Storybook drops its render); rejects when the session cannot get there (the load
 * failed, the login was refused) or has not within `timeoutMs`.
 */
function reach(actor: SessionActorRef, state: StorySessionState, user: DemoAccount | null, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (actor.getSnapshot().status === 'stopped') return resolve();
    const succeed = () => {
      finish();
      resolve();
    };
    const fail = (why: string) => {
      finish();
      reject(new Error(`session-first/storybook: the session did not reach state '${state}': ${why}`));
    };
    const check = (snapshot: SessionSnapshot) => {
      if (reached[state](snapshot, user)) succeed();
      else if (state !== 'failed' && snapshot.matches({ session: { none: 'failed' } })) fail(`the page load failed, ${describeState(snapshot)}`);
      else if (state === 'upgrading' && snapshot.context.authError) fail(`the login failed, ${describeState(snapshot)}`);
    };
    const timer = setTimeout(() => fail(`after ${timeoutMs} ms it is ${describeState(actor.getSnapshot())}`), timeoutMs);
    const subscription = actor.subscribe({ next: check, complete: succeed });
    function finish() {
      clearTimeout(timer);
      subscription.unsubscribe();
    }
    check(actor.getSnapshot());
  });
}

/**
 * How long the loader waits for a state: the few requests that lead there at the story's latency,
 * with room to spare on a busy machine (it takes milliseconds otherwise).
 */
const reachTimeoutMs = (latency: number) => 10_000 + 3 * latency;

let loads = 0;

/**
 * One page load of a story: its own mock backend and handlers, a session store with the
 * session the tab held (if any), and the session actor, started. The scenario applies from the
 * first request, unless the story asks for a state: see {@link putInState}.
 */
export async function startStorySession(setup: StorySetup, story: { storyId: string; viewMode: string }): Promise<StoryRun> {
  const id = String(++loads);
  const { state, user } = setup;
  const backend = createMockBackend({ latency: setup.latency, scenario: state === 'failed' ? 'server-down' : 'default' });
  const storage = createSessionStore(null);
  const seeded = user && state !== 'upgrading' ? await backend.seedSession({ email: user.email }) : null;
  if (seeded) storage.save(seeded);
  if (state === null) await backend.setScenario(setup.scenario);
  routeStory(id, [...holdsOf(state), ...setup.handlers, ...backend.handlers]);

  const navigation = state === 'redirecting' ? createNavigationHold() : null;
  const holdsRequests = state === 'loading' || state === 'upgrading';
  const client = new ExperiencePlaneClient(holdsRequests ? { fetch: fetchOfStory(id), timeout: LONGEST_TIMER_MS } : { fetch: fetchOfStory(id) });
  const input: SessionActorOptions = { client, storage, persistence: setup.persistence, ...setup.machine };
  // Without a hold, navigations go to the story's router: SessionRouter hands it to the actor.
  const actor = navigation
    ? createSessionActor({ ...input, navigate: navigation.navigate }, { clock: navigation.clock })
    : createSessionActor(input);
  return {
    id,
    ...story,
    actor,
    backend,
    state,
    scenario: setup.scenario,
    user,
    seeded,
    path: setup.path,
    navigation,
    heldNavigations: navigation?.held ?? [],
    releaseNavigations: () => navigation?.release(),
    stop() {
      actor.stop();
      forgetStory(id);
    },
  };
}

/**
 * Brings the session of a load to the story's state (none asked: nothing to do), then selects
 * the story's scenario. The state is reached under the default scenario (`failed`: with the
 * backend down), so the scenario cannot keep it from being reached. Stops the load when the state
 * cannot be reached.
 */
export async function putInState(run: StoryRun, setup: StorySetup): Promise<void> {
  const { state, user } = setup;
  if (state === null) return;
  try {
    const timeoutMs = reachTimeoutMs(setup.latency);
    if (state === 'upgrading' && user) {
      await reach(run.actor, 'anonymous', null, timeoutMs);
      run.actor.send({ type: 'user.login', email: user.email, password: user.password });
    }
    await reach(run.actor, state, user, timeoutMs);
    await run.backend.setScenario(setup.scenario);
  } catch (error) {
    run.stop();
    throw error;
  }
}
