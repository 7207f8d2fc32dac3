import { useEffect, useId, useState } from 'react';
import type { MockState, ScenarioName } from '../../../mocks/index.ts';
import { rememberLatencyChoice } from '../demoLatency.ts';
import { mockAdmin } from './mockAdmin.ts';

const isScenarioOf = (state: MockState, name: string): name is ScenarioName => state.scenarios.some((s) => s.name === name);

/**
 * Switches the mock backend's scenario and latency, and empties its store, through the mock's
 * admin API. Every tab shares the backend, so a choice made here applies to all of them.
 */
export function BackendControls() {
  const id = useId();
  // What the backend reported when the panel opened; the controls stay disabled until then.
  const [state, setState] = useState<MockState | null>(null);
  const [scenario, setScenario] = useState<ScenarioName>('default');
  const [latency, setLatencyText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const description = state?.scenarios.find((s) => s.name === scenario)?.description ?? '';
  const latencyValid = /^\d{1,5}$/.test(latency) && Number(latency) <= 60_000;
  const report = (error: unknown) => setProblem(error instanceof Error ? error.message : String(error));

  useEffect(() => {
    let open = true;
    mockAdmin.state().then((loaded) => {
      if (!open) return;
      setState(loaded);
      setScenario(loaded.scenario);
      setLatencyText(String(loaded.latency_ms));
    }, report);
    return () => {
      open = false;
    };
  }, []);

  return (
    <div className="backend-controls">
      <div className="field">
        <label htmlFor={`${id}-scenario`}>Backend scenario</label>
        <select
          id={`${id}-scenario`}
          value={scenario}
          disabled={!state}
          aria-describedby={`${id}-scenario-help`}
          onChange={(e) => {
            const next = e.target.value;
            if (!state || !isScenarioOf(state, next)) return;
            setScenario(next);
            mockAdmin.setScenario(next).catch(report);
          }}
        >
          {state?.scenarios.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
        <p id={`${id}-scenario-help`} className="field__help">
          {description}
        </p>
      </div>
      <div className="field field--inline">
        <label htmlFor={`${id}-latency`}>Latency (ms)</label>
        <input
          id={`${id}-latency`}
          type="number"
          inputMode="numeric"
          min={0}
          max={60000}
          step={50}
          value={latency}
          disabled={!state}
          aria-invalid={!latencyValid}
          aria-describedby={`${id}-latency-help`}
          onChange={(e) => {
            const text = e.target.value;
            setLatencyText(text);
            if (!/^\d{1,5}$/.test(text) || Number(text) > 60_000) return;
            rememberLatencyChoice(true);
            mockAdmin.setLatency(Number(text)).catch(report);
          }}
        />
        <p id={`${id}-latency-help`} className="field__help">
          Added to every response{scenario === 'slow' ? ' (the slow scenario adds about 1.5 s more)' : ''}.
        </p>
      </div>
      <div className="field">
        <button
          type="button"
          className="button button--danger"
          aria-describedby={`${id}-reset-help`}
          onClick={() => {
            mockAdmin.reset().then(() => {
              rememberLatencyChoice(false);
              // The tab still holds the forgotten session: reloading shows what the app does with a
              // stale session (R2: one failed GET, then one new anonymous session).
              location.reload();
            }, report);
          }}
        >
          Reset mock store
        </button>
        <p id={`${id}-reset-help`} className="field__help">
          Empties the mock's sessions and tokens in every tab and puts scenario and latency back to their defaults, then reloads.
        </p>
      </div>
      {problem && (
        <p role="status" className="field__help">
          Mock admin API: {problem}
        </p>
      )}
    </div>
  );
}
