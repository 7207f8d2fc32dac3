import { describe, expect, it } from 'vitest';
import { mockBackend } from '../../mocks/index.ts';
import { createSession, getSession, loginAs, postLogout, upgradeWith } from '../support/api.ts';

describe('POST /api/session/{session_id}/logout', () => {
  it('answers 204 with no body, and the session is gone afterwards (404)', async () => {
    const created = await createSession();

    const answer = await postLogout(created.session.session_id, created.session_token);
    const after = await getSession(created.session.session_id, created.session_token);

    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expect(after.status).toBe(404);
    expect(await mockBackend.getSession(created.session.session_id)).toBeUndefined();
  });

  it('ends an upgraded session with its rotated token', async () => {
    const created = await createSession();
    const upgraded = await upgradeWith(created, await loginAs('grace@globex.test'));

    const answer = await postLogout(created.session.session_id, upgraded.session_token);

    expect(answer.status).toBe(204);
    expect(await mockBackend.listSessions()).toEqual([]);
  });

  it('answers 404 to a second logout', async () => {
    const created = await createSession();
    await postLogout(created.session.session_id, created.session_token);

    const again = await postLogout(created.session.session_id, created.session_token);

    expect(again.status).toBe(404);
    expect(again.json).toEqual({ detail: 'Session not found' });
  });

  it('answers 401 without a token and keeps the session', async () => {
    const created = await createSession();

    const answer = await postLogout(created.session.session_id, null);

    expect(answer.status).toBe(401);
    expect((await getSession(created.session.session_id, created.session_token)).status).toBe(200);
  });

  it('answers 401 with a wrong or rotated-away token and keeps the session', async () => {
    const created = await createSession();
    const upgraded = await upgradeWith(created, await loginAs('ada@acme.test'));

    const wrong = await postLogout(created.session.session_id, 'wrong');
    const stale = await postLogout(created.session.session_id, created.session_token);

    expect(wrong.status).toBe(401);
    expect(stale.status).toBe(401);
    expect((await getSession(created.session.session_id, upgraded.session_token)).status).toBe(200);
  });

  it('answers 404 for an unknown session', async () => {
    const answer = await postLogout('ses_unknown', 'token');

    expect(answer.status).toBe(404);
  });

  it('only ends the session it names', async () => {
    const mine = await createSession();
    const other = await createSession();

    await postLogout(mine.session.session_id, mine.session_token);

    expect((await getSession(other.session.session_id, other.session_token)).status).toBe(200);
  });
});
