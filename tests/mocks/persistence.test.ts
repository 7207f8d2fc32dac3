import { describe, expect, it } from 'vitest';
import type { SessionWithToken } from '../../src/api/types.ts';
import { createMockBackend, SNAPSHOT_STORAGE_KEY, type MockBackendOptions } from '../../mocks/index.ts';
import { createApi, sendTo } from '../support/api.ts';
import { MemoryStorage, throwingStorage } from '../support/memoryStorage.ts';

/** A page over `storage`: its own backend instance (as after a reload, or in another tab) and its API. */
function pageOver(storage: MemoryStorage | typeof throwingStorage, options: MockBackendOptions = {}) {
  const backend = createMockBackend({ storage, ...options });
  return { backend, ...createApi(sendTo(backend)) };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function storedSnapshot(storage: MemoryStorage): Record<string, unknown> {
  return JSON.parse(storage.getItem(SNAPSHOT_STORAGE_KEY) ?? 'null') as Record<string, unknown>;
}

describe('without a storage', () => {
  it('keeps each backend to itself, in memory', async () => {
    const first = createApi(sendTo(createMockBackend()));
    const second = createApi(sendTo(createMockBackend()));
    const created = await first.createSession();

    const elsewhere = await second.getSession(created.session.session_id, created.session_token);

    expect(elsewhere.status).toBe(404);
  });
});

describe('with a storage', () => {
  it('finds the same session after a reload, token and metadata included', async () => {
    const storage = new MemoryStorage();
    const created = await pageOver(storage).createSession({ locale: 'en' });

    const reloaded = pageOver(storage);

    const { session } = await reloaded.readSession(created.session.session_id, created.session_token);
    expect(session.metadata).toEqual({ locale: 'en' });
  });

  it('persists upgrades and logouts', async () => {
    const storage = new MemoryStorage();
    const page = pageOver(storage);
    const kept = await page.createSession();
    const upgraded = await page.upgradeWith(kept, await page.loginAs('ada@acme.test'));
    const ended = await page.createSession();
    await page.postLogout(ended.session.session_id, ended.session_token);

    const reloaded = pageOver(storage);

    expect((await reloaded.readSession(kept.session.session_id, upgraded.session_token)).session.user_id).toBe('usr_ada');
    expect((await reloaded.getSession(kept.session.session_id, kept.session_token)).status).toBe(401);
    expect((await reloaded.getSession(ended.session.session_id, ended.session_token)).status).toBe(404);
  });

  it('persists the scenario, the latency, the clock offset and the flaky count', async () => {
    const storage = new MemoryStorage();
    const page = pageOver(storage);
    await page.backend.setScenario('flaky');
    await page.backend.setLatency(250);
    await page.backend.advanceClock(5_000);
    const first = await page.postCreate();

    const reloaded = pageOver(storage);

    expect(await reloaded.backend.getState()).toMatchObject({ scenario: 'flaky', latency_ms: 250, clock_offset_ms: 5_000 });
    expect(first.status).toBe(503);
    // The count went on where the other page left it: this is the 2nd request under flaky.
    await reloaded.backend.setLatency(0);
    expect((await reloaded.postCreate()).status).toBe(201);
  });

  it('does not re-expire sessions when a persisted expired-session scenario is reloaded', async () => {
    const storage = new MemoryStorage();
    const page = pageOver(storage);
    await page.backend.setScenario('expired-session');
    const createdAfter = await page.createSession();

    const reloaded = pageOver(storage);

    expect((await reloaded.backend.getState()).scenario).toBe('expired-session');
    expect((await reloaded.getSession(createdAfter.session.session_id, createdAfter.session_token)).status).toBe(200);
  });

  it('reset empties the persisted state; the seeded accounts still log in', async () => {
    const storage = new MemoryStorage();
    const page = pageOver(storage);
    const created = await page.createSession();
    await page.backend.setScenario('offline');

    await page.backend.reset();
    const reloaded = pageOver(storage);

    expect(await reloaded.backend.listSessions()).toEqual([]);
    expect((await reloaded.backend.getState()).scenario).toBe('default');
    expect((await reloaded.getSession(created.session.session_id, created.session_token)).status).toBe(404);
    await expect(reloaded.loginAs('grace@globex.test')).resolves.toMatchObject({ user_id: 'usr_grace' });
  });

  it('never writes an access token, only its SHA-256; session tokens are hashed too', async () => {
    const storage = new MemoryStorage();
    const page = pageOver(storage);
    const created = await page.createSession();
    const grant = await page.loginAs('ada@acme.test');
    const upgraded = await page.upgradeWith(created, grant);

    const everything = [...storage.items.values()].join('\n');

    expect(everything).not.toContain(grant.access_token);
    expect(everything).toContain(await sha256Hex(grant.access_token));
    expect(everything).not.toContain(created.session_token);
    expect(everything).not.toContain(upgraded.session_token);
    expect(everything).toContain(await sha256Hex(upgraded.session_token));
    // A token still validates across backends sharing the storage.
    expect((await pageOver(storage).readSession(created.session.session_id, upgraded.session_token)).session.user_id).toBe('usr_ada');
  });

  it('removes the keys of the earlier mock store (it held access tokens in clear) on its first write', async () => {
    const storage = new MemoryStorage();
    storage.setItem('session-first:mock-store', JSON.stringify({ version: 1, accessTokens: [{ access_token: 'clear-text-token' }] }));
    storage.setItem('session-first:mock-scenario', '"slow"');
    storage.setItem('session-first:mock-latency', '250');

    await pageOver(storage).createSession();

    expect([...storage.items.keys()]).toEqual([SNAPSHOT_STORAGE_KEY]);
  });
});

describe('a damaged or tampered stored state', () => {
  it.each([
    ['not JSON', '{oops'],
    ['another version', JSON.stringify({ version: 1, sessions: [] })],
    ['a list', '[]'],
    ['nested 100 000 deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
  ])('starts empty when the stored value is %s', async (_, raw) => {
    const storage = new MemoryStorage();
    storage.setItem(SNAPSHOT_STORAGE_KEY, raw);
    const page = pageOver(storage);

    const created = await page.postCreate();

    expect(await page.backend.listSessions()).toHaveLength(1);
    expect(created.status).toBe(201);
  });

  it('drops malformed stored sessions one by one and keeps the valid ones', async () => {
    const storage = new MemoryStorage();
    const valid = await pageOver(storage).createSession();
    const state = storedSnapshot(storage) as { sessions: unknown[] };
    const stored = state.sessions[0] as Record<string, unknown>;
    state.sessions.push({ session_id: 'ses_broken', token_hash: 42 }, null, 'x', { ...stored, session_id: 'ses_late', created_at: 1e308 });
    // Metadata nested 5 000 deep, written as text (JSON.stringify itself would overflow the stack).
    const deepMetadata = `${'{"x":'.repeat(5_000)}{}${'}'.repeat(5_000)}`;
    const deepSession = JSON.stringify({ ...stored, session_id: 'ses_deep', metadata: {} }).replace('"metadata":{}', `"metadata":${deepMetadata}`);
    storage.setItem(SNAPSHOT_STORAGE_KEY, JSON.stringify(state).replace('"sessions":[', `"sessions":[${deepSession},`));

    const sessions = await pageOver(storage).backend.listSessions();

    expect(sessions.map((s) => s.session_id)).toEqual([valid.session.session_id]);
  });

  it('clamps numbers the admin API would refuse: a latency of 1e308 is 60 000 ms, not a broken backend', async () => {
    const storage = new MemoryStorage();
    await pageOver(storage).createSession();
    storage.setItem(SNAPSHOT_STORAGE_KEY, JSON.stringify({ ...storedSnapshot(storage), latency_ms: 1e308, clock_offset_ms: -1e308, flaky_count: 'x' }));

    const state = await pageOver(storage).backend.getState();

    expect(state).toMatchObject({ latency_ms: 60_000, clock_offset_ms: -3_155_760_000_000 });
  });

  it('ignores a stored scenario that does not exist', async () => {
    const storage = new MemoryStorage();
    await pageOver(storage).createSession();
    storage.setItem(SNAPSHOT_STORAGE_KEY, JSON.stringify({ ...storedSnapshot(storage), scenario: 'chaos', latency_ms: -5 }));

    const state = await pageOver(storage).backend.getState();

    expect(state).toMatchObject({ scenario: 'default', latency_ms: 0 });
  });

  it('works in memory when the storage throws on every call', async () => {
    const page = pageOver(throwingStorage);

    const created: SessionWithToken = await page.createSession();
    await page.backend.setScenario('flaky');
    await page.backend.reset();

    expect(created.session_token.length).toBeGreaterThan(0);
    expect((await page.backend.getState()).scenario).toBe('default');
    expect(await page.backend.listSessions()).toEqual([]);
  });
});
