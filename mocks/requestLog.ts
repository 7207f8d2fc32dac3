import { now } from './clock.ts';
import type { ScenarioName } from './scenarios.ts';

/** One request the mock backend served. */
export interface RequestLogEntry {
  /** 1, 2, 3... in the order responses were given since the last clear. */
  id: number;
  /** MSW's id of the request (the `requestId` of its life-cycle events). */
  requestId: string;
  method: string;
  /** Path and query, without the origin: `/api/session/ses_.../upgrade`. */
  path: string;
  /** HTTP status; 0 for a network error (the `offline` scenario). */
  status: number;
  /** Delay the mock added before answering, in ms. */
  latencyMs: number;
  /** The scenario active when the request arrived. */
  scenario: ScenarioName;
  /** When the request arrived (mock clock), ISO 8601. */
  at: string;
}

/** What {@link countRequests} filters on; every given field must match. */
export interface RequestFilter {
  method?: string;
  /** Exact path (query ignored) or a pattern tested against the path with its query. */
  path?: string | RegExp;
  status?: number;
}

type Listener = (entries: readonly RequestLogEntry[]) => void;

/** Oldest entries are dropped beyond this, so a long demo session does not grow without bound. */
const MAX_ENTRIES = 1000;

let log: readonly RequestLogEntry[] = Object.freeze([]);
let nextId = 1;
const listeners = new Set<Listener>();

function publish(next: readonly RequestLogEntry[]): void {
  log = Object.freeze(next);
  for (const listener of listeners) listener(log);
}

function matches(entry: RequestLogEntry, filter: RequestFilter): boolean {
  if (filter.method !== undefined && entry.method !== filter.method.toUpperCase()) return false;
  if (filter.status !== undefined && entry.status !== filter.status) return false;
  if (filter.path instanceof RegExp) return filter.path.test(entry.path);
  if (filter.path !== undefined) return (entry.path.split('?')[0] ?? '') === filter.path;
  return true;
}

/**
 * The log of every request the mock served, newest last. `entries()` returns the same frozen
 * array until the log changes, so it can back React's `useSyncExternalStore`.
 */
export const requestLog = {
  /** All entries, oldest first (an immutable snapshot). */
  entries(): readonly RequestLogEntry[] {
    return log;
  },

  /** Calls `listener` with the new snapshot after every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },

  /** Appends an entry (used by the handlers). */
  record(entry: Omit<RequestLogEntry, 'id' | 'at'>): RequestLogEntry {
    const full: RequestLogEntry = { ...entry, id: nextId++, at: new Date(now()).toISOString() };
    publish([...log.slice(Math.max(0, log.length - MAX_ENTRIES + 1)), full]);
    return full;
  },

  /** Empties the log and restarts the ids at 1. */
  clear(): void {
    nextId = 1;
    publish([]);
  },

  /** How many logged requests match the filter (all of them without one). */
  count(filter: RequestFilter = {}): number {
    return log.filter((entry) => matches(entry, filter)).length;
  },
};

/** Shorthand for `requestLog.count(filter)`: `countRequests({ method: 'POST', path: '/api/auth/login' })`. */
export function countRequests(filter: RequestFilter = {}): number {
  return requestLog.count(filter);
}
