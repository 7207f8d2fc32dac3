import {
  emptySnapshot,
  parseSnapshot,
  serializeSnapshot,
  SNAPSHOT_STORAGE_KEY,
  type InitialState,
  type MockSnapshot,
} from './mockSnapshot.ts';
import type { MockLock } from './snapshotLock.ts';
import type { SnapshotStorage } from './snapshotStorage.ts';

/** Where a backend's state lives: one snapshot in a storage (shared by tabs) or in memory. */
export interface SnapshotStore {
  /**
   * The state now, for reading only: never modify it. Takes no lock: what one request sees before
   * it is served, or what an inspection reports.
   */
  read(): Promise<Readonly<MockSnapshot>>;
  /**
   * Under the lock: reads the current state, lets `change` modify it (it may await: the lock is
   * held until it is done), writes it back, and resolves with what `change` returned once the
   * storage has it. If `change` throws, nothing is written.
   */
  update<T>(change: (snapshot: MockSnapshot) => T | Promise<T>): Promise<T>;
}

export interface SnapshotStoreOptions {
  storage: SnapshotStorage | null;
  lock: MockLock;
  initial: InitialState;
}

/**
 * A snapshot store over `storage`, or in memory when it is null. A storage that fails (missing,
 * disabled, full) is given up for good: the backend goes on in memory from the last state it knew.
 */
export function createSnapshotStore({ storage, lock, initial }: SnapshotStoreOptions): SnapshotStore {
  let shared = storage;
  // Made at first use: `initial` may change until then.
  let memory: MockSnapshot | null = null;

  /** The current state: a fresh copy parsed from the storage, or the one in memory itself. */
  async function current(): Promise<MockSnapshot> {
    if (shared) {
      try {
        return parseSnapshot(await shared.get(), initial);
      } catch {
        shared = null;
      }
    }
    memory ??= emptySnapshot(initial);
    return memory;
  }

  async function save(snapshot: MockSnapshot): Promise<void> {
    memory = snapshot;
    if (!shared) return;
    try {
      await shared.set(serializeSnapshot(snapshot));
    } catch {
      shared = null;
    }
  }

  return {
    read: current,
    update(change) {
      return lock(SNAPSHOT_STORAGE_KEY, async () => {
        // A copy even in memory, so a change that throws half-way leaves nothing behind.
        const loaded = await current();
        const snapshot = loaded === memory ? structuredClone(memory) : loaded;
        const result = await change(snapshot);
        snapshot.revision += 1;
        // Awaited inside the lock: the next holder, in any tab, must read this write.
        await save(snapshot);
        return result;
      });
    },
  };
}
