import type { SessionStore, StoredSession } from './storage.ts';

const DATABASE = 'session-first';
const TABLE = 'session';
const CURRENT = 'current';
const CREATE_KEY = 'create-key';

/** Runs one IndexedDB request in its own transaction; resolves once the transaction committed. */
const transact = <T>(mode: IDBTransactionMode, request: (table: IDBObjectStore) => IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    const opening = indexedDB.open(DATABASE, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(TABLE);
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const database = opening.result;
      const transaction = database.transaction(TABLE, mode);
      const pending = request(transaction.objectStore(TABLE));
      transaction.oncomplete = () => {
        database.close();
        resolve(pending.result);
      };
      transaction.onerror = transaction.onabort = () => {
        database.close();
        reject(transaction.error);
      };
    };
  });

/**
 * A store that tabs share (`persistence: 'browser'`), with an IndexedDB copy of what it holds.
 * `localStorage` is only eventually consistent across a browser's processes: a tab granted the
 * session lock just after another tab wrote may still read the old value. IndexedDB is read where
 * it is written, in order, so `refresh()` (under the lock) sees the last tab's session.
 */
export const withSharedMirror = (store: SessionStore): SessionStore => {
  if (typeof indexedDB === 'undefined') return store;
  // Where an IndexedDB call fails (a private mode, a closing page), the store goes on without it.
  let writes: Promise<unknown> = Promise.resolve();
  return {
    load: () => store.load(),
    save(value) {
      store.save(value);
      writes = writes.then(() => transact('readwrite', (table) => table.put(value, CURRENT))).catch(() => {});
    },
    loadCreateKey: () => store.loadCreateKey?.() ?? null,
    saveCreateKey(key) {
      store.saveCreateKey?.(key);
      writes = writes.then(() => transact('readwrite', (table) => table.put(key, CREATE_KEY))).catch(() => {});
    },
    async refresh() {
      await writes;
      const read = <T>(name: string) => transact<T | undefined>('readonly', (table) => table.get(name)).catch(() => undefined);
      const [shared, createKey] = [await read<StoredSession | null>(CURRENT), await read<string | null>(CREATE_KEY)];
      // Nothing there yet: the localStorage copy is all there is.
      if (shared !== undefined) store.save(shared);
      if (createKey !== undefined) store.saveCreateKey?.(createKey);
    },
    flushed: () => writes,
  };
};
