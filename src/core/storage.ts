import { newIdempotencyKey } from './newIdempotencyKey.ts';
import { withSharedMirror } from './sharedMirror.ts';

/** What the browser keeps of a session: the public id and the secret token. Never the access token. */
export interface StoredSession {
  session_id: string;
  session_token: string;
}

/** Where the machine keeps the stored session. */
export interface SessionStore {
  load(): StoredSession | null;
  /** Stores the session, or forgets it with `null`. */
  save(value: StoredSession | null): void;
  /** The `Idempotency-Key` of a create not answered yet (R16): a reload or a tab sharing the store creates with it too. */
  loadCreateKey?(): string | null;
  /** Keeps that key, or forgets it with `null` once a create succeeded. */
  saveCreateKey?(key: string | null): void;
  /** A store tabs share: takes in what another tab saved last (run under the session lock). */
  refresh?(): Promise<void>;
  /** A store tabs share: resolves once what was saved has reached the other tabs. */
  flushed?(): Promise<unknown>;
}

/**
 * The `Idempotency-Key` a create uses (R16): the one `storage` keeps (a reload, or a tab sharing
 * the store, created with it), else the one already `held`, else a new one.
 */
export const createKeyOf = (storage: SessionStore, held: string | null = null): string =>
  storage.loadCreateKey?.() ?? held ?? newIdempotencyKey();

/**
 * Where a session lives: `'tab'` (`sessionStorage`, one session per tab, the default) or
 * `'browser'` (`localStorage`, one session for every tab of the browser).
 */
export type Persistence = 'tab' | 'browser';

/** The part of the Web Storage API a store needs: `sessionStorage`, `localStorage` or a stand-in. */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const ID = 'session_id';
const TOKEN = 'session_token';
const CREATE_KEY = 'session_create_key';

// Ids are URL path segments: no slash, percent sign or query, and not a dot segment ('.', '..');
// dots, colons, '=' and '+' stay allowed for backends whose ids have them. Tokens are header values.
const isId = (value: string) => /^(?!\.\.?$)[\w.:=+~-]{1,200}$/.test(value);
const isToken = (value: string) => /^[\x21-\x7e]{1,512}$/.test(value);

/** The Web Storage behind a persistence; some privacy modes throw from the getter itself. */
export const webStorage = (persistence: Persistence): StorageLike | null => {
  try {
    return (persistence === 'browser' ? globalThis.localStorage : globalThis.sessionStorage) ?? null;
  } catch {
    return null;
  }
};

/**
 * A {@link SessionStore} over the Web Storage of a {@link Persistence} (`'tab'` by default), over a
 * given storage, or over memory alone (`null`). Storage that is missing or throws (private mode,
 * quota, disabled cookies) leaves the store in memory for the rest of the page's life, holding
 * what it last had. Values it did not write read as "no session".
 */
export const createSessionStore = (where: Persistence | StorageLike | null = 'tab'): SessionStore =>
  where === 'browser' ? withSharedMirror(createWebStore(webStorage(where))) : createWebStore(typeof where === 'string' ? webStorage(where) : where);

const createWebStore = (initial: StorageLike | null): SessionStore => {
  let storage = initial;
  let remembered: StoredSession | null = null;
  let rememberedKey: string | null = null;
  const tryStorage = (use: (storage: StorageLike) => void) => {
    try {
      if (storage) use(storage);
    } catch {
      storage = null;
    }
  };
  return {
    load() {
      tryStorage((s) => {
        const session_id = s.getItem(ID) ?? '';
        const session_token = s.getItem(TOKEN) ?? '';
        remembered = isId(session_id) && isToken(session_token) ? { session_id, session_token } : null;
      });
      return remembered;
    },
    save(value) {
      remembered = value;
      tryStorage((s) => {
        if (value) {
          s.setItem(ID, value.session_id);
          s.setItem(TOKEN, value.session_token);
        } else {
          s.removeItem(ID);
          s.removeItem(TOKEN);
        }
      });
    },
    loadCreateKey() {
      tryStorage((s) => {
        const key = s.getItem(CREATE_KEY) ?? '';
        rememberedKey = isId(key) ? key : null;
      });
      return rememberedKey;
    },
    saveCreateKey(key) {
      rememberedKey = key;
      tryStorage((s) => (key ? s.setItem(CREATE_KEY, key) : s.removeItem(CREATE_KEY)));
    },
  };
};
