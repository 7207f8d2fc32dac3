import type { StorageLike } from '../../src/core/storage.ts';
import { LEGACY_STORAGE_KEYS, SNAPSHOT_STORAGE_KEY } from './mockSnapshot.ts';

/**
 * Where a backend keeps its snapshot, as text: read whole before and written whole after each
 * change, under the backend's lock. Either method rejects when the storage fails; the backend
 * then goes on in memory.
 */
export interface SnapshotStorage {
  /** The stored text, or null when nothing is stored yet. */
  get(): Promise<string | null>;
  /** Stores the text; resolves once it is stored. */
  set(text: string): Promise<void>;
}

function isWebStorage(storage: StorageLike | SnapshotStorage): storage is StorageLike {
  return 'getItem' in storage;
}

/**
 * The snapshot under {@link SNAPSHOT_STORAGE_KEY} of a Web Storage (`localStorage` or a stand-in).
 * Its first write removes the keys of earlier versions (one of them held access tokens in clear).
 */
export function webStorageSnapshot(storage: StorageLike): SnapshotStorage {
  let legacyRemoved = false;
  return {
    async get() {
      return storage.getItem(SNAPSHOT_STORAGE_KEY);
    },
    async set(text) {
      storage.setItem(SNAPSHOT_STORAGE_KEY, text);
      if (!legacyRemoved) for (const key of LEGACY_STORAGE_KEYS) storage.removeItem(key);
      legacyRemoved = true;
    },
  };
}

/** Any storage `createMockBackend` accepts, as a {@link SnapshotStorage}. */
export function toSnapshotStorage(storage: StorageLike | SnapshotStorage): SnapshotStorage {
  return isWebStorage(storage) ? webStorageSnapshot(storage) : storage;
}
