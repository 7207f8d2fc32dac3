import { beforeEach, describe, expect, it } from 'vitest';
import type { HTTPError, SessionWithToken } from '../../src/api/types.ts';
import type { MockBackend } from '../../mocks/index.ts';
import { createSession, getSession, loginAs, patchUpgrade, readSession, upgradeWith } from '../support/api.ts';
import { useBackend } from '../support/backends.ts';

const T0 = Date.parse('2030-01-01T10:00:00.000Z');

function upgradeBody(grant: { user_id: string; tenant_id: string; access_token: string }, extra: object = {}) {
  return { user_id: grant.user_id, tenant_id: grant.tenant_id, access_token: grant.access_token, ...extra };
}

describe('PATCH /api/session/{session_id}/upgrade', () => {
  let backend: MockBackend;

  beforeEach(() => {
    backend = useBackend({ clock: () => T0 });
  });

  it('binds the session to the user: 200, same session_id, user and tenant set, upgraded_at now', async () => {
    const created = await createSession();
    const grant = await loginAs('ada@acme.test');
    await backend.advanceClock(5_000);

    const answer = await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(grant) });

    expect(answer.status).toBe(200);
    const { session } = answer.json as SessionWithToken;
    expect(session).toMatchObject({
      session_id: created.session.session_id,
      user_id: 'usr_ada',
      tenant_id: 'acme',
      created_at: created.session.created_at,
      upgraded_at: '2030-01-01T10:00:05.000Z',
    });
  });

  it('rotates the token: the new one works, the old one answers 401 from then on', async () => {
    const created = await createSession();
    const upgraded = await upgradeWith(created, await loginAs('ada@acme.test'));

    const withOld = await getSession(created.session.session_id, created.session_token);
    const withNew = await getSession(created.session.session_id, upgraded.session_token);

    expect(upgraded.session_token).not.toBe(created.session_token);
    expect(upgraded.session_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(withOld.status).toBe(401);
    expect(withNew.status).toBe(200);
    expect((withNew.json as { session: { user_id: string } }).session.user_id).toBe('usr_ada');
  });

  it('merges the metadata into what the session had', async () => {
    const created = await createSession({ locale: 'en', theme: 'dark' });

    const upgraded = await upgradeWith(created, await loginAs('ada@acme.test'), { theme: 'light', plan: 'pro' });

    expect(upgraded.session.metadata).toEqual({ locale: 'en', theme: 'light', plan: 'pro' });
  });

  it('is idempotent for the same user: 200, same session, upgraded_at unchanged, token rotated again', async () => {
    const created = await createSession();
    const grant = await loginAs('ada@acme.test');
    const first = await upgradeWith(created, grant);
    await backend.advanceClock(60_000);

    const answer = await patchUpgrade(created.session.session_id, first.session_token, { body: upgradeBody(grant) });

    expect(answer.status).toBe(200);
    const second = answer.json as SessionWithToken;
    expect(second.session.session_id).toBe(first.session.session_id);
    expect(second.session.upgraded_at).toBe(first.session.upgraded_at);
    expect(second.session.user_id).toBe('usr_ada');
    expect(second.session_token).not.toBe(first.session_token);
    expect((await getSession(created.session.session_id, first.session_token)).status).toBe(401);
  });

  it('accepts a fresh login of the same user as a re-upgrade', async () => {
    const created = await createSession();
    const first = await upgradeWith(created, await loginAs('ada@acme.test'));

    const again = await upgradeWith(first, await loginAs('ada@acme.test'));

    expect(again.session.user_id).toBe('usr_ada');
  });

  it('answers 409 when the session is bound to another user of the same tenant, and keeps it as it was', async () => {
    const created = await createSession();
    const asAda = await upgradeWith(created, await loginAs('ada@acme.test'));
    const alan = await loginAs('alan@acme.test');

    const answer = await patchUpgrade(created.session.session_id, asAda.session_token, { body: upgradeBody(alan) });

    expect(answer.status).toBe(409);
    expect(answer.json).toEqual({ detail: 'Session is already bound to another user' });
    const { session } = await readSession(created.session.session_id, asAda.session_token);
    expect(session.user_id).toBe('usr_ada');
  });

  it('answers 409 for a user of another tenant too', async () => {
    const created = await createSession();
    const asAda = await upgradeWith(created, await loginAs('ada@acme.test'));
    const grace = await loginAs('grace@globex.test');

    const answer = await patchUpgrade(created.session.session_id, asAda.session_token, { body: upgradeBody(grace) });

    expect(answer.status).toBe(409);
  });

  describe('identity comes from the access token', () => {
    it('answers 403 when user_id is not the access token user', async () => {
      const created = await createSession();
      const grant = await loginAs('ada@acme.test');

      const answer = await patchUpgrade(created.session.session_id, created.session_token, {
        body: upgradeBody(grant, { user_id: 'usr_alan' }),
      });

      expect(answer.status).toBe(403);
      expect((answer.json as HTTPError).detail).toBe('user_id and tenant_id do not match the access token');
    });

    it('answers 403 when tenant_id is not the access token tenant', async () => {
      const created = await createSession();
      const grant = await loginAs('ada@acme.test');

      const answer = await patchUpgrade(created.session.session_id, created.session_token, {
        body: upgradeBody(grant, { tenant_id: 'globex' }),
      });

      expect(answer.status).toBe(403);
    });

    it('leaves the session anonymous and its token valid after a 403', async () => {
      const created = await createSession();
      const grant = await loginAs('ada@acme.test');

      await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(grant, { tenant_id: 'globex' }) });

      const { session } = await readSession(created.session.session_id, created.session_token);
      expect(session.user_id).toBeNull();
      expect(session.upgraded_at).toBeNull();
    });

    it('answers 401 to an unknown access token', async () => {
      const created = await createSession();

      const answer = await patchUpgrade(created.session.session_id, created.session_token, {
        body: { user_id: 'usr_ada', tenant_id: 'acme', access_token: 'forged' },
      });

      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ detail: 'Invalid or expired access token' });
    });

    it('answers 401 to an access token past its lifetime', async () => {
      const grant = await loginAs('ada@acme.test');
      await backend.advanceClock(backend.settings.accessTokenTtlSec * 1000);
      const created = await createSession();

      const answer = await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(grant) });

      expect(answer.status).toBe(401);
    });

    it('accepts an access token just inside its lifetime', async () => {
      const grant = await loginAs('ada@acme.test');
      await backend.advanceClock(backend.settings.accessTokenTtlSec * 1000 - 1);
      const created = await createSession();

      const answer = await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(grant) });

      expect(answer.status).toBe(200);
    });

    it('answers 401 to an access token expired with expireAccessToken', async () => {
      const created = await createSession();
      const grant = await loginAs('ada@acme.test');
      await backend.expireAccessToken(grant.access_token);

      const answer = await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(grant) });

      expect(answer.status).toBe(401);
    });
  });

  describe('session checks', () => {
    it('answers 401 without an X-Session-Token, and does not upgrade', async () => {
      const created = await createSession();
      const grant = await loginAs('ada@acme.test');

      const answer = await patchUpgrade(created.session.session_id, null, { body: upgradeBody(grant) });

      expect(answer.status).toBe(401);
      expect((await backend.getSession(created.session.session_id))?.user_id).toBeNull();
    });

    it('answers 401 with a wrong X-Session-Token', async () => {
      const created = await createSession();
      const grant = await loginAs('ada@acme.test');

      const answer = await patchUpgrade(created.session.session_id, 'wrong', { body: upgradeBody(grant) });

      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ detail: 'Invalid session token' });
    });

    it('answers 404 for an unknown session', async () => {
      const grant = await loginAs('ada@acme.test');

      const answer = await patchUpgrade('ses_unknown', 'token', { body: upgradeBody(grant) });

      expect(answer.status).toBe(404);
    });

    it('answers 404 for a session past its idle timeout', async () => {
      backend = useBackend({ clock: () => T0, settings: { idleTimeoutMs: 60_000 } });
      const created = await createSession();
      await backend.advanceClock(60_000);
      const grant = await loginAs('ada@acme.test');

      const answer = await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(grant) });

      expect(answer.status).toBe(404);
    });

    it('validates the body before looking at the session (FastAPI order): 422 for an unknown session', async () => {
      const answer = await patchUpgrade('ses_unknown', null, { body: { user_id: 'usr_ada' } });

      expect(answer.status).toBe(422);
    });

    it('checks the session before the access token: 404 beats a forged access token', async () => {
      const answer = await patchUpgrade('ses_unknown', 'token', {
        body: { user_id: 'usr_ada', tenant_id: 'acme', access_token: 'forged' },
      });

      expect(answer.status).toBe(404);
    });
  });

  describe('Idempotency-Key: an upgrade whose answer was lost is repeated', () => {
    const KEY = 'upgrade-key-0123456789abcdef0123456789abcdef';

    it('answers the same new token to a repeat with the same key and the previous token', async () => {
      const created = await createSession();
      const grant = await loginAs('ada@acme.test');
      const first = await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(grant), headers: { 'Idempotency-Key': KEY } });

      const repeat = await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(grant), headers: { 'Idempotency-Key': KEY } });

      expect(first.status).toBe(200);
      expect(repeat.status).toBe(200);
      const lost = first.json as SessionWithToken;
      const replayed = repeat.json as SessionWithToken;
      expect(replayed.session_token).toBe(lost.session_token);
      expect(replayed.session).toMatchObject({ session_id: created.session.session_id, user_id: 'usr_ada', upgraded_at: lost.session.upgraded_at });
      expect((await readSession(created.session.session_id, replayed.session_token)).session.user_id).toBe('usr_ada');
    });

    it('lets the previous token open nothing else: GET and logout with it answer 401', async () => {
      const created = await createSession();
      const grant = await loginAs('ada@acme.test');
      await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(grant), headers: { 'Idempotency-Key': KEY } });
      await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(grant), headers: { 'Idempotency-Key': KEY } });

      const read = await getSession(created.session.session_id, created.session_token);
      const withoutKey = await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(grant) });
      const otherKey = await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(grant), headers: { 'Idempotency-Key': `${KEY}-other` } });

      expect([read.status, withoutKey.status, otherKey.status]).toEqual([401, 401, 401]);
    });

    it('does not replay once the window has passed', async () => {
      const created = await createSession();
      const grant = await loginAs('ada@acme.test');
      await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(grant), headers: { 'Idempotency-Key': KEY } });
      await backend.advanceClock(backend.settings.idempotencyWindowMs);

      const late = await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(grant), headers: { 'Idempotency-Key': KEY } });

      expect(late.status).toBe(401);
    });

    it('does not replay after the session moved on (upgraded again) or ended', async () => {
      const created = await createSession();
      const grant = await loginAs('ada@acme.test');
      const first = (await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(grant), headers: { 'Idempotency-Key': KEY } })).json as SessionWithToken;
      const second = await upgradeWith(first, grant);

      const afterRotation = await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(grant), headers: { 'Idempotency-Key': KEY } });
      await backend.expireSession(created.session.session_id);
      const afterEnd = await patchUpgrade(created.session.session_id, second.session_token, { body: upgradeBody(grant), headers: { 'Idempotency-Key': KEY } });

      expect(afterRotation.status).toBe(401);
      expect(afterEnd.status).toBe(404);
    });

    it('does not replay to another identity than the one the upgrade bound', async () => {
      const created = await createSession();
      const ada = await loginAs('ada@acme.test');
      const alan = await loginAs('alan@acme.test');
      await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(ada), headers: { 'Idempotency-Key': KEY } });

      const asAlan = await patchUpgrade(created.session.session_id, created.session_token, { body: upgradeBody(alan), headers: { 'Idempotency-Key': KEY } });

      expect(asAlan.status).toBe(401);
    });
  });
});
