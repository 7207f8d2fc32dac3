import { describe, expect, it } from 'vitest';
import {
  accounts,
  getPersistentStorage,
  getScenario,
  mockConfig,
  resetMock,
  resetStore,
  setLatency,
  setPersistentStorage,
  setScenario,
  store,
  STORE_STORAGE_KEY,
} from '../../mocks/index.ts';
import { createSession, getSession, loginAs, readSession, upgradeWith } from '../support/api.ts';
import { MemoryStorage, throwingStorage } from '../support/memoryStorage.ts';

/** What a page reload does to the mock: memory is lost, the storage is read again. */
function reload(storage: MemoryStorage): void {
  setPersistentStorage(null);
  setPersistentStorage(storage);
}

describe('in Node (tests)', () => {
  it('keeps everything in memory only and starts empty', () => {
    expect(getPersistentStorage()).toBeNull();
    expect(store.sessionCount()).toBe(0);
  });
});

describe('with a browser-like storage', () => {
  it('finds the same session after a reload, token included', async () => {
    const storage = new MemoryStorage();
    setPersistentStorage(storage);
    const created = await createSession({ locale: 'en' });

    reload(storage);

    const { session } = await readSession(created.session.session_id, created.session_token);
    expect(session.metadata).toEqual({ locale: 'en' });
    expect(storage.items.has(STORE_STORAGE_KEY)).toBe(true);
  });

  it('loses the sessions on a reload without storage (proof the reload is real)', async () => {
    const storage = new MemoryStorage();
    setPersistentStorage(storage);
    const created = await createSession();

    setPersistentStorage(null);

    expect((await getSession(created.session.session_id, created.session_token)).status).toBe(404);
  });

  it('persists upgrades and logouts', async () => {
    const storage = new MemoryStorage();
    setPersistentStorage(storage);
    const kept = await createSession();
    const upgraded = await upgradeWith(kept, await loginAs('ada@acme.test'));
    const ended = await createSession();
    store.deleteSession(ended.session.session_id);

    reload(storage);

    expect((await readSession(kept.session.session_id, upgraded.session_token)).session.user_id).toBe('usr_ada');
    expect((await getSession(kept.session.session_id, kept.session_token)).status).toBe(401);
    expect((await getSession(ended.session.session_id, ended.session_token)).status).toBe(404);
  });

  it('persists the scenario and the latency, not the flaky count', () => {
    const storage = new MemoryStorage();
    setPersistentStorage(storage);
    setScenario('slow');
    setLatency(250);

    reload(storage);

    expect(getScenario()).toBe('slow');
    expect(mockConfig.latencyMs).toBe(250);
  });

  it('does not re-expire sessions when a persisted expired-session scenario is reloaded', async () => {
    const storage = new MemoryStorage();
    setPersistentStorage(storage);
    setScenario('expired-session');
    const createdAfter = await createSession();

    reload(storage);

    expect(getScenario()).toBe('expired-session');
    expect((await getSession(createdAfter.session.session_id, createdAfter.session_token)).status).toBe(200);
  });

  it('resetStore empties the sessions and the persisted copy; the seeded users stay', async () => {
    const storage = new MemoryStorage();
    setPersistentStorage(storage);
    const created = await createSession();

    resetStore();
    reload(storage);

    expect(store.sessionCount()).toBe(0);
    expect((await getSession(created.session.session_id, created.session_token)).status).toBe(404);
    expect(storage.items.has(STORE_STORAGE_KEY)).toBe(false);
    expect(store.users).toBe(accounts);
    await expect(loginAs('grace@globex.test')).resolves.toMatchObject({ user_id: 'usr_grace' });
  });

  it('resetMock forgets the persisted scenario and latency', () => {
    const storage = new MemoryStorage();
    setPersistentStorage(storage);
    setScenario('offline');
    setLatency(800);

    resetMock();
    reload(storage);

    expect(getScenario()).toBe('default');
    expect(mockConfig.latencyMs).toBe(0);
  });

  it.each([
    ['not JSON', '{oops'],
    ['another version', JSON.stringify({ version: 2, sessions: [] })],
    ['a list', '[]'],
  ])('starts empty when the stored value is %s', (_, raw) => {
    const storage = new MemoryStorage();
    storage.setItem(STORE_STORAGE_KEY, raw);

    setPersistentStorage(storage);

    expect(store.sessionCount()).toBe(0);
  });

  it('drops malformed stored sessions one by one and keeps the valid ones', async () => {
    const storage = new MemoryStorage();
    setPersistentStorage(storage);
    const valid = await createSession();
    const state = JSON.parse(storage.getItem(STORE_STORAGE_KEY) ?? '{}') as { sessions: unknown[] };
    state.sessions.push({ session_id: 'ses_broken', token: 42 }, null, 'x');
    storage.setItem(STORE_STORAGE_KEY, JSON.stringify(state));

    reload(storage);

    expect(store.listSessions().map((s) => s.session_id)).toEqual([valid.session.session_id]);
  });

  it('ignores stored scenario and latency values that make no sense', () => {
    const storage = new MemoryStorage();
    storage.setItem('session-first:mock-scenario', JSON.stringify('chaos'));
    storage.setItem('session-first:mock-latency', JSON.stringify(-5));

    setPersistentStorage(storage);

    expect(getScenario()).toBe('default');
    expect(mockConfig.latencyMs).toBe(0);
  });

  it('works in memory when the storage throws on every call', async () => {
    setPersistentStorage(throwingStorage);

    const created = await createSession();
    setScenario('flaky');
    resetMock();
    setPersistentStorage(throwingStorage);

    expect(created.session_token.length).toBeGreaterThan(0);
    expect(getScenario()).toBe('default');
    expect(store.sessionCount()).toBe(0);
  });
});
