import type { ScenarioName } from '../mockApiTypes.ts';
import { isScenarioName } from '../scenarios.ts';
import { MAX_CLOCK_OFFSET_MS, MAX_LATENCY_MS } from '../settings.ts';
import { parseAccessTokenRecord, type AccessTokenRecord } from './accessTokenRecords.ts';
import { isRecord, parseList } from './guards.ts';
import { parseIdempotencyRecord, type IdempotencyRecord } from './idempotencyRecords.ts';
import { parseSessionRecord, type SessionRecord } from './sessionRecords.ts';

/** The web storage key under which the whole backend state is kept. */
export const SNAPSHOT_STORAGE_KEY = 'session-first:mock-backend';

/** Keys of earlier versions (one held access tokens in clear); removed on the first write. */
export const LEGACY_STORAGE_KEYS = ['session-first:mock-store', 'session-first:mock-scenario', 'session-first:mock-latency'];

const SNAPSHOT_VERSION = 2;

/**
 * The whole state of a mock backend: what every tab sharing the storage reads before and writes
 * after each request. Only what a server keeps: access tokens appear as hashes only.
 */
export interface MockSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** Incremented by every write: how many changes the state has seen. */
  revision: number;
  scenario: ScenarioName;
  latency_ms: number;
  /** Added to the backend's clock (`POST /__mock/clock`). */
  clock_offset_ms: number;
  /** Requests counted under `flaky` since it was selected (the odd ones fail). */
  flaky_count: number;
  sessions: SessionRecord[];
  access_tokens: AccessTokenRecord[];
  idempotency: IdempotencyRecord[];
}

/** What a backend starts with, and goes back to on reset. */
export interface InitialState {
  scenario: ScenarioName;
  latency_ms: number;
}

/** An empty store with the given scenario and latency. */
export function emptySnapshot(initial: InitialState, revision = 0): MockSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    revision,
    scenario: initial.scenario,
    latency_ms: initial.latency_ms,
    clock_offset_ms: 0,
    flaky_count: 0,
    sessions: [],
    access_tokens: [],
    idempotency: [],
  };
}

/** A whole number within [min, max]; `fallback` when the value is no finite number. */
function clampInteger(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(Math.max(Math.round(value), min), max);
}

/** Keeps the first session of each id (a hand-edited store may repeat one). */
function uniqueSessions(sessions: SessionRecord[]): SessionRecord[] {
  const byId = new Map<string, SessionRecord>();
  for (const session of sessions) if (!byId.has(session.session_id)) byId.set(session.session_id, session);
  return [...byId.values()];
}

/**
 * Reads a stored snapshot. Anything unreadable gives an empty store; numbers are clamped to what
 * the admin API accepts (a tampered latency of 1e308 becomes 60 000 ms); damaged entries are
 * dropped one by one, so one bad session does not lose the others.
 */
export function parseSnapshot(text: string | null, initial: InitialState): MockSnapshot {
  let stored: unknown;
  try {
    stored = text === null ? null : JSON.parse(text);
  } catch {
    stored = null;
  }
  if (!isRecord(stored) || stored.version !== SNAPSHOT_VERSION) return emptySnapshot(initial);
  return {
    version: SNAPSHOT_VERSION,
    revision: clampInteger(stored.revision, 0, Number.MAX_SAFE_INTEGER, 0),
    scenario: isScenarioName(stored.scenario) ? stored.scenario : initial.scenario,
    latency_ms: clampInteger(stored.latency_ms, 0, MAX_LATENCY_MS, initial.latency_ms),
    clock_offset_ms: clampInteger(stored.clock_offset_ms, -MAX_CLOCK_OFFSET_MS, MAX_CLOCK_OFFSET_MS, 0),
    flaky_count: clampInteger(stored.flaky_count, 0, Number.MAX_SAFE_INTEGER, 0),
    sessions: uniqueSessions(parseList(stored.sessions, parseSessionRecord)),
    access_tokens: parseList(stored.access_tokens, parseAccessTokenRecord),
    idempotency: parseList(stored.idempotency, parseIdempotencyRecord),
  };
}

/** The text a snapshot is stored as. */
export function serializeSnapshot(snapshot: MockSnapshot): string {
  return JSON.stringify(snapshot);
}
