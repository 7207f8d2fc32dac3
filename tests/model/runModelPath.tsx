/**
 * Runs a path planned through the session model against the real app: the harness's page over
 * the real providers, hooks and guards, its requests held at the MSW server until the path says
 * how the backend answers, its timers on a simulated clock, another tab played by a second real
 * session actor. After every step the real actor must be where the model is, hold what the model
 * holds (ids and tokens map one to one onto the model's), and the page must show it.
 */
import { within } from '@testing-library/react';
import { expect } from 'vitest';
import { SimulatedClock, type AnyMachineSnapshot } from 'xstate';
import { selectStatus, sessionMachine, type SessionSnapshot, type StoredSession } from '../../src/index.ts';
import { selectIsLoggingIn } from '../../src/core/selectors.ts';
import { RequireAuth } from '../../src/react/index.ts';
import { Route, Routes } from 'react-router';
import { ADA, nextOrigin, renderSessionApp, runningRequests, storedIn, tabStorage, type SessionApp } from '../support/harness.tsx';
import { backend } from '../support/mockBackend.ts';
import { answer, gate, type Gate, type GateReply } from '../support/network.ts';
import { duplicateTab, loseSessionThere, signInThere, signOutThere, type OtherTab } from './otherTab.ts';
import { actOn, until } from './until.ts';
import {
  activeNodes,
  ATTEMPTS,
  coverageRecorder,
  describeModel,
  describeState,
  endpointOfActor,
  GUARDS_PER_PROTECTED_PAGE,
  links,
  START_SESSION,
  type Cause,
  type Endpoint,
  type ModelContext,
  type PlannedPath,
  type Reply,
  type TabNews,
} from './sessionModel.ts';

/**
 * More guards on `/dashboard` (a header that guards itself too, say), so the page has as many as
 * the model says and a redirect is asked for again while it runs.
 */
const moreGuards = (
  <Routes>
    <Route path="/dashboard" element={Array.from({ length: GUARDS_PER_PROTECTED_PAGE - 1 }, (_, guard) => <RequireAuth key={guard} />)} />
    <Route path="*" element={null} />
  </Routes>
);

/** FastAPI's `detail` for an error status, as the experience API words it. */
function detailOf(endpoint: Endpoint, status: Exclude<Reply, 'pass'>): string {
  if (status === 401) return endpoint === 'login' ? 'Incorrect email or password' : endpoint === 'upgrade' ? 'Invalid or expired access token' : 'Invalid session token';
  return { 404: 'Session not found', 409: 'Session is already bound to another user', 503: 'Service temporarily unavailable' }[status];
}
const gateReply = (endpoint: Endpoint, reply: Reply): GateReply => (reply === 'pass' ? 'pass' : { status: reply, detail: detailOf(endpoint, reply) });

/** The requests a snapshot runs, by invoked actor (the lock and the page's lifelong actors are no requests). */
const requestsOf = (snapshot: AnyMachineSnapshot): { actor: string; endpoint: Endpoint }[] =>
  activeNodes(snapshot).flatMap((node) =>
    sessionMachine.getStateNodeById(node.id).invoke.flatMap((invoke) => {
      const endpoint = endpointOfActor[String(invoke.src)];
      return endpoint ? [{ actor: String(invoke.src), endpoint }] : [];
    }),
  );

/** Ids and tokens of the model and of the real app, paired one to one as a path goes. */
class Names {
  private readonly toReal = new Map<string, string>();
  private readonly toModel = new Map<string, string>();
  pair(model: string | undefined, real: string | undefined, what: string) {
    if (model === undefined || real === undefined) return;
    const known = this.toReal.get(model);
    if (known !== undefined) expect(real, `${what}: the model's ${model} is the real ${known}`).toBe(known);
    const taken = this.toModel.get(real);
    if (taken !== undefined) expect(model, `${what}: the real ${real} is the model's ${taken}`).toBe(taken);
    this.toReal.set(model, real);
    this.toModel.set(real, model);
  }
  pairSessions(model: StoredSession | null, real: StoredSession | null, what: string) {
    this.pair(model?.session_id, real?.session_id, `${what} id`);
    this.pair(model?.session_token, real?.session_token, `${what} token`);
  }
}

/**
 * Runs a planned path in a new page (StrictMode or plain) and returns what the real actor took.
 * Fails at the first step where the app and the model part ways.
 */
export async function runModelPath(path: PlannedPath, strict: boolean) {
  const storage = await tabStorage(path.kind);
  const clock = new SimulatedClock();
  const recorder = coverageRecorder();
  const origin = nextOrigin();
  const requests = gate(origin);
  answer({ method: 'get', path: `${origin}/app/orders` }, 401, 'Not authenticated');
  const app = renderSessionApp({
    origin,
    strict,
    storage,
    own: { inspect: recorder.observe, clock },
    staleAfter: 0,
    attempts: ATTEMPTS,
    backoff: 1,
    timeout: 60_000,
    extra: moreGuards,
  });
  const names = new Names();
  if (path.kind !== 'empty') names.pairSessions(START_SESSION[path.kind], storedIn(storage), 'the stored session');
  let otherTab: OtherTab | undefined;
  let where = 'when the page loads';
  try {
    await expectAgreement(app, requests, names, path.start);
    for (const [index, step] of path.steps.entries()) {
      where = `at step ${index + 1} (${step.event.kind})`;
      otherTab = await perform(app, requests, clock, step.event.cause);
      await expectAgreement(app, requests, names, step.state);
      // The other tab has spoken and been heard.
      otherTab?.actor.stop();
    }
  } catch (error) {
    if (error instanceof Error) error.message = `${where}: ${error.message}`;
    throw error;
  } finally {
    otherTab?.actor.stop();
    requests.dropAll();
    app.close();
  }
  return recorder;
}

/** The real actor agrees with the model, the right requests are waiting, and the page shows it. */
async function expectAgreement(app: SessionApp, requests: Gate, names: Names, model: AnyMachineSnapshot) {
  const expected = describeModel(model);
  const running = requestsOf(model);
  await until(() => {
    expect(describeState(app.actor.getSnapshot(), storedIn(app.storage)), 'the real actor').toBe(expected);
    // One request in flight at most, the one the model runs, and it has reached the server.
    expect(runningRequests(app.actor).filter((name) => name !== 'tabLock')).toEqual(running.map((r) => r.actor));
    expect(requests.held().map((r) => r.endpoint), 'the requests waiting for an answer').toEqual(running.map((r) => r.endpoint));
  });
  const real = app.actor.getSnapshot().context;
  const c = model.context as ModelContext;
  names.pairSessions(c.stored, real.stored, 'the held session');
  names.pair(c.session?.session_id, real.session?.session_id, 'the session id');
  // R16: a create carries the key that lives until a create succeeds, an upgrade the key of its login;
  // both are reused exactly when the model reuses them.
  names.pair(c.createKey ?? undefined, real.createKey ?? undefined, 'the create key');
  names.pair(c.upgradeKey ?? undefined, real.upgradeKey ?? undefined, 'the upgrade key');
  for (const request of requests.held()) {
    const key = request.endpoint === 'create' ? real.createKey : request.endpoint === 'upgrade' ? real.upgradeKey : null;
    expect(request.idempotencyKey, `the Idempotency-Key of the ${request.endpoint} request`).toBe(key);
  }
  await until(() => expectPageShows(app, model));
  // A session the tab rests on is one the server knows, with the token the tab holds, bound to whom the page says.
  if (model.matches({ session: { anonymous: 'idle' } }) || model.matches({ session: { authenticated: 'idle' } })) {
    const held = real.stored!;
    expect(await backend.sessionTokenMatches(held.session_id, held.session_token), 'the server takes the token the tab holds').toBe(true);
    expect((await backend.getSession(held.session_id))?.user_id ?? null).toBe(c.session?.user_id ? ADA.user_id : null);
  }
}

/** What the user sees: the badge, the router's location, errors, the login state and the page itself. */
function expectPageShows(app: SessionApp, model: AnyMachineSnapshot) {
  const c = model.context as ModelContext;
  const status = selectStatus(model as SessionSnapshot);
  const { view } = app;
  expect(view.status()).toBe(status);
  // `none` holds no session, even while the one being signed out of is still in the machine.
  const shown = status === 'none' ? null : app.actor.getSnapshot().context.session;
  expect(view.sessionId()).toBe(shown?.session_id ?? '');
  expect(view.user()).toBe(status !== 'none' && c.session?.user_id ? ADA.user_id : '');
  expect(view.error()).toBe(c.error?.code ?? null);
  expect(view.authError()).toBe(c.authError?.code ?? null);
  expect(view.pending()).toBe(selectIsLoggingIn(model as SessionSnapshot));
  expect(view.redirecting()).toBe(model.matches({ nav: 'redirecting' }));
  expect(view.location()).toBe(c.path);
  expect(view.signOutShown()).toBe(status === 'authenticated');
  const page = within(app.container);
  if (c.path === links.Dashboard) expect(!!page.queryByRole('heading', { name: 'Dashboard' })).toBe(status === 'authenticated');
  if (c.path?.startsWith('/login')) expect(!!page.queryByRole('button', { name: 'Sign in' })).toBe(status !== 'authenticated');
}

const happensThere: Record<TabNews, (tab: OtherTab) => Promise<void>> = {
  signedIn: signInThere,
  signedOut: signOutThere,
  lost: loseSessionThere,
};

/** Makes the event of a step happen in the real app; returns the other tab when another tab acted. */
async function perform(app: SessionApp, requests: Gate, clock: SimulatedClock, cause: Cause): Promise<OtherTab | undefined> {
  const page = within(app.container);
  switch (cause.by) {
    case 'user': {
      const control = 'press' in cause ? page.getByRole('button', { name: cause.press }) : page.getByRole('link', { name: cause.follow });
      await actOn(() => control.click());
      return undefined;
    }
    case 'page':
      await actOn(() => {
        if (cause.becomes === 'online') {
          window.dispatchEvent(new Event('online'));
        } else if (cause.becomes === 'hidden') {
          window.dispatchEvent(new Event('pagehide'));
        } else {
          Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
          document.dispatchEvent(new Event('visibilitychange'));
        }
      });
      return undefined;
    case 'backend':
      await until(() => expect(requests.held().map((r) => r.endpoint)).toContain(cause.endpoint));
      await actOn(() => requests.answer(cause.endpoint, gateReply(cause.endpoint, cause.reply)));
      return undefined;
    case 'clock': {
      // Exactly the delay, as the machine computes it for the real actor now.
      const delay = (sessionMachine.implementations.delays as Record<string, unknown>)[cause.delay];
      const ms = typeof delay === 'function' ? delay({ context: app.actor.getSnapshot().context, event: { type: 'xstate.init' } }) : delay;
      if (typeof ms !== 'number') throw new Error(`the machine has no delay ${cause.delay}`);
      await actOn(() => clock.increment(ms));
      return undefined;
    }
    case 'tab': {
      // A tab duplicated from this one now (a browser copies sessionStorage) acts; its message reaches this tab.
      const tab = await duplicateTab(app.storage, ATTEMPTS);
      await happensThere[cause.news](tab);
      return tab;
    }
  }
}
