import { beforeEach, describe, expect, it } from 'vitest';
import type { HTTPError, SessionEnvelope } from '../../src/api/types.ts';
import type { MockBackend, MockSettings } from '../../mocks/index.ts';
import { createSession, getSession, readSession } from '../support/api.ts';
import { useBackend } from '../support/backends.ts';

const T0 = Date.parse('2030-01-01T10:00:00.000Z');
const MINUTE = 60_000;

describe('GET /api/session/{session_id}', () => {
  let backend: MockBackend;
  /** A backend with other settings, for one test. */
  function withSettings(settings: Partial<MockSettings>): void {
    backend = useBackend({ clock: () => T0, settings });
  }

  beforeEach(() => {
    backend = useBackend({ clock: () => T0 });
  });

  it('answers 200 with the session for its token', async () => {
    const created = await createSession({ locale: 'en' });

    const answer = await getSession(created.session.session_id, created.session_token);

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ session: created.session });
  });

  it('refreshes last use: expires_at moves with each read', async () => {
    const created = await createSession();
    await backend.advanceClock(10 * MINUTE);

    const { session } = (await getSession(created.session.session_id, created.session_token)).json as SessionEnvelope;

    expect(session.expires_at).toBe('2030-01-01T10:40:00.000Z');
    expect(session.created_at).toBe(created.session.created_at);
    expect((await backend.getSession(session.session_id))?.last_seen_at).toBe('2030-01-01T10:10:00.000Z');
  });

  it('answers 401 without an X-Session-Token', async () => {
    const created = await createSession();

    const answer = await getSession(created.session.session_id, null);

    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ detail: 'Missing session token' });
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it("answers 401 to a wrong token, including another session's token", async () => {
    const mine = await createSession();
    const other = await createSession();

    const wrong = await getSession(mine.session.session_id, 'not-the-token');
    const borrowed = await getSession(mine.session.session_id, other.session_token);

    expect(wrong.status).toBe(401);
    expect(borrowed.status).toBe(401);
    expect((borrowed.json as HTTPError).detail).toBe('Invalid session token');
  });

  it('does not count a rejected read as a use', async () => {
    const created = await createSession();
    await backend.advanceClock(10 * MINUTE);

    await getSession(created.session.session_id, 'wrong');

    expect((await backend.getSession(created.session.session_id))?.last_seen_at).toBe('2030-01-01T10:00:00.000Z');
  });

  it('answers 404 for an unknown session', async () => {
    const answer = await getSession('ses_00000000000000000000000000000000', 'whatever');

    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ detail: 'Session not found' });
  });

  describe('idle timeout (default 30 min)', () => {
    it('keeps a session alive just under the timeout', async () => {
      const created = await createSession();
      await backend.advanceClock(backend.settings.idleTimeoutMs - 1);

      const answer = await getSession(created.session.session_id, created.session_token);

      expect(answer.status).toBe(200);
    });

    it('expires an unused session after the idle timeout: 404, and it is gone', async () => {
      const created = await createSession();
      await backend.advanceClock(30 * MINUTE);

      const answer = await getSession(created.session.session_id, created.session_token);

      expect(answer.status).toBe(404);
      expect(await backend.getSession(created.session.session_id)).toBeUndefined();
      expect(await backend.listSessions()).toEqual([]);
    });

    it('counts idle time from the last use, not from creation', async () => {
      const created = await createSession();
      await backend.advanceClock(20 * MINUTE);
      await readSession(created.session.session_id, created.session_token);
      await backend.advanceClock(20 * MINUTE);

      const answer = await getSession(created.session.session_id, created.session_token);

      expect(answer.status).toBe(200);
    });

    it('follows a configured idle timeout', async () => {
      withSettings({ idleTimeoutMs: 5_000 });
      const created = await createSession();
      await backend.advanceClock(5_000);

      const answer = await getSession(created.session.session_id, created.session_token);

      expect(answer.status).toBe(404);
    });
  });

  describe('absolute lifetime (default 12 h)', () => {
    it('expires a session used every 20 minutes once 12 h have passed since creation', async () => {
      const created = await createSession();
      const { session_id } = created.session;
      for (let elapsed = 20 * MINUTE; elapsed < 12 * 60 * MINUTE; elapsed += 20 * MINUTE) {
        await backend.advanceClock(20 * MINUTE);
        expect((await getSession(session_id, created.session_token)).status).toBe(200);
      }
      await backend.advanceClock(20 * MINUTE); // now exactly 12 h after creation

      const answer = await getSession(session_id, created.session_token);

      expect(answer.status).toBe(404);
    });

    it('caps expires_at at creation + absolute lifetime', async () => {
      withSettings({ absoluteLifetimeMs: 45 * MINUTE });
      const created = await createSession();
      await backend.advanceClock(25 * MINUTE);

      const { session } = await readSession(created.session.session_id, created.session_token);

      expect(session.expires_at).toBe('2030-01-01T10:45:00.000Z');
    });
  });

  it('answers 404 for a session expired with expireSession', async () => {
    const created = await createSession();
    await backend.expireSession(created.session.session_id);

    const answer = await getSession(created.session.session_id, created.session_token);

    expect(answer.status).toBe(404);
  });
});
