/**
 * The model-based suite, for one render mode: plans paths through the session model that take
 * every transition and enter every state node of the machine (sessionModel.test.ts checks the
 * plan itself), runs each against the real app, and checks that the real actor took them all.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sessionMachine } from '../../src/index.ts';
import type { RenderMode } from '../support/harness.tsx';
import { runModelPath } from './runModelPath.tsx';
import { pathTitle, planPaths, stateName, stateNodesOf, transitionsOf, type PlannedPath } from './sessionModel.ts';

/** Generous: a path's steps are quick, but a loaded machine must not cut one short mid-way (its page would outlive it). */
const PATH_TIMEOUT_MS = 30_000;

const titleOf = (path: PlannedPath) => pathTitle(path.kind, path.steps.map((step) => step.event.kind));

export function modelSuite({ name, strict }: RenderMode) {
  const transitions = transitionsOf(sessionMachine);
  const states = stateNodesOf(sessionMachine).map(stateName);
  const plan = planPaths();
  const executed = { transitions: new Set<string>(), states: new Set<string>(), paths: 0, steps: 0 };

  describe(`model-based tests of the session machine (${name})`, () => {
    it.each(plan.paths.map((path) => [titleOf(path), path] as const))('%s', async (_, path) => {
      const taken = await runModelPath(path, strict);

      expect([...path.transitions].filter((t) => !taken.transitions.has(t)), 'transitions the model took and the real actor did not').toEqual([]);
      taken.transitions.forEach((t) => executed.transitions.add(t));
      taken.states.forEach((s) => executed.states.add(s));
      executed.paths++;
      executed.steps += path.steps.length;
    }, PATH_TIMEOUT_MS);

    it('the real actor entered every state node and took every transition of the machine', () => {
      const missing = {
        states: states.filter((s) => !executed.states.has(s)),
        transitions: transitions.filter((t) => !executed.transitions.has(t)),
      };
      console.info(
        `[model ${name}] ${executed.paths}/${plan.paths.length} paths, ${executed.steps} steps (model: ${plan.modelStates} states, ${plan.modelEdges} edges); ` +
          `covered ${states.length - missing.states.length}/${states.length} state nodes and ${transitions.length - missing.transitions.length}/${transitions.length} transitions`,
      );
      expect(missing).toEqual({ states: [], transitions: [] });
    });
  });

  afterAll(() => {
    if (executed.paths < plan.paths.length) console.info(`[model ${name}] ${plan.paths.length - executed.paths} paths failed`);
  });
}
