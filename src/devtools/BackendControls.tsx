import { useId, useRef, useState } from 'react';
import type { MockState, ScenarioName } from '../../mocks/mockApiTypes.ts';
import type { MockAdmin } from './mockAdmin.ts';

const isScenarioOf = (state: MockState, name: string): name is ScenarioName => state.scenarios.some((scenario) => scenario.name === name);

const isLatency = (text: string) => /^\d{1,5}$/.test(text);

/** What the mock answers with once every change made here has been applied. */
interface Applied {
  scenario: ScenarioName;
  latencyMs: number;
}

/** What the live region says about the changes made here: a failure, work under way, or the result. */
function statusText(problem: string | null, pending: number, applied: Applied | null): string {
  if (problem) return `Mock admin API: ${problem}`;
  if (pending > 0) return 'Applying…';
  if (applied) return `Applied: the mock answers with ${applied.scenario}, ${applied.latencyMs} ms added.`;
  return '';
}

interface BackendControlsProps {
  admin: MockAdmin;
  /** What the mock reported when the panel opened. */
  state: MockState;
}

/**
 * Switches the mock backend's scenario and latency, and empties its store, through its admin
 * API. A mock shared by several tabs applies a choice made here to all of them.
 */
export function BackendControls({ admin, state }: BackendControlsProps) {
  const id = useId();
  const [scenario, setScenario] = useState<ScenarioName>(state.scenario);
  const [latency, setLatency] = useState(String(state.latency_ms));
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(0);
  const [applied, setApplied] = useState<Applied | null>(null);
  // Changes go to the mock one after another, so the last choice is the one it keeps.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const description = state.scenarios.find((known) => known.name === scenario)?.description ?? '';
  const report = (error: unknown) => setProblem(error instanceof Error ? error.message : String(error));

  function apply(send: () => Promise<void>, change: Partial<Applied>) {
    setProblem(null);
    setPending((count) => count + 1);
    queue.current = queue.current
      .then(send)
      .then(() => setApplied((before) => ({ scenario: state.scenario, latencyMs: state.latency_ms, ...before, ...change })), report)
      .finally(() => setPending((count) => count - 1));
  }

  return (
    <div className="sf-devtools-controls">
      <div className="sf-devtools-field">
        <label htmlFor={`${id}-scenario`}>Backend scenario</label>
        <select
          id={`${id}-scenario`}
          value={scenario}
          aria-describedby={`${id}-scenario-help`}
          onChange={(event) => {
            const next = event.target.value;
            if (!isScenarioOf(state, next)) return;
            setScenario(next);
            apply(() => admin.setScenario(next), { scenario: next });
          }}
        >
          {state.scenarios.map((known) => (
            <option key={known.name} value={known.name}>
              {known.name}
            </option>
          ))}
        </select>
        <p id={`${id}-scenario-help`} className="sf-devtools-help">
          {description}
        </p>
      </div>
      <div className="sf-devtools-field">
        <label htmlFor={`${id}-latency`}>Latency (ms)</label>
        <input
          id={`${id}-latency`}
          type="number"
          inputMode="numeric"
          min={0}
          step={50}
          value={latency}
          aria-invalid={!isLatency(latency)}
          aria-describedby={`${id}-latency-help`}
          onChange={(event) => {
            const text = event.target.value;
            setLatency(text);
            if (!isLatency(text)) return;
            const latencyMs = Number(text);
            apply(() => admin.setLatency(latencyMs), { latencyMs });
          }}
        />
        <p id={`${id}-latency-help`} className="sf-devtools-help">
          Added to every response{scenario === 'slow' ? ' (the slow scenario adds more)' : ''}.
        </p>
      </div>
      <div className="sf-devtools-field sf-devtools-field--row">
        <button
          type="button"
          className="sf-devtools-button sf-devtools-button--danger"
          aria-describedby={`${id}-reset-help`}
          onClick={() => {
            // The page still holds a session the mock has forgotten: the reload shows what the app
            // does with it (one failed request, then a new anonymous session).
            admin.reset().then(() => location.reload(), report);
          }}
        >
          Reset mock store
        </button>
        <p id={`${id}-reset-help`} className="sf-devtools-help">
          Forgets every session and token, puts scenario and latency back to their defaults, then reloads the page.
        </p>
      </div>
      <p role="status" className="sf-devtools-help">
        {statusText(problem, pending, applied)}
      </p>
    </div>
  );
}
