import { SNAPSHOT_STORAGE_KEY } from './mockSnapshot.ts';
import type { SnapshotStorage } from './snapshotStorage.ts';

/** Options of {@link indexedDbSnapshotStorage}. */
export interface IndexedDbSnapshotOptions {
  /** The IndexedDB to use, looked up on first use (default `globalThis.indexedDB`). */
  indexedDB?: () => Pick<IDBFactory, 'open'> | undefined;
  /**
   * Serves instead, for the rest of the page's life, when the database cannot be opened
   * (no IndexedDB, or one that refuses, as in some private modes). Without it, every call rejects.
   */
  fallback?: SnapshotStorage;
}

const DATABASE_NAME = 'session-first-mock-backend';
const DATABASE_VERSION = 1;
const OBJECT_STORE = 'snapshot';

function resultOf<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Resolves once the transaction has committed, rejects if it failed. */
function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** The snapshot as one value, under {@link SNAPSHOT_STORAGE_KEY}, in an open database. */
function databaseSnapshot(database: IDBDatabase): SnapshotStorage {
  return {
    async get() {
      const store = database.transaction(OBJECT_STORE, 'readonly').objectStore(OBJECT_STORE);
      const value: unknown = await resultOf(store.get(SNAPSHOT_STORAGE_KEY));
      return typeof value === 'string' ? value : null;
    },
    async set(text) {
      const transaction = database.transaction(OBJECT_STORE, 'readwrite');
      transaction.objectStore(OBJECT_STORE).put(text, SNAPSHOT_STORAGE_KEY);
      await committed(transaction);
    },
  };
}

/**
 * The snapshot in IndexedDB, what the browser backend shares between tabs. Chromium keeps
 * `localStorage` in a cache per renderer process and passes a write on to other processes only
 * eventually, so a tab that takes the lock right after another one wrote may read the state before
 * that write. IndexedDB runs every transaction in the browser process, in the order they were
 * made: a read started after a write committed sees it, whichever tab made either. `set` resolves
 * only once its write committed. The database is opened on first use, nothing before.
 */
export function indexedDbSnapshotStorage(options: IndexedDbSnapshotOptions = {}): SnapshotStorage {
  const lookUp = options.indexedDB ?? (() => globalThis.indexedDB);
  let opened: Promise<SnapshotStorage> | undefined;

  async function open(): Promise<SnapshotStorage> {
    const factory = lookUp();
    if (!factory) throw new Error('IndexedDB is not available');
    const request = factory.open(DATABASE_NAME, DATABASE_VERSION);
    request.onupgradeneeded = () => request.result.createObjectStore(OBJECT_STORE);
    const database = await resultOf(request);
    // Closed by the browser (site data cleared) or asked to make way for a newer version:
    // the next call opens it again rather than failing for the rest of the page's life.
    database.onclose = () => {
      opened = undefined;
    };
    database.onversionchange = () => {
      database.close();
      opened = undefined;
    };
    return databaseSnapshot(database);
  }

  function storage(): Promise<SnapshotStorage> {
    const { fallback } = options;
    opened ??= fallback ? open().catch(() => fallback) : open();
    return opened;
  }

  return {
    async get() {
      return (await storage()).get();
    },
    async set(text) {
      await (await storage()).set(text);
    },
  };
}
