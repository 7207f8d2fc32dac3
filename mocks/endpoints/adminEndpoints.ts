/**
 * The admin API under `/__mock/` (tag `mock-admin` in src/api/openapi.yaml), and the state
 * changes it shares with the backend's own methods (`backend.setScenario(...)` and so on).
 */
import type { Metadata } from '../../src/api/types.ts';
import { accounts } from '../accounts.ts';
import type { MockSession, MockState, ScenarioName } from '../mockApiTypes.ts';
import type { Operation, StateView, Transaction } from '../core/operation.ts';
import { readRequestBody } from '../core/readRequestBody.ts';
import { reply } from '../core/replies.ts';
import type { RequestLog } from '../core/requestLog.ts';
import { checkRequest, validateModel, type ModelOf, type ModelRules } from '../core/validateModel.ts';
import { scenarios } from '../scenarios.ts';
import { MAX_CLOCK_OFFSET_MS, MAX_LATENCY_MS } from '../settings.ts';
import { emptySnapshot, type InitialState, type MockSnapshot } from '../state/mockSnapshot.ts';
import { isSessionExpired, toMockSession, type SessionRecord } from '../state/sessionRecords.ts';
import { newFreshSecret, type FreshSecret } from '../secrets.ts';
import { bindSession, insertSession } from './sessionAccess.ts';

const scenarioRules = { name: { kind: 'literal', required: true, values: scenarios.map((s) => s.name) } } as const;
const latencyRules = { ms: { kind: 'integer', required: true, min: 0, max: MAX_LATENCY_MS } } as const;
const seedRules = { email: { kind: 'literal', required: false, values: accounts.map((a) => a.email) } } as const;
const clockRules = { advance_ms: { kind: 'integer', required: true, min: -MAX_CLOCK_OFFSET_MS, max: MAX_CLOCK_OFFSET_MS } } as const;

/**
 * Selects a scenario from now on. Selecting `expired-session` expires every session that exists
 * now; selecting `flaky` (again) restarts its count.
 */
export function selectScenario(tx: Transaction, name: ScenarioName): void {
  tx.snapshot.scenario = name;
  tx.snapshot.flaky_count = 0;
  if (name !== 'expired-session') return;
  for (const session of tx.snapshot.sessions) session.expired_at ??= tx.now;
}

/** Moves the clock by `ms` (back when negative), within 100 years of the backend's own clock. */
export function moveClock(tx: Transaction, ms: number): void {
  const offset = tx.snapshot.clock_offset_ms + ms;
  tx.snapshot.clock_offset_ms = Math.min(Math.max(offset, -MAX_CLOCK_OFFSET_MS), MAX_CLOCK_OFFSET_MS);
}

/** Empties the store and puts scenario, latency and clock back to where the backend started. */
export function resetState(tx: Transaction, initial: InitialState): void {
  Object.assign(tx.snapshot, emptySnapshot(initial, tx.snapshot.revision));
}

/**
 * Puts a new session into the store, as a tab that visited before would hold it: anonymous, or
 * already signed in as the demo account with `email`.
 */
export function seedSessionIn(tx: Transaction, secret: FreshSecret, email?: string, metadata: Metadata = {}): SessionRecord {
  const session = insertSession(tx, secret, metadata);
  const account = accounts.find((a) => a.email === email);
  if (account) bindSession(tx, session, { user_id: account.user_id, tenant_id: account.tenant }, secret);
  return session;
}

/** The live sessions, oldest first. */
export function liveSessions(view: StateView): MockSession[] {
  return view.snapshot.sessions.filter((s) => !isSessionExpired(s, view.now, view.settings)).map((s) => toMockSession(s, view.settings));
}

/** What `GET /__mock/state` answers. */
export function stateOf(snapshot: Readonly<MockSnapshot>): MockState {
  return {
    scenario: snapshot.scenario,
    latency_ms: snapshot.latency_ms,
    clock_offset_ms: snapshot.clock_offset_ms,
    scenarios: scenarios.map((s) => ({ ...s })),
  };
}

/** An admin operation that validates its JSON body, changes the state with it and answers 204. */
function changeWithBody<R extends ModelRules>(rules: R, change: (tx: Transaction, body: ModelOf<R>) => void): Operation {
  return async (request) => {
    const checked = checkRequest([], validateModel(await readRequestBody(request), rules, { required: true }));
    if ('reply' in checked) return checked;
    return {
      apply(tx) {
        change(tx, checked.value);
        return reply.noContent();
      },
    };
  };
}

/** The admin operations of one backend, by operation id (they reach its request log and its start state). */
export function createAdminOperations(log: RequestLog, initial: InitialState) {
  const listSessions: Operation = async () => ({ inspect: (view) => reply.ok({ sessions: liveSessions(view) }) });

  const reset: Operation = async () => ({
    apply(tx) {
      resetState(tx, initial);
      log.clear();
      return reply.noContent();
    },
  });

  const setScenario = changeWithBody(scenarioRules, (tx, body) => selectScenario(tx, body.name));
  const setLatency = changeWithBody(latencyRules, (tx, body) => {
    tx.snapshot.latency_ms = body.ms;
  });
  const advanceClock = changeWithBody(clockRules, (tx, body) => moveClock(tx, body.advance_ms));

  const seedSession: Operation = async (request) => {
    const checked = checkRequest([], validateModel(await readRequestBody(request), seedRules, { required: false }));
    if ('reply' in checked) return checked;
    const secret = await newFreshSecret();
    return {
      apply(tx) {
        const session = seedSessionIn(tx, secret, checked.value.email);
        return reply.seeded({ session_id: session.session_id, session_token: secret.token });
      },
    };
  };

  const getState: Operation = async () => ({ inspect: (view) => reply.ok(stateOf(view.snapshot)) });

  const listRequests: Operation = async () => ({ reply: reply.ok({ requests: log.entries() }) });

  const clearRequests: Operation = async () => {
    log.clear();
    return { reply: reply.noContent() };
  };

  return { listSessions, seedSession, reset, setScenario, setLatency, advanceClock, getState, listRequests, clearRequests };
}
