/** What the browser keeps of a session: the public id and the secret token. Never the access token. */
export interface StoredSession {
  session_id: string;
  session_token: string;
}

/** Where the machine keeps the stored session. */
export interface SessionStore {
  load(): StoredSession | null;
  save(value: StoredSession): void;
  clear(): void;
}

/** The part of the Web Storage API a store needs: `sessionStorage`, `localStorage` or a stand-in. */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const ID = 'session_id';
const TOKEN = 'session_token';

/**
 * A {@link SessionStore} over `sessionStorage` (per tab) by default; `null` keeps it in memory.
 * When the storage is missing or throws (private mode, quota, disabled cookies) it keeps to
 * memory for the rest of the page's life, holding what it last had. Malformed values read as
 * "no session".
 */
export const createSessionStore = (storage?: StorageLike | null): SessionStore => {
  let s = storage === undefined ? (globalThis.sessionStorage as StorageLike | undefined) : storage;
  let mem: StoredSession | null = null;
  const use = (f: (s: StorageLike) => void) => {
    try {
      if (s) f(s);
    } catch {
      s = null;
    }
  };
  return {
    load() {
      use((s) => {
        const session_id = s.getItem(ID) ?? '';
        const session_token = s.getItem(TOKEN) ?? '';
        // Anything else was not written by us. Ids are URL path segments: no dots or slashes either.
        mem = /^[\w-]{1,200}$/.test(session_id) && /^[\x21-\x7e]{1,512}$/.test(session_token) ? { session_id, session_token } : null;
      });
      return mem;
    },
    save(v) {
      mem = v;
      use((s) => (s.setItem(ID, v.session_id), s.setItem(TOKEN, v.session_token)));
    },
    clear() {
      mem = null;
      use((s) => (s.removeItem(ID), s.removeItem(TOKEN)));
    },
  };
};
