import { webStorage, type StorageLike } from '../src/core/storage.ts';
import type { MockState } from './mockApiTypes.ts';

/**
 * Settings chosen in the developer panel that may not have reached the mock yet. A choice goes
 * from the page through the service worker to the mock and into IndexedDB; a reload right after it
 * can cut that short. So the panel also writes it here, at once (localStorage is synchronous), and
 * clears it once the mock has it; `startMockBackend()` applies whatever a reload left behind.
 */
export type PendingSettings = Partial<Pick<MockState, 'scenario' | 'latency_ms'>>;

/** The localStorage key of the settings on their way to the mock. */
export const PENDING_SETTINGS_KEY = 'session-first:mock-pending-settings';

// localStorage, or null where it is missing or its getter throws (core's own guard).
const pageStorage = (): StorageLike | null => webStorage('browser');

function read(storage: StorageLike): PendingSettings {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(PENDING_SETTINGS_KEY) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as PendingSettings) : {};
  } catch {
    return {};
  }
}

function write(storage: StorageLike, settings: PendingSettings): void {
  try {
    if (Object.keys(settings).length === 0) storage.removeItem(PENDING_SETTINGS_KEY);
    else storage.setItem(PENDING_SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // Without storage the choice still travels to the mock; only the reload race stays.
  }
}

/** Notes a choice before it is sent to the mock. */
export function notePendingSettings(change: PendingSettings): void {
  const storage = pageStorage();
  if (!storage) return;
  const pending = read(storage);
  if (change.scenario !== undefined) pending.scenario = change.scenario;
  if (change.latency_ms !== undefined) pending.latency_ms = change.latency_ms;
  write(storage, pending);
}

/** Forgets a choice the mock has confirmed, unless a newer one for the same setting is on its way. */
export function settlePendingSettings(change: PendingSettings): void {
  const storage = pageStorage();
  if (!storage) return;
  const pending = read(storage);
  if (change.scenario !== undefined && pending.scenario === change.scenario) delete pending.scenario;
  if (change.latency_ms !== undefined && pending.latency_ms === change.latency_ms) delete pending.latency_ms;
  write(storage, pending);
}

/** The choices a reload cut short, removed from storage: the caller applies them. */
export function takePendingSettings(): PendingSettings {
  const storage = pageStorage();
  if (!storage) return {};
  const pending = read(storage);
  write(storage, {});
  return pending;
}
