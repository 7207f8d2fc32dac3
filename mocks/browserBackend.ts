import type { StorageLike } from '../src/core/storage.ts';
import { createMockBackend } from './createMockBackend.ts';

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
 * The browser's mock backend: one state in `localStorage`, serialized with Web Locks, so every
 * tab of the origin sees one backend; each tab keeps its own request log.
 */
export const browserBackend = createMockBackend({ storage: pageLocalStorage });
