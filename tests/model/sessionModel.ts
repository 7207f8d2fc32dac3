/**
 * The test model of the session machine, derived from its own definition so it cannot drift:
 * the real `sessionMachine` with its invocations and delays turned into ordinary events
 * (`xstate/graph` refuses machines that invoke or delay), its `navigate` placeholder replaced by
 * what the app's router does (report the new location back, `nav.location`), and storage held as
 * a value in the context.
 *
 * What an invoked actor settles with is not invented either: for each way the backend may answer
 * (a script of answers per endpoint), the real actor logic runs against a fake backend that
 * answers so, and its output or error becomes the model's event. The same script then drives the
 * gated MSW backend when a path is executed.
 *
 * Also: the totals of state nodes and transitions, counted from the machine definition, a way to
 * know which transition definitions a step takes (by key, so the model's transitions and the real
 * actor's can be compared), and the planner that picks paths covering all of them.
 */
import {
  assign,
  createActor,
  createEmptyActor,
  createMachine,
  enqueueActions,
  toPromise,
  type AnyActorLogic,
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  type AnyTransitionDefinition,
  type InspectionEvent,
} from 'xstate';
import { createTestModel } from 'xstate/graph';
import type { Session } from '../../src/api/types.ts';
import { ExperiencePlaneClient } from '../../src/client/ExperiencePlaneClient.ts';
import { sessionMachine, type SessionContext } from '../../src/core/sessionMachine.ts';
import type { SessionStore, StoredSession } from '../../src/core/storage.ts';
import { endpointOf, faultResponse, type Answer, type Endpoint } from '../faults/backend.ts';

// ---------------------------------------------------------------------------------------------
// State nodes and transitions of a machine definition

/** Every state node below the root, depth first. */
export function stateNodesOf(machine: AnyStateMachine): AnyStateNode[] {
  const walk = (n: AnyStateNode): AnyStateNode[] => Object.values(n.states as Record<string, AnyStateNode>).flatMap((c) => [c, ...walk(c)]);
  return walk(machine.root);
}

/** A readable name for an event descriptor: invocations by their actor, delays by their delay. */
export function describeEventType(eventType: string): string {
  if (eventType === '') return 'always';
  const m = /^xstate\.(done|error)\.actor\.(.+)$/.exec(eventType);
  if (m) {
    for (const n of stateNodesOf(sessionMachine)) {
      const inv = (n.invoke as { id: string; src: unknown }[]).find((i) => i.id === m[2]);
      if (inv) return `${m[1] === 'done' ? 'done' : 'error'}(${typeof inv.src === 'string' ? inv.src : inv.id})`;
    }
  }
  const a = /^xstate\.after\.([^.]+)\./.exec(eventType);
  return a ? `after(${a[1]})` : eventType;
}

/**
 * A stable key of a transition definition: source node, event, and its position among the
 * candidates for that event (guarded branches are separate transitions). The same for a machine
 * and for `.provide()`d or derived copies of it.
 */
export function transitionKey(t: AnyTransitionDefinition): string {
  const source = t.source as AnyStateNode;
  const list: AnyTransitionDefinition[] = t.eventType === '' ? (source.always ?? []) : (source.transitions.get(t.eventType) ?? []);
  const index = list.indexOf(t);
  const guard = t.guard === undefined ? '' : typeof t.guard === 'string' ? `[${t.guard}]` : typeof t.guard === 'object' && t.guard && 'type' in t.guard ? `[${String((t.guard as { type: unknown }).type)}]` : '[inline guard]';
  const target = t.target?.length ? (t.target as AnyStateNode[]).map((n) => n.id.replace(/^session\./, '')).join(',') : '(no target)';
  return `${source.id.replace(/^session\./, '') || 'session'} ${describeEventType(t.eventType)}#${index}${guard} → ${target}${t.reenter ? ' (reenter)' : ''}`;
}

/** Every transition definition of the machine, by key: `on`, invocation done/error, delays, `always`. */
export function transitionsOf(machine: AnyStateMachine): string[] {
  const keys: string[] = [];
  for (const n of [machine.root, ...stateNodesOf(machine)]) {
    for (const list of n.transitions.values()) for (const t of list) keys.push(transitionKey(t));
    for (const t of n.always ?? []) keys.push(transitionKey(t));
  }
  return keys;
}

/** Records the transitions and state nodes a real or model actor goes through, from its inspection events. */
export function coverageRecorder() {
  const transitions = new Set<string>();
  const states = new Set<string>();
  const observe = (ev: InspectionEvent) => {
    if (ev.type !== '@xstate.microstep') return;
    const mev = ev as InspectionEvent & { _transitions: AnyTransitionDefinition[]; snapshot: AnyMachineSnapshot };
    for (const t of mev._transitions) transitions.add(transitionKey(t));
    for (const n of (mev.snapshot as unknown as { _nodes: AnyStateNode[] })._nodes) if (n.parent) states.add(n.id);
  };
  return { transitions, states, observe };
}


// ---------------------------------------------------------------------------------------------
// The derived test machine

type Config = Record<string, unknown>;

/** The model's sessionStorage: an immutable value in the context, replaced when the machine writes. */
export interface ModelStorage extends SessionStore {
  value: StoredSession | null;
}
let written: { value: StoredSession | null } | null = null;
const modelStorage = (value: StoredSession | null): ModelStorage => ({
  value,
  load: () => value,
  save: (v) => void (written = { value: v }),
  clear: () => void (written = { value: null }),
});

const asList = (t: unknown): Config[] => (t === undefined ? [] : (Array.isArray(t) ? t : [t]).map((x) => (typeof x === 'string' ? { target: x } : (x as Config))));
const actionsOf = (t: Config): unknown[] => (t.actions === undefined ? [] : Array.isArray(t.actions) ? t.actions : [t.actions]);

/** Every transition also mirrors storage writes; an invocation result first applies what the actor itself wrote. */
const mirrored = (t: unknown, result: boolean) =>
  asList(t).map((x) => ({ ...x, actions: [...(result ? ['model.actorWrites'] : []), ...actionsOf(x), 'model.sync'] }));

function derive(node: AnyStateNode): Config {
  const { invoke: _invoke, after, states: _states, on, always, entry, exit, ...rest } = node.config as Config & { after?: Record<string, unknown>; on?: Config };
  const events: Config = {};
  for (const [type, t] of Object.entries(on ?? {})) events[type] = mirrored(t, false);
  for (const inv of node.invoke as { id: string; onDone?: unknown; onError?: unknown }[]) {
    if (inv.onDone) events[`xstate.done.actor.${inv.id}`] = mirrored(inv.onDone, true);
    if (inv.onError) events[`xstate.error.actor.${inv.id}`] = mirrored(inv.onError, true);
  }
  for (const [delay, t] of Object.entries(after ?? {})) events[`xstate.after.${delay}.${node.id}`] = mirrored(t, false);
  const out: Config = { ...rest, on: events };
  if (always) out.always = mirrored(always, false);
  out.entry = [...asArray(entry), 'model.sync'];
  out.exit = [...asArray(exit), 'model.sync'];
  const children = Object.entries(node.states as Record<string, AnyStateNode>);
  if (children.length) out.states = Object.fromEntries(children.map(([k, c]) => [k, derive(c)]));
  return out;
}
const asArray = (x: unknown): unknown[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/**
 * The session machine as a test model: same states, transitions, guards and actions; invocation
 * results and timers arrive as events; `navigate` reports the location back like the app's
 * router does (only when the path changes: the provider reports changes); storage is a value.
 */
export const modelMachine = createMachine(derive(sessionMachine.root) as never, {
  ...sessionMachine.implementations,
  actions: {
    // Custom actions run when the actor executes them, which a pure transition never does: run
    // them inside an assign so their storage writes happen in the model too.
    ...Object.fromEntries(
      Object.entries(sessionMachine.implementations.actions).map(([name, a]) => [
        name,
        typeof a === 'function' && !('resolve' in a) ? assign((args, params) => ((a as (x: unknown, p: unknown) => void)(args, params), {})) : a,
      ]),
    ),
    navigate: enqueueActions(({ context, enqueue }, params: { to: string }) => {
      if (params.to !== (context as SessionContext).path) enqueue.raise({ type: 'nav.location', path: params.to } as never);
    }),
    'model.sync': assign(() => {
      if (!written) return {};
      const { value } = written;
      written = null;
      return { storage: modelStorage(value) };
    }),
    'model.actorWrites': assign(({ event }) => {
      const w = (event as ServerEvent).writes;
      return w === undefined ? {} : { storage: modelStorage(w) };
    }),
  },
} as never) as unknown as typeof sessionMachine;

// ---------------------------------------------------------------------------------------------
// Which state a snapshot is in, as far as behaviour is concerned

const same = (a: StoredSession | null | undefined, b: StoredSession | null | undefined) =>
  !!a && !!b && a.session_id === b.session_id && a.session_token === b.session_token;

/** Configuration, not state: the test's real actor runs with other values than the model's defaults. */
const CONFIG = new Set(['attempts', 'backoff']);

/**
 * What the model and the real actor must agree on after every step (`stored` = what storage
 * holds): the state value; how the stored session, storage and the session relate; error codes;
 * and every plain flag or string of the context (so a field added to the machine is compared too).
 */
export function describeSnapshot(s: AnyMachineSnapshot, stored: StoredSession | null): string {
  const c = s.context as SessionContext;
  const plain = Object.entries(c)
    .filter(([k, v]) => !CONFIG.has(k) && (v == null || ['string', 'number', 'boolean'].includes(typeof v)))
    .sort(([a], [b]) => a.localeCompare(b))
    // An unset field, a false flag and an empty string mean the same.
    .map(([k, v]) => [k, v === false || v === undefined || v === '' ? null : v]);
  return JSON.stringify({
    value: s.value,
    stored: c.stored ? 'yes' : 'no',
    storage: !stored ? 'empty' : same(stored, c.stored) ? 'as in context' : 'other',
    session: c.session ? (c.session.user_id ? 'user' : 'anonymous') : null,
    sessionIsStored: !!c.session && c.session.session_id === (stored?.session_id ?? c.stored?.session_id),
    error: c.error?.code ?? null,
    authError: c.authError?.code ?? null,
    credentials: !!c.credentials,
    ...Object.fromEntries(plain),
  });
}
/** The description of a model snapshot (its storage is in its context). */
export const describeModel = (s: AnyMachineSnapshot) => describeSnapshot(s, ((s.context as SessionContext).storage as ModelStorage).value);

// ---------------------------------------------------------------------------------------------
// Events: what users do and what the server answers

/** What the tab holds when the page loads. */
export type StartKind = 'empty' | 'anonymous' | 'authenticated';
export const startKinds: StartKind[] = ['empty', 'anonymous', 'authenticated'];

/**
 * One answer of the (gated) backend: which endpoint must be asking, and how to answer it; with
 * `'repeat'`, every further request to that endpoint gets the same answer (however many times the
 * client retries).
 */
export type Reply = [Endpoint, Answer] | [Endpoint, Answer, 'repeat'];

/** A model event. Server events say how the backend answers (`script`) and what the actor wrote to storage. */
export interface ServerEvent {
  type: string;
  output?: unknown;
  error?: unknown;
  actorId?: string;
  /** For people: what happened. */
  label?: string;
  /** The backend's answers, in order, that make the real actor settle like this. */
  script?: Reply[];
  /** What the invoked actor itself wrote to storage before settling (null: cleared). */
  writes?: StoredSession | null;
  [key: string]: unknown;
}

/** A way the backend can answer an invoked actor's requests, as far as the model is concerned. */
interface Scenario {
  label: string;
  script: Reply[];
}

/**
 * How the backend may answer each invoked actor (by its `src`): one scenario per distinct effect
 * on the machine (the fault matrix and the properties vary the rest). What the actor makes of the
 * answers (its output or error, its storage writes) is not written here: the real actor logic
 * computes it (see {@link settleActor}).
 */
const scenarios: Record<string, (c: SessionContext) => Scenario[]> = {
  load: (c) =>
    c.stored
      ? [
          { label: 'the stored session is restored', script: [['get', 'pass']] },
          { label: 'the stored session is stale; a new one is created', script: [['get', '404'], ['create', 'pass']] },
          { label: 'the server is down', script: [['get', '503', 'repeat']] },
          { label: 'stale, and creating fails', script: [['get', '401'], ['create', '503', 'repeat']] },
        ]
      : [
          { label: 'a new session is created', script: [['create', 'pass']] },
          { label: 'offline', script: [['create', 'network', 'repeat']] },
        ],
  upgrade: () => [
    { label: 'login and upgrade succeed', script: [['login', 'pass'], ['upgrade', 'pass']] },
    { label: 'the session expired meanwhile: a new one is created and upgraded', script: [['login', 'pass'], ['upgrade', '404'], ['create', 'pass'], ['upgrade', 'pass']] },
    { label: 'bad credentials', script: [['login', '401']] },
    { label: 'conflict', script: [['login', 'pass'], ['upgrade', '409']] },
    { label: 'the new session cannot be upgraded either', script: [['login', 'pass'], ['upgrade', '404'], ['create', 'pass'], ['upgrade', '404']] },
    { label: 'the session expired meanwhile and no new one can be created', script: [['login', 'pass'], ['upgrade', '404'], ['create', '503', 'repeat']] },
  ],
  check: () => [
    { label: 'the session is still valid', script: [['get', 'pass']] },
    { label: 'the server forgot the session', script: [['get', '404']] },
    { label: 'the check fails transiently', script: [['get', '503']] },
  ],
  logout: () => [
    { label: 'logged out', script: [['logout', 'pass']] },
    { label: 'logout refused', script: [['logout', '401']] },
  ],
};

const iso = '2026-01-01T00:00:00.000Z';
const fake = (id: string, user: boolean): Session => ({
  session_id: id,
  tenant_id: user ? 'acme' : null,
  user_id: user ? 'usr_ada' : null,
  created_at: iso,
  expires_at: iso,
  upgraded_at: user ? iso : null,
  metadata: {},
});

/** What the model's backend knows about the session an actor works on. */
interface ActorInput {
  stored: StoredSession | null;
  storage: StoredSession | null;
  credentials: boolean;
  /** The stored session is bound to the user on the server. */
  upgraded: boolean;
}

const inputOf = (c: SessionContext, kind: StartKind): ActorInput => ({
  stored: c.stored,
  storage: (c.storage as ModelStorage).value,
  credentials: !!c.credentials,
  upgraded: !!c.stored && ((c.session?.session_id === c.stored.session_id && !!c.session.user_id) || (kind === 'authenticated' && c.stored.session_id === INITIAL.session_id)),
});

/**
 * Runs the real logic of an invoked actor (`sessionMachine`'s implementation) against a fake
 * backend that answers by the script, and returns the event it settles with and what it wrote to
 * storage. A script the actor does not follow (a request not in it, or answers left over) is an
 * error naming both.
 */
async function settleActor(src: string, script: Reply[], input: ActorInput): Promise<Omit<ServerEvent, 'type' | 'actorId'>> {
  const logic = (sessionMachine.implementations.actors as Record<string, unknown>)[src];
  let i = 0;
  let repeated = 0;
  let mismatch = '';
  const sessions = new Map<string, boolean>(input.stored ? [[input.stored.session_id, input.upgraded]] : []);
  const seen: string[] = [];
  const fakeFetch: typeof fetch = async (url, init) => {
    const method = init?.method ?? 'GET';
    const endpoint = endpointOf({ method, url: String(url) });
    seen.push(String(endpoint));
    let entry = script[i];
    if (entry?.[2] === 'repeat' && entry[0] !== endpoint && repeated > 0) (entry = script[++i]), (repeated = 0);
    if (!entry || entry[0] !== endpoint) {
      mismatch ||= `the actor "${src}" sent ${method} ${String(url)} where the script expected ${entry ? entry[0] : 'nothing'}`;
      throw new TypeError('not in the script');
    }
    if (entry[2] === 'repeat') repeated++;
    else i++;
    const answer = entry[1];
    const id = decodeURIComponent(/\/api\/session\/([^/]+)/.exec(new URL(String(url)).pathname)?.[1] ?? '');
    if (answer === 'network') throw new TypeError('Failed to fetch');
    if (answer !== 'pass') return faultResponse(answer, endpoint!, new Request(String(url), { method }));
    switch (endpoint) {
      case 'create': {
        const fresh = ['ses_A', 'ses_B', 'ses_C'].find((x) => !sessions.has(x) && x !== input.storage?.session_id)!;
        sessions.set(fresh, false);
        return Response.json({ session: fake(fresh, false), session_token: `tok_${fresh}` }, { status: 201 });
      }
      case 'get':
        return Response.json({ session: fake(id, !!sessions.get(id)) });
      case 'login':
        return Response.json({ access_token: 'acc_model', token_type: 'bearer', expires_in: 3600, user_id: 'usr_ada', tenant_id: 'acme' });
      case 'upgrade':
        sessions.set(id, true);
        return Response.json({ session: fake(id, true), session_token: `tok_${id}_upgraded` });
      default:
        return new Response(null, { status: 204 });
    }
  };
  written = null;
  const storage = modelStorage(input.storage);
  const context = {
    client: new ExperiencePlaneClient({ baseUrl: 'http://model.invalid', fetch: fakeFetch }),
    storage,
    stored: input.stored,
    credentials: input.credentials ? ADA : null,
    attempts: 3,
    backoff: 0,
    session: null,
    error: null,
    authError: null,
  };
  const actor = createActor(logic as AnyActorLogic, { input: context });
  actor.start();
  const result = await toPromise(actor).then(
    (output) => ({ output }),
    (error: unknown) => ({ error }),
  );
  const writes = written as { value: StoredSession | null } | null;
  written = null;
  if (script[i]?.[2] === 'repeat' && repeated > 0) i++;
  if (!mismatch && i < script.length) mismatch = `the actor "${src}" settled after ${seen.join(', ') || 'no requests'}, before the script's ${script.slice(i).map((r) => r[0]).join(', ')}`;
  if (mismatch) throw new Error(`${mismatch} (update the scenarios in tests/model/sessionModel.ts if the behaviour changed on purpose)`);
  return { ...result, ...(writes ? { writes: writes.value } : {}) };
}

const settledEvents = new Map<string, Omit<ServerEvent, 'type' | 'actorId'>>();
const missing = new Map<string, () => Promise<void>>();

/** The event an actor settles with for a scenario and an input: computed before the traversal. */
function settledEvent(src: string, scenario: Scenario, input: ActorInput) {
  const key = JSON.stringify([src, scenario.script, input]);
  const known = settledEvents.get(key);
  if (!known && !missing.has(key)) missing.set(key, async () => void settledEvents.set(key, { label: scenario.label, script: scenario.script, ...(await settleActor(src, scenario.script, input)) }));
  return known;
}

export const ADA = { email: 'ada@acme.test', password: 'demo-pass-1' };
export const userEvents: ServerEvent[] = [
  { type: 'user.login', ...ADA },
  { type: 'user.logout' },
  { type: 'session.retry' },
  { type: 'session.refresh' },
  { type: 'session.expired' },
  { type: 'nav.location', path: '/' },
  { type: 'nav.location', path: '/about' },
  { type: 'nav.redirect', to: '/about' },
];

const active = (s: AnyMachineSnapshot): AnyStateNode[] => (s as unknown as { _nodes: AnyStateNode[] })._nodes;

/** Every event the model may take in a snapshot (the traversal keeps those the machine handles). */
export function eventsFor(kind: StartKind) {
  return (s: AnyMachineSnapshot): ServerEvent[] => {
    const c = s.context as SessionContext;
    const out: ServerEvent[] = [...userEvents];
    for (const n of active(s)) {
      const real = sessionMachine.getStateNodeById(n.id);
      for (const inv of real.invoke as { id: string; src: unknown }[]) {
        const variants = scenarios[String(inv.src)];
        if (!variants) throw new Error(`The model does not know how the actor "${String(inv.src)}" settles: add it to tests/model/sessionModel.ts`);
        for (const v of variants(c)) {
          const e = settledEvent(String(inv.src), v, inputOf(c, kind));
          if (e) out.push({ ...e, type: `xstate.${'error' in e ? 'error' : 'done'}.actor.${inv.id}`, actorId: inv.id });
        }
      }
      for (const t of real.after as AnyTransitionDefinition[]) out.push({ type: t.eventType, label: 'time passes' });
    }
    return out;
  };
}

/**
 * What can happen next. Timers are instants: while a navigation is under way only it proceeds
 * (the router has it by the next tick). A location the app is already at is not a change the
 * provider would report.
 */
export function canHappen(s: AnyMachineSnapshot, e: ServerEvent): boolean {
  const c = s.context as SessionContext;
  // createTestModel adds a bare event for a handled type the events list lacks: an invocation
  // result not computed yet (see planPaths).
  if (/^xstate\.(done|error)\.actor\./.test(e.type) && !e.script) return false;
  if (s.matches({ nav: 'redirecting' })) return e.type === 'nav.redirect' || e.type.startsWith('xstate.after.');
  if (e.type.startsWith('xstate.after.')) return true;
  if (e.type === 'nav.location') return e.path !== c.path;
  return true;
}

const INITIAL = { session_id: 'ses_initial', session_token: 'tok_initial' };

/** The model's input for a start kind. */
export const modelInput = (kind: StartKind) => ({
  client: {} as never,
  storage: modelStorage(kind === 'empty' ? null : INITIAL),
});

/** The first thing the app does: the provider reports where it is. */
export const START_PATH = '/';

/** An actor scope that records the transitions of a pure `transition()`. */
function recordingScope() {
  const probe = createEmptyActor();
  let sink: ((e: InspectionEvent) => void) | null = null;
  probe.system.inspect({ next: (e) => sink?.(e) });
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
  return {
    /** The next snapshot, and the transition keys and state node ids of the macrostep. */
    step(s: AnyMachineSnapshot, e: ServerEvent) {
      const rec = coverageRecorder();
      sink = rec.observe;
      const next = modelMachine.transition(s as never, e as never, scope);
      sink = null;
      return { next: next as AnyMachineSnapshot, transitions: rec.transitions, states: rec.states };
    },
  };
}

/** The initial snapshot for a start kind, after the provider's first `nav.location`, with its coverage. */
export function startOf(kind: StartKind) {
  const rec = coverageRecorder();
  const actor = createActor(modelMachine, { input: modelInput(kind) as never, inspect: rec.observe }).start();
  actor.send({ type: 'nav.location', path: START_PATH });
  const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
  actor.stop();
  return { snapshot, transitions: rec.transitions, states: rec.states };
}

export interface PlannedStep {
  event: ServerEvent;
  /** The model's snapshot after the event. */
  state: AnyMachineSnapshot;
}

export interface PlannedPath {
  kind: StartKind;
  start: AnyMachineSnapshot;
  steps: PlannedStep[];
  transitions: Set<string>;
  states: Set<string>;
}

/**
 * Paths through the model that together take every transition: `getShortestPaths` gives the
 * shortest path to every model state; each is extended by every event possible there (so every
 * edge of the model is a candidate); a greedy cover then picks few candidates that take every
 * transition and enter every state node.
 */
export async function planPaths() {
  // Coverage as bit masks: one bit per transition and per state node of the real machine.
  const names = [...transitionsOf(sessionMachine), ...stateNodesOf(sessionMachine).map((n) => n.id)];
  const bit = new Map(names.map((n, i) => [n, 1n << BigInt(i)]));
  const mask = (c: { transitions: Set<string>; states: Set<string> }) => {
    let m = 0n;
    for (const k of [...c.transitions, ...c.states]) {
      const b = bit.get(k);
      if (b === undefined) throw new Error(`The model took "${k}", which the machine does not have`);
      m |= b;
    }
    return m;
  };
  const popcount = (m: bigint) => {
    let n = 0;
    for (; m; m &= m - 1n) n++;
    return n;
  };
  type Candidate = { kind: StartKind; start: AnyMachineSnapshot; events: ServerEvent[]; covers: bigint };
  const candidates: Candidate[] = [];
  let modelStates = 0;
  let modelEdges = 0;
  const scope = recordingScope();
  // The traversal needs the events the invoked actors settle with, which take async work to
  // compute: traverse, compute those that were missing, and traverse again until none is.
  const traverse = () =>
    startKinds.map((kind) => {
      const start = startOf(kind);
      const model = createTestModel(modelMachine, {
        events: eventsFor(kind) as never,
        filterEvents: canHappen as never,
        serializeState: describeModel as never,
      });
      // One path per model state (prefixes kept), shortest first, so a path's parent is already covered.
      const paths = model
        .getShortestPaths({ fromState: start.snapshot as never, allowDuplicatePaths: true })
        .sort((a, b) => a.steps.length - b.steps.length);
      return { kind, start, paths };
    });
  let graphs = traverse();
  for (let round = 0; missing.size; round++) {
    if (round > 10) throw new Error('the model’s actor outcomes do not converge');
    const jobs = [...missing.values()];
    missing.clear();
    await Promise.all(jobs.map((j) => j()));
    graphs = traverse();
  }
  for (const { kind, start, paths } of graphs) {
    modelStates += paths.length;
    const cover = new Map<string, bigint>([[describeModel(start.snapshot), mask(start)]]);
    for (const path of paths) {
      // alterPath() makes step i the state after event i, with an `xstate.init` step first.
      const events = path.steps.slice(1).map((st) => st.event as ServerEvent);
      const here = path.state as AnyMachineSnapshot;
      const key = describeModel(here);
      if (!cover.has(key)) {
        const parent = path.steps[path.steps.length - 2]!.state as AnyMachineSnapshot;
        cover.set(key, cover.get(describeModel(parent))! | mask(scope.step(parent, events[events.length - 1]!)));
      }
      const reached = cover.get(key)!;
      const next = eventsFor(kind)(here).filter((e) => canHappen(here, e));
      modelEdges += next.length;
      for (const extra of next) {
        candidates.push({ kind, start: start.snapshot, events: [...events, extra], covers: reached | mask(scope.step(here, extra)) });
      }
    }
  }
  // A greedy cover: the candidate adding most uncovered transitions and state nodes, shorter first on ties.
  const chosen: Candidate[] = [];
  let need = candidates.reduce((m, c) => m | c.covers, 0n);
  const reachable = need;
  while (need) {
    let best: Candidate | undefined;
    let bestScore = 0;
    for (const c of candidates) {
      const gain = popcount(c.covers & need);
      const score = gain * 1000 - c.events.length;
      if (gain > 0 && (!best || score > bestScore)) (best = c), (bestScore = score);
    }
    chosen.push(best!);
    need &= ~best!.covers;
  }
  // The chosen paths, with the model's snapshot and the transitions after every step.
  const paths: PlannedPath[] = chosen.map((c) => {
    let s = c.start;
    const transitions = new Set<string>();
    const states = new Set<string>();
    const steps = c.events.map((event) => {
      const r = scope.step(s, event);
      r.transitions.forEach((t) => transitions.add(t));
      r.states.forEach((n) => states.add(n));
      return { event, state: (s = r.next) };
    });
    startOf(c.kind).transitions.forEach((t) => transitions.add(t));
    return { kind: c.kind, start: c.start, steps, transitions, states };
  });
  const unreachable = names.filter((n) => !(reachable & bit.get(n)!));
  return { paths, modelStates, modelEdges, unreachable };
}
