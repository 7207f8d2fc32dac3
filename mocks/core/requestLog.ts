import type { RequestLogEntry } from '../mockApiTypes.ts';

/** What {@link RequestLog.count} filters on; every given field must match. */
export interface RequestFilter {
  method?: string;
  /** Exact path (query ignored) or a pattern tested against the path with its query. */
  path?: string | RegExp;
  status?: number;
}

type Listener = (entries: readonly RequestLogEntry[]) => void;

/**
 * The experience API requests one backend answered, oldest first. `entries()` returns the same
 * frozen array until the log changes, so it can back React's `useSyncExternalStore`.
 */
export interface RequestLog {
  entries(): readonly RequestLogEntry[];
  /** Calls `listener` with the new entries after every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void;
  /** How many entries match the filter (all of them without one). */
  count(filter?: RequestFilter): number;
  /** Empties the log and restarts the ids at 1. */
  clear(): void;
  /** Appends an entry (the backend does, once it has answered). */
  record(entry: Omit<RequestLogEntry, 'id'>): RequestLogEntry;
}

/** Oldest entries are dropped beyond this, so a long demo does not grow without bound. */
const MAX_ENTRIES = 1000;

function matches(entry: RequestLogEntry, filter: RequestFilter): boolean {
  if (filter.method !== undefined && entry.method !== filter.method.toUpperCase()) return false;
  if (filter.status !== undefined && entry.status !== filter.status) return false;
  if (filter.path instanceof RegExp) return filter.path.test(entry.path);
  if (filter.path !== undefined) return (entry.path.split('?')[0] ?? '') === filter.path;
  return true;
}

/** A new, empty request log. */
export function createRequestLog(): RequestLog {
  let log: readonly RequestLogEntry[] = Object.freeze([]);
  let nextId = 1;
  const listeners = new Set<Listener>();

  function publish(next: RequestLogEntry[]): void {
    log = Object.freeze(next);
    for (const listener of listeners) listener(log);
  }

  return {
    entries: () => log,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    count: (filter = {}) => log.filter((entry) => matches(entry, filter)).length,
    clear() {
      nextId = 1;
      publish([]);
    },
    record(entry) {
      const full: RequestLogEntry = { id: nextId++, ...entry };
      publish([...log.slice(Math.max(0, log.length - MAX_ENTRIES + 1)), full]);
      return full;
    },
  };
}
