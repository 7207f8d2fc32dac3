/**
 * The session model itself: it has the machine's state nodes and transitions, paths through it
 * take every one of them, and no step through it leaves undone what the user or another tab
 * asked for.
 * (modelSuite runs the paths against the real app.)
 */
import { describe, expect, it } from 'vitest';
import { sessionMachine } from '../../src/index.ts';
import { modelMachine, planPaths, stateName, stateNodesOf, transitionsOf } from './sessionModel.ts';

const plan = planPaths();

describe('the session model (xstate/graph), derived from the machine', () => {
  it('has exactly the machine’s state nodes and transitions', () => {
    const transitions = transitionsOf(sessionMachine);

    expect(stateNodesOf(modelMachine).map(stateName)).toEqual(stateNodesOf(sessionMachine).map(stateName));
    expect(transitionsOf(modelMachine).sort()).toEqual([...transitions].sort());
    expect(new Set(transitions).size, 'every transition has its own name').toBe(transitions.length);
  });

  it('plans paths that take every transition and enter every state node of the machine', () => {
    const states = stateNodesOf(sessionMachine).length;
    const transitions = transitionsOf(sessionMachine).length;
    const missing = plan.unreachable.length;
    const steps = plan.paths.reduce((sum, path) => sum + path.steps.length, 0);
    console.info(
      `[model plan] ${plan.paths.length} paths, ${steps} steps over ${plan.modelStates} model states and ${plan.modelEdges} edges; ` +
        `they reach ${states + transitions - missing}/${states + transitions} of the machine's ${states} state nodes and ${transitions} transitions`,
    );

    expect(plan.unreachable, 'transitions and state nodes no path through the model takes').toEqual([]);
  });

  it('never leaves undone what the user or another tab asked for: no intent or message waits at rest, no login ends unexplained (R6, R13, R14)', () => {
    expect(plan.undone, 'the shortest path to each').toEqual([]);
  });
});
