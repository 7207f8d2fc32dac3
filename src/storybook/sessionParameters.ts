import type { RequestHandler } from 'msw';
import type { Args } from 'storybook/internal/csf';
import { accounts, type DemoAccount } from '../../mocks/accounts.ts';
import type { ScenarioName } from '../../mocks/mockApiTypes.ts';
import { isScenarioName, scenarios } from '../../mocks/scenarios.ts';
import { MAX_LATENCY_MS } from '../../mocks/settings.ts';
import type { SessionMachineInput } from '../core/sessionMachine.ts';
import type { Persistence } from '../core/storage.ts';

/** The session states a story can start in (SPEC §3), in the order of a session's life. */
export const storySessionStates = ['loading', 'failed', 'anonymous', 'upgrading', 'authenticated', 'redirecting'] as const;

/** A session state a story can start in: see {@link SessionParameters.state}. */
export type StorySessionState = (typeof storySessionStates)[number];

/** What a story asks of its session, as `parameters.session` (project, component or story level). */
export interface SessionParameters {
  /**
   * The state the session is in when the story first renders; the loader gets it there first.
   * - `loading`: the request that restores or creates the session never answers.
   * - `failed`: the backend answered 503 to every try of the page load; it then runs `scenario`,
   *   so `retry()` recovers (under the default scenario).
   * - `anonymous`: a new anonymous session.
   * - `upgrading`: `user` is signing in; the login request never answers.
   * - `authenticated`: the tab held a session of `user` and it was restored.
   * - `redirecting`: anonymous, or `user`'s session when given; every navigation the library asks
   *   for is held, so the story stays on the frame of a redirect under way
   *   (`sessionOf(context).releaseNavigations()` lets them go).
   *
   * `none`, SPEC §3's name for a tab without a session, is taken as `loading`.
   *
   * Without `state` the page loads as it would, under `scenario` from its first request.
   */
  state?: StorySessionState | 'none';
  /**
   * Email of a demo account of the mock (`accounts` of `session-first/mocks`). With `upgrading`
   * it is who signs in; otherwise the tab holds a session of that user from an earlier visit
   * (also without `state`: then `scenario` applies to it, e.g. `expired-session` expires it).
   * Default for `upgrading` and `authenticated`: the first demo account. Not with `anonymous`.
   */
  user?: string;
  /** The mock's scenario once the story renders (default `default`); the toolbar's `Backend scenario` overrides it. */
  scenario?: ScenarioName;
  /** Where the story's router starts: path, search and hash (default `/`). */
  path?: string;
  /** Milliseconds the mock adds to every experience API response (default 0). */
  latency?: number;
  /** The machine's persistence (default `tab`). The story's session store is always a fresh one in memory. */
  persistence?: Persistence;
  /** More MSW handlers, in front of the mock backend's (e.g. your app's own API, or a held endpoint). */
  handlers?: readonly RequestHandler[];
  /** Tries per request on a transient failure (the machine's `attempts`, default 3). */
  attempts?: number;
  /** First backoff delay in ms (the machine's `backoff`, default 300). */
  backoff?: number;
  /** The machine's `staleAfter` in ms (default 60 000). */
  staleAfter?: number;
  /**
   * Session settings that depend on the story's args, merged over the others: lets controls
   * change the session (every change of args is a new page load), e.g.
   * `fromArgs: (args) => ({ state: args.state })` with a `state` arg of {@link storySessionStates}.
   */
  fromArgs?(args: Args): Omit<SessionParameters, 'fromArgs' | 'serviceWorkerUrl'>;
  /**
   * Where `mockServiceWorker.js` is served (default `/mockServiceWorker.js`; `npx msw init public`
   * and `staticDirs: ['../public']`). Read once, when the first story loads: set it for the project.
   */
  serviceWorkerUrl?: string;
}

declare module 'storybook/internal/csf' {
  interface Parameters {
    /** The story's session: see `SessionParameters` of `session-first/storybook`. */
    session?: SessionParameters;
  }
}

/** The set-up of one story's session, checked and with its defaults. */
export interface StorySetup {
  state: StorySessionState | null;
  user: DemoAccount | null;
  scenario: ScenarioName;
  path: string;
  latency: number;
  persistence: Persistence;
  handlers: readonly RequestHandler[];
  /** The machine options the story sets (the others keep the machine's defaults). */
  machine: Partial<Pick<SessionMachineInput, 'attempts' | 'backoff' | 'staleAfter'>>;
  serviceWorkerUrl: string;
}

/** A setting the kit cannot use: the story fails to load with this message. */
class SessionParameterError extends Error {
  override name = 'SessionParameterError';
  /** `subject`: what was set, e.g. `parameters.session.user`. */
  constructor(subject: string, problem: string) {
    super(`session-first/storybook: ${subject} ${problem}`);
  }
}

const parameter = (key: keyof SessionParameters) => `parameters.session.${key}`;

const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

const isStorySessionState = (value: unknown): value is StorySessionState => storySessionStates.some((state) => state === value);

/** States in which the tab holds `user`'s session, and the ones that name a user by default. */
const USER_STATES: readonly StorySessionState[] = ['loading', 'failed', 'upgrading', 'authenticated', 'redirecting'];
const DEFAULT_USER_STATES: readonly StorySessionState[] = ['upgrading', 'authenticated'];

function checkedState(value: unknown): StorySessionState | null {
  if (value === undefined) return null;
  if (value === 'none') return 'loading';
  if (!isStorySessionState(value)) {
    throw new SessionParameterError(parameter('state'), `must be one of ${quoted(storySessionStates)} (or 'none', taken as 'loading'), not ${JSON.stringify(value)}`);
  }
  return value;
}

function checkedUser(value: unknown, state: StorySessionState | null): DemoAccount | null {
  if (value === undefined) return state && DEFAULT_USER_STATES.includes(state) ? (accounts[0] ?? null) : null;
  const account = accounts.find((a) => a.email === value);
  if (!account) throw new SessionParameterError(parameter('user'), `must be the email of a demo account (${quoted(accounts.map((a) => a.email))}), not ${JSON.stringify(value)}`);
  if (state && !USER_STATES.includes(state)) throw new SessionParameterError(parameter('user'), `does not go with state '${state}': an anonymous session has no user`);
  return account;
}

function checkedScenario(value: unknown, subject: string): ScenarioName {
  if (!isScenarioName(value)) throw new SessionParameterError(subject, `must be one of ${quoted(scenarios.map((s) => s.name))}, not ${JSON.stringify(value)}`);
  return value;
}

interface NumberRange {
  min: number;
  max?: number;
  /** `Infinity` is allowed too (as "never"). */
  orInfinity?: boolean;
}

function checkedNumber(key: keyof SessionParameters, value: unknown, { min, max = Number.MAX_SAFE_INTEGER, orInfinity = false }: NumberRange): number | undefined {
  if (value === undefined) return undefined;
  if (orInfinity && value === Number.POSITIVE_INFINITY) return value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    throw new SessionParameterError(parameter(key), `must be a whole number ${range}${orInfinity ? ' (or Infinity)' : ''}, not ${JSON.stringify(value)}`);
  }
  return value;
}

/** The machine options that were given, and only those: an absent one keeps the machine's default. */
function machineOptions(p: SessionParameters): StorySetup['machine'] {
  const machine: StorySetup['machine'] = {};
  const attempts = checkedNumber('attempts', p.attempts, { min: 1 });
  const backoff = checkedNumber('backoff', p.backoff, { min: 0 });
  const staleAfter = checkedNumber('staleAfter', p.staleAfter, { min: 0, orInfinity: true });
  if (attempts !== undefined) machine.attempts = attempts;
  if (backoff !== undefined) machine.backoff = backoff;
  if (staleAfter !== undefined) machine.staleAfter = staleAfter;
  return machine;
}

function checkedPath(value: unknown): string {
  if (value === undefined) return '/';
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) throw new SessionParameterError(parameter('path'), `must be a path of the app starting with one '/', not ${JSON.stringify(value)}`);
  return value;
}

function checkedPersistence(value: unknown): Persistence {
  if (value === undefined) return 'tab';
  if (value !== 'tab' && value !== 'browser') throw new SessionParameterError(parameter('persistence'), `must be 'tab' or 'browser', not ${JSON.stringify(value)}`);
  return value;
}

function checkedHandlers(value: unknown): readonly RequestHandler[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SessionParameterError(parameter('handlers'), 'must be an array of MSW request handlers');
  return value;
}

/**
 * The story's session set-up from `parameters.session`, its args and the toolbar's scenario
 * (`''` or absent: the story's own). Throws a clear error for anything it cannot use.
 */
export function readSessionParameters(parameters: SessionParameters | undefined, args: Args, toolbarScenario: unknown): StorySetup {
  const { fromArgs, ...fixed } = parameters ?? {};
  const p: SessionParameters = { ...fixed, ...fromArgs?.(args) };
  const state = checkedState(p.state);
  const machine = machineOptions(p);
  // The redirect is held at the machine's zero-delay timer; a zero backoff would be held with it.
  if (state === 'redirecting' && machine.backoff === 0) throw new SessionParameterError(parameter('backoff'), "must be at least 1 with state 'redirecting'");
  const chosen = toolbarScenario === undefined || toolbarScenario === '' ? null : checkedScenario(toolbarScenario, 'the toolbar global sessionScenario');
  return {
    state,
    user: checkedUser(p.user, state),
    scenario: chosen ?? (p.scenario === undefined ? 'default' : checkedScenario(p.scenario, parameter('scenario'))),
    path: checkedPath(p.path),
    latency: checkedNumber('latency', p.latency, { min: 0, max: MAX_LATENCY_MS }) ?? 0,
    persistence: checkedPersistence(p.persistence),
    handlers: checkedHandlers(p.handlers),
    machine,
    serviceWorkerUrl: typeof fixed.serviceWorkerUrl === 'string' ? fixed.serviceWorkerUrl : '/mockServiceWorker.js',
  };
}
