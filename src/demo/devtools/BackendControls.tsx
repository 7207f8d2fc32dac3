import { useId, useState } from 'react';
import { getScenario, isScenarioName, requestLog, resetStore, scenarios, setScenario, type ScenarioName } from '../../../mocks/index.ts';
import { chooseLatency, currentLatency } from '../mock.ts';

/** Switches the mock backend's scenario and latency, and empties its store. All of it survives a reload. */
export function BackendControls() {
  const id = useId();
  // The mock restored both from localStorage when it loaded, so these show the persisted values.
  const [scenario, setScenarioState] = useState<ScenarioName>(getScenario);
  const [latency, setLatencyText] = useState(() => String(currentLatency()));
  const description = scenarios.find((s) => s.name === scenario)?.description ?? '';
  const latencyValid = /^\d{1,5}$/.test(latency);

  return (
    <div className="backend-controls">
      <div className="field">
        <label htmlFor={`${id}-scenario`}>Backend scenario</label>
        <select
          id={`${id}-scenario`}
          value={scenario}
          aria-describedby={`${id}-scenario-help`}
          onChange={(e) => {
            const next = e.target.value;
            if (!isScenarioName(next)) return;
            setScenario(next);
            setScenarioState(next);
          }}
        >
          {scenarios.map((s) => (
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
          aria-invalid={!latencyValid}
          aria-describedby={`${id}-latency-help`}
          onChange={(e) => {
            setLatencyText(e.target.value);
            if (/^\d{1,5}$/.test(e.target.value)) chooseLatency(Number(e.target.value));
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
            resetStore();
            requestLog.clear();
            // The tab still holds the forgotten session: reloading shows what the app does with a
            // stale session (R2: one failed GET, then one new anonymous session).
            location.reload();
          }}
        >
          Reset mock store
        </button>
        <p id={`${id}-reset-help`} className="field__help">
          Empties the mock's sessions and tokens, then reloads. Scenario and latency stay.
        </p>
      </div>
    </div>
  );
}
