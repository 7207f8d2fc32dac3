import type { Page } from '@playwright/test';
import type { MockSession } from '../../mocks/mockApiTypes.ts';
import type { Persistence, StoredSession } from '../core/storage.ts';
import type { MockAdmin } from './MockAdmin.ts';
import { originOf } from './urls.ts';

/**
 * Where the page's session stands: `none` (the page keeps no session), `gone` (it keeps one the
 * mock no longer lists: ended, expired or never known), `anonymous` or `authenticated`.
 */
export type HeldSessionStatus = 'none' | 'gone' | 'anonymous' | 'authenticated';

/** What {@link PageSession.read} found: the page's stored session and the mock's record of it. */
export interface HeldSession {
  status: HeldSessionStatus;
  /** The id and token in the page's storage (null when there are none or the storage refuses to be read). */
  stored: StoredSession | null;
  /** The mock's record of that session (null when it lists none with that id). */
  server: MockSession | null;
}

/** Options of `sessionOf(page, options)`. */
export interface PageSessionOptions {
  /** Where the app keeps its session (`createSessionActor`'s `persistence`). Default: the `persistence` option, `'tab'`. */
  persistence?: Persistence;
}

// The app's storage keys (src/core/storage.ts); a page reads them with no import.
const STORAGE_KEYS = { id: 'session_id', token: 'session_token' } as const;
const SEEDED_MARK = 'session-first-playwright:seeded:';

type StorageArea = 'sessionStorage' | 'localStorage';
const areaOf = (persistence: Persistence): StorageArea => (persistence === 'browser' ? 'localStorage' : 'sessionStorage');

/** The session of one page: give it one before it loads, read what it holds. */
export class PageSession {
  private readonly area: StorageArea;

  constructor(
    private readonly page: Page,
    private readonly mock: MockAdmin,
    /** The app's address; the session is written only into pages of its origin. */
    private readonly appURL: string | undefined,
    persistence: Persistence,
  ) {
    this.area = areaOf(persistence);
  }

  /**
   * Puts `session` (e.g. from `mock.seedSession()`) into the page's storage at its next load of
   * the app, before the app's own scripts run, so the app starts with it. Written once: what the
   * app stores afterwards (a rotated token, a sign-out) stays, reloads included.
   */
  async use(session: StoredSession): Promise<void> {
    await this.page.addInitScript(writeOnce, {
      origin: this.appURL === undefined ? null : originOf(this.appURL),
      area: this.area,
      keys: STORAGE_KEYS,
      session,
      mark: `${SEEDED_MARK}${crypto.randomUUID()}`,
    });
  }

  /** The session the page keeps in its storage, or null. */
  async stored(): Promise<StoredSession | null> {
    return this.page.evaluate(readStored, { area: this.area, keys: STORAGE_KEYS });
  }

  /** What the page holds and what the mock says about it. */
  async read(): Promise<HeldSession> {
    const stored = await this.stored();
    if (stored === null) return { status: 'none', stored, server: null };
    const server = await this.mock.findSession(stored.session_id);
    const status: HeldSessionStatus = server === null ? 'gone' : server.user_id === null ? 'anonymous' : 'authenticated';
    return { status, stored, server };
  }
}

// The two functions below run in the page: only what they are given, no imports.

interface SeedInPage {
  origin: string | null;
  area: StorageArea;
  keys: typeof STORAGE_KEYS;
  session: StoredSession;
  mark: string;
}

function writeOnce({ origin, area, keys, session, mark }: SeedInPage): void {
  if (origin !== null && location.origin !== origin) return;
  try {
    const storage = window[area];
    if (storage.getItem(mark) !== null) return;
    storage.setItem(keys.id, session.session_id);
    storage.setItem(keys.token, session.session_token);
    storage.setItem(mark, '1');
  } catch {
    // A storage that refuses (as in some privacy modes): the app starts without a session, as it would.
  }
}

function readStored({ area, keys }: { area: StorageArea; keys: typeof STORAGE_KEYS }): StoredSession | null {
  try {
    const storage = window[area];
    const session_id = storage.getItem(keys.id);
    const session_token = storage.getItem(keys.token);
    return session_id && session_token ? { session_id, session_token } : null;
  } catch {
    return null;
  }
}
