import { useEffect, useId, useRef, useState } from 'react';
import type { MockState, ScenarioName } from '../../mocks/mockApiTypes.ts';
import { notePendingSettings, settlePendingSettings, type PendingSettings } from '../../mocks/pendingSettings.ts';
import type { MockAdmin } from './mockAdmin.ts';

const isScenarioOf = (state: MockState, name: string): name is ScenarioName => state.scenarios.some((scenario) => scenario.name === name);

const isLatency = (text: string) => /^\d{1,5}$/.test(text);

/** What the mock answers with. */
interface MockSettings {
  scenario: ScenarioName;
  latencyMs: number;
}

/** The mock's settings after a change: made here, or found made elsewhere (another tab, a test). */
interface Outcome extends MockSettings {
  changedHere: boolean;
}

/** What the live region says: a failure, work under way, or the settings the mock took. */
function statusText(problem: string | null, pending: number, outcome: Outcome | null): string {
  if (problem) return `Mock admin API: ${problem}`;
  if (pending > 0) return 'Applying…';
  if (!outcome) return '';
  const settings = `the mock answers with ${outcome.scenario}, ${outcome.latencyMs} ms added.`;
  return outcome.changedHere ? `Applied: ${settings}` : `Changed elsewhere: ${settings}`;
}

const settingsOf = (state: MockState): MockSettings => ({ scenario: state.scenario, latencyMs: state.latency_ms });
const sameSettings = (a: MockSettings, b: MockSettings) => a.scenario === b.scenario && a.latencyMs === b.latencyMs;

interface BackendControlsProps {
  admin: MockAdmin;
  /** What the mock reported when the panel opened. */
  state: MockState;
}

/**
 * Switches the mock backend's scenario and latency, and empties its store, through its admin
 * API. A mock shared by several tabs applies a choice made here to all of them; a choice made in
 * another tab shows here when this tab comes back into view.
 */
export function BackendControls({ admin, state }: BackendControlsProps) {
  const id = useId();
  const [scenario, setScenario] = useState<ScenarioName>(state.scenario);
  const [latency, setLatency] = useState(String(state.latency_ms));
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(0);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // Changes and reads go to the mock one after another, so the last choice is the one it keeps.
  const queue = useRef<Promise<void>>(Promise.resolve());
  // What the mock answered with when it was last heard from, and how many changes were made here.
  const known = useRef<MockSettings>(settingsOf(state));
  const changesMade = useRef(0);
  const description = state.scenarios.find((option) => option.name === scenario)?.description ?? '';
  const report = (error: unknown) => setProblem(error instanceof Error ? error.message : String(error));

  function apply(send: () => Promise<void>, change: Partial<MockSettings>) {
    changesMade.current += 1;
    // Kept until the mock confirms it: a reload meanwhile would otherwise lose the choice.
    const pendingChange: PendingSettings = { scenario: change.scenario, latency_ms: change.latencyMs };
    notePendingSettings(pendingChange);
    setProblem(null);
    setPending((count) => count + 1);
    queue.current = queue.current
      .then(send)
      .then(() => {
        settlePendingSettings(pendingChange);
        known.current = { ...known.current, ...change };
        setOutcome({ ...known.current, changedHere: true });
      }, report)
      .finally(() => setPending((count) => count - 1));
  }

  useEffect(() => {
    function readAgain() {
      if (document.visibilityState !== 'visible') return;
      const changesBefore = changesMade.current;
      queue.current = queue.current
        .then(() => admin.state())
        .then((now) => {
          const settings = settingsOf(now);
          // A choice made here since the read was asked for is newer than what it found.
          if (changesMade.current !== changesBefore || sameSettings(settings, known.current)) return;
          known.current = settings;
          setScenario(settings.scenario);
          setLatency(String(settings.latencyMs));
          setProblem(null);
          setOutcome({ ...settings, changedHere: false });
        }, report);
    }
    document.addEventListener('visibilitychange', readAgain);
    window.addEventListener('focus', readAgain);
    return () => {
      document.removeEventListener('visibilitychange', readAgain);
      window.removeEventListener('focus', readAgain);
    };
  }, [admin]);

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
        {statusText(problem, pending, outcome)}
      </p>
    </div>
  );
}
