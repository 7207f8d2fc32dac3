/**
 * Model-based tests (xstate/graph): paths through a model derived from the session machine that
 * together take every transition and enter every state, each executed against the real
 * providers, hooks and client over the MSW node server, checking at every step that the real
 * actor is where the model is and that the user sees what they should.
 */
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedClock, type AnyMachineSnapshot } from 'xstate';
import { mockBackend as mockStore } from '../../mocks/index.ts';
import { selectStatus } from '../../src/core/createSessionActor.ts';
import { sessionMachine, type SessionContext, type SessionSnapshot } from '../../src/core/sessionMachine.ts';
import { ADA, nextOrigin, renderSessionApp, storedIn, tabStorage, view, type SessionApp } from '../support/app.tsx';
import { gateBackend, type Gate } from '../faults/backend.ts';
import {
  coverageRecorder,
  describeModel,
  describeSnapshot,
  modelMachine,
  planPaths,
  stateNodesOf,
  transitionsOf,
  type PlannedPath,
  type ServerEvent,
} from './sessionModel.ts';

const allTransitions = transitionsOf(sessionMachine);
const allStates = stateNodesOf(sessionMachine).map((n) => n.id);
const plan = await planPaths();

const executed = { transitions: new Set<string>(), states: new Set<string>(), steps: 0 };

const title = (p: PlannedPath) => `from a ${p.kind} tab: ${p.steps.map((s) => s.event.label ?? describeUserEvent(s.event)).join(' → ')}`;
function describeUserEvent(e: ServerEvent): string {
  if (e.type === 'nav.location') return `go to ${String(e.path)}`;
  if (e.type === 'nav.redirect') return `redirect to ${String(e.to)}`;
  if (e.type.startsWith('xstate.after.')) return 'the navigation completes';
  return e.type;
}

/** The real actor is where the model is; the tab holds what the model says. */
async function expectSameState(app: SessionApp, model: AnyMachineSnapshot) {
  await waitFor(() => expect(describeSnapshot(app.actor.getSnapshot() as AnyMachineSnapshot, storedIn(app.storage))).toBe(describeModel(model)), { timeout: 3000 });
}

/** What the user sees agrees with the model's state. */
async function expectUserSees(app: SessionApp, model: AnyMachineSnapshot) {
  const c = model.context as SessionContext;
  const real = app.actor.getSnapshot().context;
  await waitFor(() => {
    expect(view.status()).toBe(selectStatus(model as SessionSnapshot));
    expect(view.sessionId()).toBe(real.session?.session_id ?? '');
    expect(view.user()).toBe(c.session?.user_id ? ADA.user_id : '');
    expect(view.error()).toBe(c.error?.code ?? null);
    expect(view.authError()).toBe(c.authError?.code ?? null);
    expect(view.pending()).toBe(model.matches({ session: 'upgrading' }) || !!c.credentials);
    expect(view.redirecting()).toBe(model.matches({ nav: 'redirecting' }));
    expect(view.location()).toBe(c.path);
    expect(view.signOutShown()).toBe(model.matches({ session: 'authenticated' }));
  });
  // A session the user has is one the server knows, with the token the tab holds.
  const status = selectStatus(model as SessionSnapshot);
  if (status === 'anonymous' || status === 'authenticated') {
    const tab = storedIn(app.storage)!;
    expect(tab.session_id).toBe(view.sessionId());
    const server = await mockStore.getSession(tab.session_id);
    expect(await mockStore.sessionTokenMatches(tab.session_id, tab.session_token)).toBe(true);
    expect(server?.user_id ?? null).toBe(status === 'authenticated' ? ADA.user_id : null);
  }
}

async function perform(app: SessionApp, gate: Gate, clock: SimulatedClock, e: ServerEvent) {
  const ue = userEvent.setup();
  const click = (name: string) => ue.click(screen.getByRole('button', { name }));
  if (e.script) {
    for (const [i, [endpoint, answer, repeat]] of e.script.entries()) {
      await gate.answer(endpoint, answer);
      if (!repeat) continue;
      // The same answer to every retry, until the actor settles or asks something else.
      const next = e.script[i + 1]?.[0];
      for (;;) {
        const held = gate.held()[0];
        if (held?.endpoint === endpoint) await gate.answer(endpoint, answer);
        else if ((next && held?.endpoint === next) || (!next && !app.actor.getSnapshot().children[e.actorId!])) break;
        else await new Promise((r) => setTimeout(r, 2));
      }
    }
    return;
  }
  switch (e.type) {
    case 'user.login':
      return click('Log in as Ada');
    case 'user.logout':
      return click('Log out');
    case 'session.retry':
      return click('Retry');
    case 'session.refresh':
      return click('Refresh session');
    case 'session.expired':
      return click('Report expired session');
    case 'nav.location':
      return ue.click(screen.getByRole('link', { name: e.path === '/' ? 'Home' : 'About' }));
    case 'nav.redirect':
      if (e.to !== '/about') throw new Error(`no control redirects to ${String(e.to)}`);
      return click('Redirect to about');
  }
  const after = /^xstate\.after\.([^.]+)\./.exec(e.type);
  if (after) {
    // A delayed transition: move the actor's clock by exactly its delay.
    const ref = after[1]!;
    const impl = (sessionMachine.implementations.delays as Record<string, unknown>)[ref];
    const ms = Number.isNaN(Number(ref)) ? (typeof impl === 'function' ? impl({ context: app.actor.getSnapshot().context, event: e }) : impl) : Number(ref);
    if (typeof ms !== 'number') throw new Error(`unknown delay ${ref}`);
    return act(() => clock.increment(ms));
  }
  throw new Error(`the executor does not know the model event ${e.type}`);
}

const invocations = (s: AnyMachineSnapshot) =>
  new Set((s as unknown as { _nodes: { id: string }[] })._nodes.flatMap((n) => sessionMachine.getStateNodeById(n.id).invoke.map((i) => i.id)));

/** Whether the step stopped an invocation other than by its own result. */
function abandons(before: AnyMachineSnapshot, step: { event: ServerEvent; state: AnyMachineSnapshot }) {
  const after = invocations(step.state);
  return [...invocations(before)].some((id) => !after.has(id) && id !== step.event.actorId);
}

describe('model-based tests of the session machine (xstate/graph), executed through the real providers', () => {
  it('the model has exactly the machine’s transitions', () => {
    expect(transitionsOf(modelMachine).sort()).toEqual([...allTransitions].sort());
    expect(allTransitions.length).toBeGreaterThan(20);
  });

  it.each(plan.paths.map((p) => [title(p), p] as const))('%s', async (_, path) => {
    const storage = await tabStorage(path.kind);
    const clock = new SimulatedClock();
    const rec = coverageRecorder();
    const origin = nextOrigin();
    const gate = gateBackend(origin);
    const app = renderSessionApp({ origin, storage, own: { inspect: rec.observe, clock }, backoff: 1 });
    try {
      await expectSameState(app, path.start);
      await expectUserSees(app, path.start);
      let before = path.start;
      for (const step of path.steps) {
        const inFlight = gate.held();
        await perform(app, gate, clock, step.event);
        await expectSameState(app, step.state);
        // A request whose invocation the step stopped is abandoned: the client ignores its answer.
        if (abandons(before, step)) for (const r of inFlight) gate.release(r);
        before = step.state;
        await expectUserSees(app, step.state);
        executed.steps++;
      }
      // The real actor took every transition the model did on this path.
      expect([...path.transitions].filter((t) => !rec.transitions.has(t))).toEqual([]);
    } finally {
      gate.passAll();
      app.close();
    }
    rec.transitions.forEach((t) => executed.transitions.add(t));
    rec.states.forEach((n) => executed.states.add(n));
  });

  it('the executed paths entered every state node and took every transition of the machine', () => {
    const missingStates = allStates.filter((n) => !executed.states.has(n));
    const missingTransitions = allTransitions.filter((t) => !executed.transitions.has(t));
    console.info(
      `[model] ${plan.paths.length} paths, ${executed.steps} steps; model: ${plan.modelStates} states, ${plan.modelEdges} edges; ` +
        `covered ${allStates.length - missingStates.length}/${allStates.length} states and ` +
        `${allTransitions.length - missingTransitions.length}/${allTransitions.length} transitions`,
    );
    expect({ missingStates, missingTransitions, unreachableInTheModel: plan.unreachable }).toEqual({
      missingStates: [],
      missingTransitions: [],
      unreachableInTheModel: [],
    });
  });
});

afterAll(() => {
  // Keeps the figures visible in the run's output even when a path failed.
  if (executed.steps) console.info(`[model] executed ${executed.steps} steps`);
});
