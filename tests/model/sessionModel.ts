/**
 * The session machine as a test model for `xstate/graph`, derived from its own definition so it
 * cannot drift: the same state nodes, transitions, guards and actions, with what happens outside
 * the machine turned into events.
 *
 * - Every invocation becomes its `xstate.done.actor.*` / `xstate.error.actor.*` events, carrying
 *   what the client resolves or rejects with for one way the backend answers (see {@link answersTo}).
 * - Every delay becomes its `xstate.after.*` event: time passes.
 * - The page around the machine: the lock of 'tab' persistence is granted at once, the router
 *   reports where a navigation landed (`nav.location`), and the guards of the page (two
 *   `RequireAuth` on `/dashboard`, `RedirectIfAuthenticated` on `/login`) ask for their redirects.
 * - Storage and the other tabs are values in the context (`saved`, `announced`).
 * - The clock of the day does not count: model and app run with `staleAfter: 0` (every move,
 *   visible tab or return online finds the session stale), and the app's own 401 comes from a
 *   request sent after the last confirmation.
 *
 * Also here: the totals of state nodes and transitions, counted from the machine definition;
 * a stable name for every transition, the same in the machine, the model and a `.provide()`d
 * copy; and the planner, which picks paths through the model that together take every
 * transition and enter every state node.
 */
import {
  createActor,
  createEmptyActor,
  createMachine,
  enqueueActions,
  setup,
  stateIn,
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  type AnyTransitionDefinition,
  type InspectionEvent,
} from 'xstate';
import { createTestModel } from 'xstate/graph';
import type { TabMessage } from '../../src/core/tabChannel.ts';
import { messageFor } from '../../src/core/errors.ts';
import {
  ApiError,
  sessionMachine,
  type HttpErrorCode,
  type LoginResponse,
  type Operation,
  type Session,
  type SessionContext,
  type SessionEvent,
  type SessionWithToken,
  type StoredSession,
} from '../../src/index.ts';

// ---------------------------------------------------------------------------------------------
// State nodes and transitions, counted from the machine definition

/** Every state node below the root, depth first. */
export function stateNodesOf(machine: AnyStateMachine): AnyStateNode[] {
  const below = (node: AnyStateNode): AnyStateNode[] =>
    Object.values(node.states as Record<string, AnyStateNode>).flatMap((child) => [child, ...below(child)]);
  return below(machine.root);
}

/** A state node's name: its path from the root (`session.none.loading.restoring`). */
export const stateName = (node: AnyStateNode): string => (node.path.length ? node.path.join('.') : '(root)');

/** The `src` of every invocation of the session machine, by its id. */
const invokedActors = new Map(
  [sessionMachine.root, ...stateNodesOf(sessionMachine)].flatMap((node) => node.invoke.map((invoke) => [invoke.id, String(invoke.src)] as const)),
);

/** A readable event descriptor: invocation results by their actor, delays by their name. */
function eventName(eventType: string): string {
  if (eventType === '') return 'always';
  const result = /^xstate\.(done|error)\.actor\.(.+)$/.exec(eventType);
  if (result) return `${result[1]}(${invokedActors.get(result[2]!) ?? result[2]})`;
  const delay = /^xstate\.after\.([^.]+)\./.exec(eventType);
  return delay ? `after(${delay[1]})` : eventType;
}

/**
 * A stable name of a transition definition: its source, its event, its position among the
 * candidates for that event (guarded branches are separate transitions), its guard and targets.
 * The same for the machine, the model and `.provide()`d copies.
 */
export function transitionName(transition: AnyTransitionDefinition): string {
  const source = transition.source;
  const candidates = transition.eventType === '' ? source.always ?? [] : source.transitions.get(transition.eventType) ?? [];
  const guard = transition.guard as { type?: unknown } | string | undefined;
  const guardName = guard === undefined ? '' : `[${typeof guard === 'string' ? guard : String(guard.type ?? 'inline')}]`;
  const targets = transition.target?.length ? transition.target.map(stateName).join(', ') : '(stays)';
  const reenter = transition.reenter ? ' (reenter)' : '';
  return `${stateName(source)} ${eventName(transition.eventType)}#${candidates.indexOf(transition)}${guardName} → ${targets}${reenter}`;
}

/** Every transition definition of a machine, by name: `on`, invocation done/error, delays and `always`. */
export function transitionsOf(machine: AnyStateMachine): string[] {
  return [machine.root, ...stateNodesOf(machine)].flatMap((node) => [
    ...[...node.transitions.values()].flat().map(transitionName),
    ...(node.always ?? []).map(transitionName),
  ]);
}

/** Records the transitions an actor takes and the state nodes it enters, from its inspection events. */
export function coverageRecorder() {
  const transitions = new Set<string>();
  const states = new Set<string>();
  const observe = (event: InspectionEvent) => {
    if (event.type !== '@xstate.microstep') return;
    const microstep = event as InspectionEvent & { _transitions: AnyTransitionDefinition[]; snapshot: AnyMachineSnapshot };
    for (const transition of microstep._transitions) transitions.add(transitionName(transition));
    for (const node of activeNodes(microstep.snapshot)) if (node.parent) states.add(stateName(node));
  };
  return { transitions, states, observe };
}

/** The state nodes a snapshot is in. */
export const activeNodes = (snapshot: AnyMachineSnapshot): AnyStateNode[] => (snapshot as unknown as { _nodes: AnyStateNode[] })._nodes;

// ---------------------------------------------------------------------------------------------
// The page around the machine

const pathnameOf = (path: string) => path.split(/[?#]/)[0];
const isProtected = (path: string) => pathnameOf(path) === '/dashboard';
const isLoginPage = (path: string) => pathnameOf(path) === '/login';

/** How many `RequireAuth` the protected page has (the harness puts one there, the model runner adds the rest). */
export const GUARDS_PER_PROTECTED_PAGE = 2;

/**
 * The redirects the page's guards ask for on `path` when the status is `status`: every
 * `RequireAuth` of a protected page sends an anonymous visitor to the login page with `returnTo`;
 * `RedirectIfAuthenticated` sends a signed-in user from the login page on to its `returnTo`.
 */
function guardRedirects(path: string | null, status: 'anonymous' | 'authenticated'): SessionEvent[] {
  if (path !== null && status === 'anonymous' && isProtected(path)) {
    return Array.from({ length: GUARDS_PER_PROTECTED_PAGE }, () => ({ type: 'nav.redirect', to: `/login?returnTo=${encodeURIComponent(path)}` }));
  }
  if (path !== null && status === 'authenticated' && isLoginPage(path)) {
    return [{ type: 'nav.redirect', to: new URLSearchParams(path.split('?')[1] ?? '').get('returnTo') ?? '/' }];
  }
  return [];
}

/** The links the user may follow, by name. */
export const links = { Home: '/', About: '/about', Dashboard: '/dashboard' } as const;
type LinkName = keyof typeof links;
/** The kind of page a path is: the model tells pages apart only as far as the app treats them differently. */
const pageKind = (path: string | null) => (path === null ? null : isProtected(path) ? 'protected' : isLoginPage(path) ? 'login' : 'public');

// ---------------------------------------------------------------------------------------------
// The derived machine

/** The model's context: the machine's, plus what the tab's storage holds and how often another tab spoke. */
export interface ModelContext extends SessionContext {
  saved: StoredSession | null;
  heard: number;
}

type Config = { [key: string]: unknown };
const listOf = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
/** Adds actions to every transition of a handler (a target, a transition, or a list of them). */
const withActions = (handler: unknown, actions: string[]) =>
  listOf(handler).map((t) => {
    const transition: Config = typeof t === 'string' ? { target: t } : (t as Config);
    return { ...transition, actions: [...listOf(transition.actions), ...actions] };
  });

/** The state node's config with invocations and delays turned into events, and the page's reactions added. */
function derive(node: AnyStateNode): Config {
  const { invoke: _invoke, after, on, states, entry, ...rest } = node.config as Config & { after?: Config; on?: Config; states?: Config };
  const handlers: Config = { ...on };
  for (const invoke of node.invoke) {
    if (invoke.onDone) handlers[`xstate.done.actor.${invoke.id}`] = invoke.onDone;
    if (invoke.onError) handlers[`xstate.error.actor.${invoke.id}`] = invoke.onError;
  }
  for (const [delay, handler] of Object.entries(after ?? {})) handlers[`xstate.after.${delay}.${node.id}`] = handler;
  const added: string[] = [];
  // The tab lock of 'tab' persistence is granted at once.
  if (node.invoke.some((invoke) => invoke.src === 'tabLock')) added.push('model.grantLock');
  // The page's guards react when the status becomes anonymous or authenticated, and when the app moves.
  if (node.parent?.key === 'session' && node.key === 'anonymous') added.push('model.guardsWhenAnonymous');
  if (node.parent?.key === 'session' && node.key === 'authenticated') added.push('model.guardsWhenAuthenticated');
  if (!node.parent) handlers['nav.location'] = withActions(handlers['nav.location'], ['model.guardsOnMove']);
  if (handlers['tab.message']) handlers['tab.message'] = withActions(handlers['tab.message'], ['model.countTabMessage']);
  const derived: Config = { ...rest, on: handlers, entry: [...listOf(entry), ...added] };
  if (states) derived.states = Object.fromEntries(Object.values(node.states as Record<string, AnyStateNode>).map((child) => [child.key, derive(child)]));
  return derived;
}

const realContext = sessionMachine.config.context as (args: { input: unknown }) => SessionContext;
const modelSetup = setup({ types: {} as { context: ModelContext; events: SessionEvent } });

/** Tries per request on a transient failure, in the model and in the app its paths run against. */
export const ATTEMPTS = 2;

/** What the model starts with: what the tab's storage holds. */
interface ModelInput {
  saved: StoredSession | null;
}

/**
 * The session machine as a test model: same states, transitions, guards and actions; invocation
 * results and timers arrive as events; storage and the other tabs are values; the page reacts.
 */
export const modelMachine = createMachine({
  ...derive(sessionMachine.root),
  context: ({ input }: { input: ModelInput }): ModelContext => ({
    ...realContext({
      input: { client: null, storage: { load: () => null, save: () => {} }, attempts: ATTEMPTS, backoff: 1, staleAfter: 0 },
    }),
    saved: input.saved,
    heard: 0,
  }),
} as never).provide({
  ...sessionMachine.implementations,
  actions: {
    ...sessionMachine.implementations.actions,
    // Storage is the context's `saved`; telling the other tabs is remembering what they were told.
    // As the machine's own: a forgotten session stays in storage another tab changed meanwhile.
    persist: modelSetup.assign({
      saved: ({ context }) => (context.stored || context.saved?.session_token === context.announced?.session_token ? context.stored : context.saved),
    }),
    readStorage: modelSetup.assign(({ context }) => ({ stored: context.saved, announced: context.announced ?? context.saved })),
    announceChange: modelSetup.assign({ announced: ({ context }) => context.stored }),
    'model.countTabMessage': modelSetup.assign({ heard: ({ context }) => context.heard + 1 }),
    // The router moves, and the provider reports where it is now (it reports changes only).
    navigate: enqueueActions<ModelContext, SessionEvent, { to: string }, SessionEvent>(({ context, enqueue }, { to }) => {
      if (to !== context.path) enqueue.raise({ type: 'nav.location', path: to });
    }),
    'model.grantLock': modelSetup.raise({ type: 'lock.acquired' }),
    'model.guardsWhenAnonymous': modelSetup.enqueueActions(({ context, enqueue }) => {
      for (const redirect of guardRedirects(context.path, 'anonymous')) enqueue.raise(redirect);
    }),
    'model.guardsWhenAuthenticated': modelSetup.enqueueActions(({ context, enqueue }) => {
      for (const redirect of guardRedirects(context.path, 'authenticated')) enqueue.raise(redirect);
    }),
    // (An entry action cannot ask for the state it enters, hence the two above; `stateIn`'s guard
    // type does not name this setup's guards, and needs none of them.)
    'model.guardsOnMove': modelSetup.enqueueActions(({ context, enqueue, check }) => {
      for (const status of ['anonymous', 'authenticated'] as const) {
        if (!check(stateIn({ session: status }) as never)) continue;
        for (const redirect of guardRedirects(context.path, status)) enqueue.raise(redirect);
      }
    }),
  },
} as never) as unknown as AnyStateMachine;

// ---------------------------------------------------------------------------------------------
// What the model tells apart

const sameSession = (a: StoredSession | null, b: StoredSession | null) =>
  a === b || (!!a && !!b && a.session_id === b.session_id && a.session_token === b.session_token);
const relation = (value: StoredSession | null, held: StoredSession | null) => (value === null ? 'none' : sameSession(value, held) ? 'held' : 'other');

/** What another tab's message says happened to the session this tab holds. */
export type TabNews = 'signedIn' | 'signedOut' | 'lost';
const newsOf = (message: TabMessage): TabNews =>
  message.next === null ? 'lost' : message.next.session.session_id === message.previous.session_id ? 'signedIn' : 'signedOut';

/** Context fields that are the machine's configuration or values no test can predict (time, random keys). */
const UNDESCRIBED = ['client', 'storage', 'persistence', 'staleAfter', 'attempts', 'backoff', 'confirmedAt'] as const;

/**
 * What the model and the real actor must agree on after every step: the state value and every
 * context field, ids and tokens as relations (the held session, storage, the other tabs, the inbox),
 * errors by code, the rest as they are. `saved` is what the tab's storage holds.
 */
export function describeState(snapshot: AnyMachineSnapshot, saved: StoredSession | null): string {
  const c = snapshot.context as SessionContext;
  const session = c.session === null ? null : c.session.session_id !== c.stored?.session_id ? 'not the stored one' : c.session.user_id ? 'user' : 'anonymous';
  const described: { [K in Exclude<keyof SessionContext, (typeof UNDESCRIBED)[number]>]: unknown } = {
    stored: c.stored !== null,
    session,
    error: c.error?.code ?? null,
    authError: c.authError?.code ?? null,
    pendingLogin: c.pendingLogin !== null,
    pendingLogout: c.pendingLogout,
    credentials: c.credentials !== null,
    grant: c.grant !== null,
    createKey: c.createKey !== null,
    upgradeKey: c.upgradeKey !== null,
    attempt: c.attempt,
    replaced: c.replaced,
    announced: relation(c.announced, c.stored),
    inbox: c.inbox && newsOf(c.inbox),
    path: c.path,
    target: c.target,
  };
  return JSON.stringify({ value: snapshot.value, storage: relation(saved, c.stored), ...described });
}
/** The description of a model snapshot (its storage is in its context). */
export const describeModel = (snapshot: AnyMachineSnapshot) => describeState(snapshot, (snapshot.context as ModelContext).saved);

/**
 * The state of the model as the traversal tells states apart: only what decides what can happen
 * next and where it leads (errors, keys and what the other tabs were told do not), so the graph
 * stays small. Snapshots with the same key have the same futures; replaying a path checks it.
 */
function modelStateKey(snapshot: AnyMachineSnapshot): string {
  const c = snapshot.context as ModelContext;
  const session = c.session === null ? null : c.session.user_id ? 'user' : 'anonymous';
  const nodes = activeNodes(snapshot);
  return JSON.stringify([
    snapshot.value,
    c.stored !== null,
    session,
    relation(c.saved, c.stored),
    c.pendingLogin !== null,
    c.pendingLogout,
    // Tries count inside a workflow that retries; the flag of a replaced session inside a login.
    nodes.some((node) => RETRYING.has(node.id)) ? c.attempt : null,
    snapshot.matches({ session: 'upgrading' }) ? c.replaced : null,
    c.inbox && newsOf(c.inbox),
    pageKind(c.path),
    c.target !== null,
    c.heard,
  ]);
}

/** The workflows that retry with backoff: the state nodes whose child waits for the `backoff` delay. */
const RETRYING = new Set(
  stateNodesOf(sessionMachine)
    .filter((node) => Object.values(node.states as Record<string, AnyStateNode>).some((child) => child.after.some((t) => t.eventType.startsWith('xstate.after.backoff.'))))
    .map((node) => node.id),
);

// ---------------------------------------------------------------------------------------------
// Events: what the user, the page, the other tabs, the backend and time do

/** What the test does to make an event happen in the real app. */
export type Cause =
  | { by: 'user'; press: 'Log in as Ada' | 'Log out' | 'Retry' | 'Refresh session' | 'Call the app API' }
  | { by: 'user'; follow: LinkName }
  | { by: 'page'; becomes: 'visible' | 'online' | 'hidden' }
  | { by: 'tab'; news: TabNews }
  | { by: 'backend'; endpoint: Endpoint; reply: Reply }
  | { by: 'clock'; delay: string };

/** The experience API's endpoints, as the invoked actors call them. */
export type Endpoint = 'create' | 'get' | 'upgrade' | 'logout' | 'login';
/** How the backend answers a request: as the mock does (`'pass'`), or with an error status. */
export type Reply = 'pass' | 401 | 404 | 409 | 503;

/** A model event: a machine event, a stable name for what happens (`kind`) and its cause. */
export type ModelEvent = { type: string; kind: string; cause: Cause } & Record<string, unknown>;

/** The endpoint each invoked actor calls. */
export const endpointOfActor: Record<string, Endpoint> = {
  fetchSession: 'get',
  createSession: 'create',
  logIn: 'login',
  upgradeSession: 'upgrade',
  endSession: 'logout',
};

// The model's sessions: ids and tokens are names; the executor maps them onto the real ones.
let serial = 0;
const nextName = (prefix: string) => `${prefix}_${++serial}`;
const MODEL_USER = { user_id: 'usr_model', tenant_id: 'model' };
const TIME = '2026-01-01T00:00:00.000Z';
const sessionNamed = (session_id: string, signedIn: boolean): Session => ({
  session_id,
  user_id: signedIn ? MODEL_USER.user_id : null,
  tenant_id: signedIn ? MODEL_USER.tenant_id : null,
  created_at: TIME,
  expires_at: TIME,
  upgraded_at: signedIn ? TIME : null,
  metadata: {},
});
const newSession = (): SessionWithToken => ({ session: sessionNamed(nextName('ses'), false), session_token: nextName('tok') });

/** The sessions a tab may hold when the page loads. */
export type StartKind = 'empty' | 'anonymous' | 'authenticated';
const startKinds: StartKind[] = ['empty', 'anonymous', 'authenticated'];
const startDescriptions: Record<StartKind, string> = {
  empty: 'an empty tab',
  anonymous: 'a tab holding an anonymous session',
  authenticated: 'a tab holding a signed-in session',
};
/** A path for people: where it starts and what happens, step by step. */
export const pathTitle = (kind: StartKind, kinds: string[]) => `from ${startDescriptions[kind]}: ${kinds.join(' → ')}`;
export const START_SESSION = { anonymous: { session_id: 'ses_start', session_token: 'tok_start' }, authenticated: { session_id: 'ses_start_user', session_token: 'tok_start_user' } };

/** Whether the server has the stored session bound to the user. */
function signedInOnServer(c: ModelContext): boolean {
  if (c.session && c.session.session_id === c.stored?.session_id) return c.session.user_id !== null;
  return c.stored?.session_id === START_SESSION.authenticated.session_id;
}

const apiError = (status: number, code: HttpErrorCode, operation: Operation = 'session') => new ApiError({ code, status, message: messageFor(code, operation) });
const errorOf: Record<Exclude<Reply, 'pass'>, (operation: Operation) => ApiError> = {
  401: (operation) => apiError(401, 'unauthorized', operation),
  404: () => apiError(404, 'not_found'),
  409: () => apiError(409, 'conflict'),
  503: () => apiError(503, 'server'),
};

/** One way the backend answers an invoked actor, and what the actor then settles with. */
interface Answer {
  reply: Reply;
  settles: { output: unknown } | { error: ApiError };
}

/**
 * The ways the backend may answer each invoked actor, one per distinct effect on the machine
 * (the fault matrix and the property tests vary the rest). A request that carries a token another
 * tab has rotated away or ended gets what the mock then answers: 401 or 404.
 */
function answersTo(src: string, c: ModelContext): Answer[] {
  const fails = (...replies: Exclude<Reply, 'pass'>[]): Answer[] =>
    replies.map((reply) => ({ reply, settles: { error: errorOf[reply](src === 'logIn' ? 'login' : 'session') } }));
  const stored = c.stored;
  const usesToken = src === 'fetchSession' || src === 'upgradeSession' || src === 'endSession';
  if (usesToken && c.inbox) {
    const gone = newsOf(c.inbox) === 'signedIn' ? errorOf[401]('session') : errorOf[404]('session');
    return [{ reply: 'pass', settles: { error: gone } }, ...fails(503)];
  }
  switch (src) {
    case 'fetchSession':
      return [{ reply: 'pass', settles: { output: sessionNamed(stored!.session_id, signedInOnServer(c)) } }, ...fails(503, 404, 401)];
    case 'createSession':
      return [{ reply: 'pass', settles: { output: newSession() } }, ...fails(503)];
    case 'logIn': {
      const grant: LoginResponse = { access_token: 'acc_model', token_type: 'bearer', expires_in: 3600, ...MODEL_USER };
      return [{ reply: 'pass', settles: { output: grant } }, ...fails(401)];
    }
    case 'upgradeSession': {
      const upgraded: SessionWithToken = { session: sessionNamed(stored!.session_id, true), session_token: nextName('tok') };
      return [{ reply: 'pass', settles: { output: upgraded } }, ...fails(503, 401, 404, 409)];
    }
    case 'endSession':
      return [{ reply: 'pass', settles: { output: undefined } }, ...fails(503, 401)];
    default:
      throw new Error(`The model does not know how the backend answers the actor "${src}": add it to answersTo()`);
  }
}

/** What another tab posts when it signs in, signs out, or finds the session gone and cannot create one. */
function tabMessage(news: TabNews, stored: StoredSession): TabMessage {
  const previous = { ...stored };
  if (news === 'signedIn') return { previous, next: { session: sessionNamed(previous.session_id, true), session_token: nextName('tok') }, expired: false };
  if (news === 'signedOut') return { previous, next: newSession(), expired: false };
  return { previous, next: null, expired: true };
}

const tabNews: Record<TabNews, string> = {
  signedIn: 'another tab signs in',
  signedOut: 'another tab signs out',
  lost: 'another tab finds the session gone',
};

/** Every event that may happen in a snapshot (the traversal keeps those the machine handles there). */
function eventsIn(snapshot: AnyMachineSnapshot): ModelEvent[] {
  const c = snapshot.context as ModelContext;
  const press = (type: string, button: Extract<Cause, { press: string }>['press'], extra: Record<string, unknown> = {}): ModelEvent => ({
    type,
    ...extra,
    kind: `press “${button}”`,
    cause: { by: 'user', press: button },
  });
  const events: ModelEvent[] = [
    press('user.login', 'Log in as Ada', { email: 'user@model.test', password: 'model' }),
    press('user.logout', 'Log out'),
    press('session.retry', 'Retry'),
    press('session.refresh', 'Refresh session'),
    // The app's request was sent after the server last confirmed the session.
    press('api.unauthorized', 'Call the app API', { sentAt: Number.MAX_SAFE_INTEGER }),
    { type: 'page.visible', kind: 'the tab becomes visible', cause: { by: 'page', becomes: 'visible' } },
    { type: 'page.online', kind: 'the browser comes online', cause: { by: 'page', becomes: 'online' } },
    // The page is hidden as when it is left (`pagehide`) and stays on to be watched (as a page kept in the back/forward cache).
    { type: 'page.leaving', kind: 'the page is left', cause: { by: 'page', becomes: 'hidden' } },
  ];
  // To another public page, or to the protected one.
  const publicLink: LinkName = c.path === links.Home ? 'About' : 'Home';
  events.push({ type: 'nav.location', path: links[publicLink], kind: 'follow a link to a public page', cause: { by: 'user', follow: publicLink } });
  if (c.path !== links.Dashboard) events.push({ type: 'nav.location', path: links.Dashboard, kind: 'follow “Dashboard”', cause: { by: 'user', follow: 'Dashboard' } });
  if (c.stored) {
    for (const news of Object.keys(tabNews) as TabNews[]) {
      events.push({ type: 'tab.message', message: tabMessage(news, c.stored), kind: tabNews[news], cause: { by: 'tab', news } });
    }
  }
  for (const node of activeNodes(snapshot)) {
    const real = sessionMachine.getStateNodeById(node.id);
    for (const invoke of real.invoke) {
      const src = String(invoke.src);
      const endpoint = endpointOfActor[src];
      if (!endpoint) continue;
      for (const { reply, settles } of answersTo(src, c)) {
        const result = 'output' in settles ? 'done' : 'error';
        const outcome = 'output' in settles ? 'ok' : settles.error.code;
        events.push({
          type: `xstate.${result}.actor.${invoke.id}`,
          ...settles,
          kind: `${endpoint} answers ${reply === 'pass' ? 'as the mock does' : reply} (${outcome})`,
          cause: { by: 'backend', endpoint, reply },
        });
      }
    }
    for (const delayed of real.after) {
      const delay = /^xstate\.after\.([^.]+)\./.exec(delayed.eventType)![1]!;
      events.push({ type: delayed.eventType, kind: `time passes (${delay})`, cause: { by: 'clock', delay } });
    }
  }
  return events;
}

/**
 * What the test lets happen, to keep the model to what a user meets and its graph small: the
 * user follows links between requests; while a navigation is under way only time and the user's
 * links move on; another tab speaks once per path, when this tab's storage holds the session it
 * holds (the other tab is a copy of this one) and no intent of this tab's is waiting, and the
 * path ends once this tab has acted on it. Events the machine raises itself (`page.moved`,
 * `lock.acquired`, the guards' `nav.redirect`) are not the test's to send.
 */
function mayHappen(snapshot: AnyMachineSnapshot, event: ModelEvent): boolean {
  const c = snapshot.context as ModelContext;
  // The traversal adds a bare event for every type the machine handles here; only the model's happen.
  if (!('cause' in event)) return false;
  // A path ends once this tab has acted on another tab's message.
  if (c.heard > 0 && c.inbox === null) return false;
  if (snapshot.matches({ nav: 'redirecting' })) return event.cause.by === 'clock' || 'follow' in event.cause;
  // The user moves on between requests.
  if ('follow' in event.cause) return snapshot.matches({ session: { anonymous: 'idle' } }) || snapshot.matches({ session: { authenticated: 'idle' } });
  if (event.cause.by === 'tab') return c.heard === 0 && !c.pendingLogin && !c.pendingLogout && sameSession(c.saved, c.stored);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Stepping the model and recording what it takes

/** An actor scope for pure `transition()` calls that records the microsteps they take. */
function recordingScope() {
  const probe = createEmptyActor();
  let sink: ((event: InspectionEvent) => void) | null = null;
  probe.system.inspect({ next: (event) => sink?.(event) });
  const scope = {
    self: probe,
    logger: () => {},
    id: '',
    sessionId: 'model',
    defer: () => {},
    system: probe.system,
    stopChild: () => {},
    emit: () => {},
    actionExecutor: () => {},
  } as unknown as AnyActorScope;
  return (snapshot: AnyMachineSnapshot, event: ModelEvent) => {
    const recorder = coverageRecorder();
    sink = recorder.observe;
    try {
      const next = modelMachine.transition(snapshot as never, event as never, scope) as AnyMachineSnapshot;
      return { next, transitions: recorder.transitions, states: recorder.states };
    } finally {
      sink = null;
    }
  };
}
const stepModel = recordingScope();

/** Where the app starts. */
const START_PATH = '/';

/** The model's first snapshot for a start kind, after the provider reported where the app is, with what it took. */
function startOf(kind: StartKind) {
  const recorder = coverageRecorder();
  const saved = kind === 'empty' ? null : START_SESSION[kind];
  const actor = createActor(modelMachine, { input: { saved } satisfies ModelInput, inspect: recorder.observe }).start();
  actor.send({ type: 'nav.location', path: START_PATH });
  const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
  actor.stop();
  return { snapshot, transitions: recorder.transitions, states: recorder.states };
}

/** The event of a kind in a snapshot, made for that snapshot (its ids and tokens). */
function eventOfKind(snapshot: AnyMachineSnapshot, kind: string): ModelEvent {
  const event = eventsIn(snapshot).find((e) => e.kind === kind);
  if (!event) throw new Error(`the model cannot take “${kind}” in ${describeModel(snapshot)}`);
  return event;
}

// ---------------------------------------------------------------------------------------------
// The plan

export interface PlannedStep {
  event: ModelEvent;
  /** The model's snapshot after the event. */
  state: AnyMachineSnapshot;
  /** The transitions the model took. */
  transitions: Set<string>;
}

export interface PlannedPath {
  kind: StartKind;
  start: AnyMachineSnapshot;
  steps: PlannedStep[];
  /** Everything the model took on the path, start included. */
  transitions: Set<string>;
  states: Set<string>;
}

export interface Plan {
  paths: PlannedPath[];
  /** Size of the model's graph (abstract states and edges, over every start). */
  modelStates: number;
  modelEdges: number;
  /** Transitions and state nodes of the machine that no path through the model takes. */
  unreachable: string[];
  /** The shortest path to each way a step leaves work undone (see {@link leftUndone}). */
  undone: string[];
}

const atRest = (snapshot: AnyMachineSnapshot) => snapshot.matches({ session: { anonymous: 'idle' } }) || snapshot.matches({ session: { authenticated: 'idle' } });

/**
 * What a step from `before` to `after` leaves undone that the user or another tab asked for: at
 * rest (idle, no request running), an intent nothing will carry out (R13) or another tab's
 * message the tab will never act on (R14); a login that ends neither signed in, nor with an error
 * that says why, nor replaced by a logout asked for after it (R6, R13).
 */
function leftUndone(before: AnyMachineSnapshot, after: AnyMachineSnapshot): string[] {
  const c = after.context as ModelContext;
  const undone: string[] = [];
  if (atRest(after) && c.pendingLogin) undone.push('a login waits at rest');
  if (atRest(after) && c.pendingLogout) undone.push('a logout waits at rest');
  if (atRest(after) && c.inbox) undone.push('another tab’s message waits at rest');
  const loginEnded = before.matches({ session: 'upgrading' }) && !after.matches({ session: 'upgrading' });
  const loggedOutSince = (before.context as ModelContext).pendingLogout || c.pendingLogout;
  if (loginEnded && !after.matches({ session: 'authenticated' }) && !c.authError && !loggedOutSince && !c.pendingLogin) {
    undone.push('a login ends neither signed in nor with an error');
  }
  return undone;
}

/** Where the session region rests: its innermost state nodes. */
const sessionLeaf = (snapshot: AnyMachineSnapshot) =>
  activeNodes(snapshot)
    .filter((node) => node.type === 'atomic' && node.path[0] === 'session')
    .map(stateName)
    .join(', ');

/** Follows event kinds from a start, making each event for the snapshot it happens in. */
function replay(kind: StartKind, kinds: string[]): PlannedPath {
  const start = startOf(kind);
  const transitions = new Set(start.transitions);
  const states = new Set(start.states);
  let state = start.snapshot;
  const steps = kinds.map((eventKind) => {
    const event = eventOfKind(state, eventKind);
    const step = stepModel(state, event);
    step.transitions.forEach((t) => transitions.add(t));
    step.states.forEach((s) => states.add(s));
    state = step.next;
    return { event, state, transitions: step.transitions };
  });
  return { kind, start: start.snapshot, steps, transitions, states };
}

/**
 * Paths through the model that together take every transition and enter every state node of the
 * machine. `getShortestPaths` gives the shortest path to every state of the model; each is
 * extended by every edge out of that state (so every edge is a candidate); a greedy cover then
 * picks few candidates, most new coverage first, shorter first on ties.
 */
export function planPaths(): Plan {
  const names = [...transitionsOf(sessionMachine), ...stateNodesOf(sessionMachine).map(stateName)];
  const bitOf = new Map(names.map((name, i) => [name, 1n << BigInt(i)]));
  const mask = (...sets: Set<string>[]) => {
    let bits = 0n;
    for (const set of sets)
      for (const name of set) {
        const bit = bitOf.get(name);
        if (bit === undefined) throw new Error(`The model took “${name}”, which the machine does not have`);
        bits |= bit;
      }
    return bits;
  };
  type Candidate = { kind: StartKind; kinds: string[]; covers: bigint };
  const candidates: Candidate[] = [];
  const undone = new Map<string, string>();
  let modelStates = 0;
  let modelEdges = 0;
  for (const kind of startKinds) {
    const start = startOf(kind);
    // A page that loads a stored session is followed until it has one; what comes after, an empty tab's paths reach too.
    const mayHappenHere = (snapshot: AnyMachineSnapshot, event: ModelEvent) =>
      (kind === 'empty' || snapshot.matches({ session: 'none' })) && mayHappen(snapshot, event);
    const model = createTestModel(modelMachine, {
      events: eventsIn as never,
      filterEvents: mayHappenHere as never,
      serializeState: modelStateKey as never,
      serializeEvent: ((event: ModelEvent) => event.kind) as never,
    });
    const paths = model.getShortestPaths({ fromState: start.snapshot as never, allowDuplicatePaths: true }).sort((a, b) => a.steps.length - b.steps.length);
    // Each model state once, made by replaying its path's kinds from the parent (shorter paths come first).
    const reached = new Map<string, { snapshot: AnyMachineSnapshot; kinds: string[]; covers: bigint }>([
      [modelStateKey(start.snapshot), { snapshot: start.snapshot, kinds: [], covers: mask(start.transitions, start.states) }],
    ]);
    for (const path of paths) {
      // alterPath() makes step i the state after event i, with an `xstate.init` step first.
      const kinds = path.steps.slice(1).map((step) => (step.event as ModelEvent).kind);
      const key = modelStateKey(path.state as AnyMachineSnapshot);
      if (!kinds.length || reached.has(key)) continue;
      const parent = reached.get(modelStateKey(path.steps[path.steps.length - 2]!.state as AnyMachineSnapshot));
      if (!parent) throw new Error(`no path to the parent of ${key}`);
      const step = stepModel(parent.snapshot, eventOfKind(parent.snapshot, kinds[kinds.length - 1]!));
      if (modelStateKey(step.next) !== key) throw new Error(`the model does not tell apart what matters: replaying “${kinds.join(' → ')}” reached\n${modelStateKey(step.next)}\ninstead of\n${key}`);
      reached.set(key, { snapshot: step.next, kinds, covers: parent.covers | mask(step.transitions, step.states) });
    }
    modelStates += reached.size;
    for (const { snapshot, kinds, covers } of reached.values()) {
      for (const event of eventsIn(snapshot).filter((e) => mayHappenHere(snapshot, e))) {
        const step = stepModel(snapshot, event);
        if (step.transitions.size === 0) continue; // not handled here
        modelEdges++;
        candidates.push({ kind, kinds: [...kinds, event.kind], covers: covers | mask(step.transitions, step.states) });
        for (const what of leftUndone(snapshot, step.next)) {
          const where = `${what} (${sessionLeaf(step.next)}), ${pathTitle(kind, [...kinds, event.kind])}`;
          const known = undone.get(what);
          if (!known || known.length > where.length) undone.set(what, where);
        }
      }
    }
  }
  const chosen: Candidate[] = [];
  const reachable = candidates.reduce((bits, c) => bits | c.covers, 0n);
  for (let needed = reachable; needed; ) {
    let best: Candidate | undefined;
    let bestScore = 0;
    for (const c of candidates) {
      const gain = popcount(c.covers & needed);
      const score = gain * 1000 - c.kinds.length;
      if (gain > 0 && score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    chosen.push(best!);
    needed &= ~best!.covers;
  }
  return {
    paths: chosen.map((c) => replay(c.kind, c.kinds)),
    modelStates,
    modelEdges,
    unreachable: names.filter((name) => !(reachable & bitOf.get(name)!)),
    undone: [...undone.values()],
  };
}

function popcount(bits: bigint): number {
  let count = 0;
  for (; bits; bits &= bits - 1n) count++;
  return count;
}
