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

const ID = 'session_id';
const TOKEN = 'session_token';
// Anything else was not written by us. Ids are URL path segments, so no dots or slashes either.
const validId = (v: string | null): v is string => !!v && /^[\w-]{1,200}$/.test(v);
const validToken = (v: string | null): v is string => !!v && /^[\x21-\x7e]{1,512}$/.test(v);

/** A `Storage` held in memory: the fallback when the real one is missing or throws. */
export const memoryStorage = (): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> => {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, String(v)),
    removeItem: (k) => void m.delete(k),
  };
};

/**
 * A {@link SessionStore} over `sessionStorage` (per tab) by default. When the storage is missing
 * or throws (private mode, quota, disabled cookies) it moves to memory for the rest of the page's
 * life, carrying over what it held. Malformed values read as "no session".
 */
export const createSessionStore = (
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null,
): SessionStore => {
  let s = storage === undefined ? (globalThis.sessionStorage as Storage | undefined) : storage;
  let mem: StoredSession | null = null;
  const run = <T>(f: (s: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>) => T): T => {
    try {
      if (s) return f(s);
    } catch {
      s = null;
    }
    s = memoryStorage();
    if (mem) s.setItem(ID, mem.session_id), s.setItem(TOKEN, mem.session_token);
    return f(s);
  };
  return {
    load: () =>
      run((s) => {
        const session_id = s.getItem(ID);
        const session_token = s.getItem(TOKEN);
        return validId(session_id) && validToken(session_token) ? (mem = { session_id, session_token }) : null;
      }),
    save: (v) => {
      mem = v;
      run((s) => (s.setItem(ID, v.session_id), s.setItem(TOKEN, v.session_token)));
    },
    clear: () => {
      mem = null;
      run((s) => (s.removeItem(ID), s.removeItem(TOKEN)));
    },
  };
};
