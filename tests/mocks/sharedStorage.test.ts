/**
 * Two tabs of one browser, played by two backends over one storage (each with the default lock):
 * what one tab changes, the other's next request sees, and nothing one tab does brings back what
 * the other ended.
 */
import { describe, expect, it } from 'vitest';
import type { SessionWithToken } from '../../src/api/types.ts';
import { createMockBackend } from '../../mocks/index.ts';
import { createApi, sendTo } from '../support/api.ts';
import { MemoryStorage } from '../support/memoryStorage.ts';

function twoTabs() {
  const storage = new MemoryStorage();
  const tab = () => {
    const backend = createMockBackend({ storage });
    return { backend, ...createApi(sendTo(backend)) };
  };
  return { a: tab(), b: tab() };
}

describe('two tabs over one storage', () => {
  it('a session signed out in one tab stays gone whatever the other tab does', async () => {
    const { a, b } = twoTabs();
    const created = await a.createSession();
    const { session_id: id } = created.session;
    // Tab B has used the session (it was in B's view of the store) before A signs out.
    await b.readSession(id, created.session_token);

    await a.postLogout(id, created.session_token);
    const bAfter = [
      await b.getSession(id, created.session_token),
      await b.postCreate(),
      await b.patchUpgrade(id, created.session_token, { body: { user_id: 'usr_ada', tenant_id: 'acme', access_token: 'x' } }),
      await b.postLogout(id, created.session_token),
      await b.getSession(id, created.session_token),
    ];

    expect(bAfter.map((answer) => answer.status)).toEqual([404, 201, 404, 404, 404]);
    expect((await a.getSession(id, created.session_token)).status).toBe(404);
    expect((await b.backend.listSessions()).map((s) => s.session_id)).not.toContain(id);
  });

  it('an upgrade rotated in one tab is refused in every tab with the old token, and the new one works in both', async () => {
    const { a, b } = twoTabs();
    const created = await a.createSession();
    const { session_id: id } = created.session;
    await b.readSession(id, created.session_token);

    const upgraded: SessionWithToken = await a.upgradeWith(created, await a.loginAs('ada@acme.test'));
    const withOld = [
      await b.getSession(id, created.session_token),
      await b.postLogout(id, created.session_token),
      await b.patchUpgrade(id, created.session_token, { body: { user_id: 'usr_ada', tenant_id: 'acme', access_token: (await b.loginAs('ada@acme.test')).access_token } }),
      await a.getSession(id, created.session_token),
    ];

    expect(withOld.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
    expect((await b.readSession(id, upgraded.session_token)).session.user_id).toBe('usr_ada');
    expect((await a.readSession(id, upgraded.session_token)).session.user_id).toBe('usr_ada');
  });

  it("uses an access token issued through the other tab's backend (only its hash is shared)", async () => {
    const { a, b } = twoTabs();
    const grant = await a.loginAs('grace@globex.test');
    const created = await b.createSession();

    const upgraded = await b.upgradeWith(created, grant);

    expect(upgraded.session.user_id).toBe('usr_grace');
  });

  it('a scenario, latency or clock chosen in one tab applies to the next request of the other', async () => {
    const { a, b } = twoTabs();
    const created = await b.createSession();

    await a.backend.setScenario('server-down');
    const down = await b.postCreate();
    await a.backend.setScenario('default');
    await a.backend.advanceClock(b.backend.settings.idleTimeoutMs);
    const idle = await b.getSession(created.session.session_id, created.session_token);

    expect(down.status).toBe(503);
    expect(idle.status).toBe(404);
    expect(await b.backend.getState()).toMatchObject({ scenario: 'default', clock_offset_ms: b.backend.settings.idleTimeoutMs });
  });

  it('loses none of many requests sent by both tabs at once', async () => {
    const { a, b } = twoTabs();

    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).postCreate()));

    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    expect(await a.backend.listSessions()).toHaveLength(40);
    expect(await b.backend.listSessions()).toHaveLength(40);
  });
});
