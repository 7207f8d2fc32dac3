import type { StorageLike } from '../../src/core/storage.ts';
import {
  emptySnapshot,
  LEGACY_STORAGE_KEYS,
  parseSnapshot,
  serializeSnapshot,
  SNAPSHOT_STORAGE_KEY,
  type InitialState,
  type MockSnapshot,
} from './mockSnapshot.ts';
import type { MockLock } from './snapshotLock.ts';

/** Where a backend's state lives: one snapshot in web storage (shared by tabs) or in memory. */
export interface SnapshotStore {
  /** The state now, for reading only: never modify it (no lock: what one request sees before it is served). */
  read(): Readonly<MockSnapshot>;
  /**
   * Under the lock: reads the current state, lets `change` modify it (it may await: the lock is
   * held until it is done), writes it back, and resolves with what `change` returned. If `change`
   * throws, nothing is written.
   */
  update<T>(change: (snapshot: MockSnapshot) => T | Promise<T>): Promise<T>;
}

export interface SnapshotStoreOptions {
  storage: StorageLike | null;
  lock: MockLock;
  initial: InitialState;
}

/**
 * A snapshot store over `storage`, or in memory when it is null. A storage that throws (disabled,
 * full) is given up for good: the backend goes on in memory from the last state it knew.
 */
export function createSnapshotStore({ storage, lock, initial }: SnapshotStoreOptions): SnapshotStore {
  let shared = storage;
  let legacyRemoved = false;
  let memory = emptySnapshot(initial);

  /** The current state: a fresh copy parsed from the storage, or the one in memory itself. */
  function current(): MockSnapshot {
    if (shared) {
      try {
        return parseSnapshot(shared.getItem(SNAPSHOT_STORAGE_KEY), initial);
      } catch {
        shared = null;
      }
    }
    return memory;
  }

  function save(snapshot: MockSnapshot): void {
    memory = snapshot;
    if (!shared) return;
    try {
      shared.setItem(SNAPSHOT_STORAGE_KEY, serializeSnapshot(snapshot));
      if (!legacyRemoved) for (const key of LEGACY_STORAGE_KEYS) shared.removeItem(key);
      legacyRemoved = true;
    } catch {
      shared = null;
    }
  }

  return {
    read: current,
    update(change) {
      return lock(SNAPSHOT_STORAGE_KEY, async () => {
        // A copy even in memory, so a change that throws half-way leaves nothing behind.
        const loaded = current();
        const snapshot = loaded === memory ? structuredClone(memory) : loaded;
        const result = await change(snapshot);
        snapshot.revision += 1;
        save(snapshot);
        return result;
      });
    },
  };
}
