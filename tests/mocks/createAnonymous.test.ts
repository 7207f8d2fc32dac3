import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionWithToken } from '../../src/api/types.ts';
import type { MockBackend } from '../../mocks/index.ts';
import { loginAs, postCreate, readSession, upgradeWith } from '../support/api.ts';
import { useBackend } from '../support/backends.ts';

const T0 = Date.parse('2030-01-01T10:00:00.000Z');

describe('POST /api/session/create-anonymous', () => {
  let backend: MockBackend;
  const sessionCount = async () => (await backend.listSessions()).length;

  beforeEach(() => {
    backend = useBackend({ clock: () => T0 });
  });

  it('answers 201 with an anonymous session and its token', async () => {
    const answer = await postCreate();

    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const { session, session_token } = answer.json as SessionWithToken;
    expect(session).toEqual({
      session_id: expect.stringMatching(/^ses_[0-9a-f]{32}$/),
      tenant_id: null,
      user_id: null,
      created_at: '2030-01-01T10:00:00.000Z',
      expires_at: '2030-01-01T10:30:00.000Z',
      upgraded_at: null,
      metadata: {},
    });
    expect(session_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await sessionCount()).toBe(1);
  });

  it('keeps the metadata it is given', async () => {
    const answer = await postCreate({ metadata: { locale: 'de-CH', campaign: { id: 7 } } });

    expect(answer.status).toBe(201);
    expect((answer.json as SessionWithToken).session.metadata).toEqual({ locale: 'de-CH', campaign: { id: 7 } });
  });

  it('accepts an empty JSON object and a JSON null body as "no metadata"', async () => {
    const fromObject = await postCreate({ rawBody: '{}' });
    const fromNull = await postCreate({ rawBody: 'null' });

    expect(fromObject.status).toBe(201);
    expect(fromNull.status).toBe(201);
    expect((fromNull.json as SessionWithToken).session.metadata).toEqual({});
  });

  it('ignores a client-chosen session_id: ids are always made by the server', async () => {
    const answer = await postCreate({ rawBody: JSON.stringify({ session_id: 'ses_mine', metadata: {} }) });

    expect(answer.status).toBe(201);
    expect((answer.json as SessionWithToken).session.session_id).not.toBe('ses_mine');
    expect(await backend.getSession('ses_mine')).toBeUndefined();
  });

  it('creates one session per request without an Idempotency-Key', async () => {
    const first = (await postCreate()).json as SessionWithToken;
    const second = (await postCreate()).json as SessionWithToken;

    expect(second.session.session_id).not.toBe(first.session.session_id);
    expect(await sessionCount()).toBe(2);
  });

  describe('Idempotency-Key', () => {
    it('answers the same session and token to a repeated key: one session exists', async () => {
      const first = await postCreate({ idempotencyKey: 'page-load-1' });
      const second = await postCreate({ idempotencyKey: 'page-load-1' });

      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      const a = first.json as SessionWithToken;
      const b = second.json as SessionWithToken;
      expect(b.session.session_id).toBe(a.session.session_id);
      expect(b.session_token).toBe(a.session_token);
      expect(await sessionCount()).toBe(1);
    });

    it('creates two sessions for two different keys', async () => {
      const a = (await postCreate({ idempotencyKey: 'key-a' })).json as SessionWithToken;
      const b = (await postCreate({ idempotencyKey: 'key-b' })).json as SessionWithToken;

      expect(b.session.session_id).not.toBe(a.session.session_id);
      expect(await sessionCount()).toBe(2);
    });

    it('creates a new session once the window has passed', async () => {
      const a = (await postCreate({ idempotencyKey: 'k' })).json as SessionWithToken;
      await backend.advanceClock(backend.settings.idempotencyWindowMs);

      const b = (await postCreate({ idempotencyKey: 'k' })).json as SessionWithToken;

      expect(b.session.session_id).not.toBe(a.session.session_id);
    });

    it('still replays just inside the window', async () => {
      const a = (await postCreate({ idempotencyKey: 'k' })).json as SessionWithToken;
      await backend.advanceClock(backend.settings.idempotencyWindowMs - 1);

      const b = (await postCreate({ idempotencyKey: 'k' })).json as SessionWithToken;

      expect(b.session.session_id).toBe(a.session.session_id);
    });

    it('does not replay a session that was upgraded since (its first token is dead)', async () => {
      const first = (await postCreate({ idempotencyKey: 'k' })).json as SessionWithToken;
      const upgraded = await upgradeWith(first, await loginAs('ada@acme.test'));

      const again = (await postCreate({ idempotencyKey: 'k' })).json as SessionWithToken;

      expect(again.session.session_id).not.toBe(first.session.session_id);
      expect(again.session_token).not.toBe(upgraded.session_token);
      expect(again.session.user_id).toBeNull();
    });

    it('replays a live session and counts the replay as a use', async () => {
      const first = (await postCreate({ idempotencyKey: 'k' })).json as SessionWithToken;
      await backend.advanceClock(30_000);

      const replay = (await postCreate({ idempotencyKey: 'k' })).json as SessionWithToken;

      expect(Date.parse(replay.session.expires_at)).toBe(Date.parse(first.session.expires_at) + 30_000);
      await expect(readSession(replay.session.session_id, replay.session_token)).resolves.toBeDefined();
    });
  });
});
