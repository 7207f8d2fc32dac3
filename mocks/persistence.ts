/**
 * Where the mock keeps what must survive a page reload (store, scenario, latency).
 * In a browser that is `localStorage`; in Node there is none, so everything lives in memory.
 * Tests may inject any Storage-like object.
 */

import type { StorageLike } from '../src/core/storage.ts';

export type { StorageLike };

type Hydrator = () => void;

const hydrators = new Set<Hydrator>();
let storage: StorageLike | null = detectBrowserStorage();

/** `localStorage` when running in a browser (or jsdom) and usable; otherwise null. */
export function detectBrowserStorage(): StorageLike | null {
  // Node 22+ may expose a global `localStorage` too; only a window means "a page to reload".
  if (typeof window === 'undefined') return null;
  try {
    const candidate = window.localStorage;
    return candidate ?? null;
  } catch {
    // Access itself throws when storage is disabled (e.g. some privacy modes).
    return null;
  }
}

/** The storage currently used, or null when the mock is memory only. */
export function getPersistentStorage(): StorageLike | null {
  return storage;
}

/**
 * Uses `next` as the persistent storage (null: memory only; undefined: the detected default)
 * and reloads every persisted part of the mock from it, as a page reload would.
 */
export function setPersistentStorage(next: StorageLike | null | undefined): void {
  storage = next === undefined ? detectBrowserStorage() : next;
  for (const hydrate of hydrators) hydrate();
}

/** Registers a module's loader, run now and whenever the storage changes. */
export function onStorageChange(hydrate: Hydrator): void {
  hydrators.add(hydrate);
  hydrate();
}

/** Reads and parses a JSON value; undefined when absent, unreadable or not JSON. */
export function readPersisted(key: string): unknown {
  if (!storage) return undefined;
  try {
    const raw = storage.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}

/** Writes a JSON value; failures (quota, disabled storage) leave the mock memory only. */
export function writePersisted(key: string, value: unknown): void {
  if (!storage) return;
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // The in-memory state stays authoritative.
  }
}

/** Removes a key, ignoring storage failures. */
export function removePersisted(key: string): void {
  if (!storage) return;
  try {
    storage.removeItem(key);
  } catch {
    // Nothing to do: the value is simply not cleaned up.
  }
}
