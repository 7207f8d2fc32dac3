import type { StorageLike } from '../src/core/storage.ts';
import { createMockBackend } from './createMockBackend.ts';
import { indexedDbSnapshotStorage } from './state/indexedDbSnapshotStorage.ts';
import { webStorageSnapshot } from './state/snapshotStorage.ts';

/**
 * The page's `localStorage`, looked up on every call: nothing is touched when this module loads,
 * and a storage that is missing or disabled throws on use, which makes the backend go on in memory.
 */
const pageLocalStorage: StorageLike = {
  getItem: (key) => window.localStorage.getItem(key),
  setItem: (key, value) => window.localStorage.setItem(key, value),
  removeItem: (key) => window.localStorage.removeItem(key),
};

/**
 * The browser's mock backend: one state in IndexedDB, read and written under a Web Lock, so every
 * tab of the origin sees one backend. Where IndexedDB cannot be opened, the state lives in
 * `localStorage` instead, and failing that in memory. Each tab keeps its own request log.
 */
export const browserBackend = createMockBackend({
  storage: indexedDbSnapshotStorage({ fallback: webStorageSnapshot(pageLocalStorage) }),
});
