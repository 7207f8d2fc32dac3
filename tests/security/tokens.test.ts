/**
 * Security of the session contract (SPEC §2, OWASP session management / ASVS V7), through the
 * library's own client against the MSW mock backend: token rotation against session fixation,
 * token strength, and session ids the client cannot choose.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, ExperiencePlaneClient } from '../../src/index.ts';
import { call, getSession, patchUpgrade, postCreate, postLogout } from '../support/api.ts';
import { ADA, GRACE } from '../support/harness.tsx';
import { backend } from '../support/mockBackend.ts';

const client = new ExperiencePlaneClient({ baseUrl: 'http://localhost' });
const grantFor = (u: { email: string; password: string }) => client.login({ email: u.email, password: u.password });
const upgradeBody = (g: { user_id: string; tenant_id: string; access_token: string }) => ({ user_id: g.user_id, tenant_id: g.tenant_id, access_token: g.access_token });
const refused = async (p: Promise<unknown>, code: string) => {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e, `expected the request to be refused with ${code}`).toBeInstanceOf(ApiError);
  expect((e as ApiError).code).toBe(code);
};

afterEach(() => vi.restoreAllMocks());

describe('session fixation', () => {
  it('the upgrade rotates the token; the old one is refused everywhere, the session id stays', async () => {
    const anon = await client.createAnonymousSession();
    const id = anon.session.session_id;
    const g = await grantFor(ADA);

    const up = await client.upgradeSession(id, anon.session_token, upgradeBody(g));

    expect(up.session.session_id).toBe(id);
    expect(up.session_token).not.toBe(anon.session_token);
    await refused(client.getSession(id, anon.session_token), 'unauthorized');
    await refused(client.upgradeSession(id, anon.session_token, upgradeBody(g)), 'unauthorized');
    await refused(client.logout(id, anon.session_token), 'unauthorized');
    expect((await client.getSession(id, up.session_token)).user_id).toBe(ADA.user_id);
  });

  it('an attacker who planted a session cannot use it once the victim signed in with it', async () => {
    // The attacker makes an anonymous session and gets the victim's browser to use it.
    const planted = await client.createAnonymousSession();
    const id = planted.session.session_id;
    // The victim signs in on that session.
    const victim = await client.upgradeSession(id, planted.session_token, upgradeBody(await grantFor(ADA)));
    // The attacker still holds the planted token: it opens nothing.
    await refused(client.getSession(id, planted.session_token), 'unauthorized');
    await refused(client.upgradeSession(id, planted.session_token, upgradeBody(await grantFor(GRACE))), 'unauthorized');
    await refused(client.logout(id, planted.session_token), 'unauthorized');
    expect(await backend.sessionTokenMatches(id, victim.session_token)).toBe(true);
    expect((await backend.getSession(id))?.user_id).toBe(ADA.user_id);
  });

  it('every upgrade rotates again (signing in twice as the same user)', async () => {
    const anon = await client.createAnonymousSession();
    const id = anon.session.session_id;
    const first = await client.upgradeSession(id, anon.session_token, upgradeBody(await grantFor(ADA)));
    const second = await client.upgradeSession(id, first.session_token, upgradeBody(await grantFor(ADA)));
    expect(new Set([anon.session_token, first.session_token, second.session_token]).size).toBe(3);
    await refused(client.getSession(id, first.session_token), 'unauthorized');
    expect((await client.getSession(id, second.session_token)).session_id).toBe(id);
  });

  it('a session bound to one user cannot be taken over by another (409), and its token keeps working', async () => {
    const anon = await client.createAnonymousSession();
    const id = anon.session.session_id;
    const ada = await client.upgradeSession(id, anon.session_token, upgradeBody(await grantFor(ADA)));
    await refused(client.upgradeSession(id, ada.session_token, upgradeBody(await grantFor(GRACE))), 'conflict');
    expect((await backend.getSession(id))?.user_id).toBe(ADA.user_id);
    expect(await backend.sessionTokenMatches(id, ada.session_token)).toBe(true);
  });

  it('identity comes from the access token: another user id in the body is refused (403)', async () => {
    const anon = await client.createAnonymousSession();
    const g = await grantFor(ADA);
    await refused(client.upgradeSession(anon.session.session_id, anon.session_token, { ...upgradeBody(g), user_id: GRACE.user_id }), 'forbidden');
    await refused(client.upgradeSession(anon.session.session_id, anon.session_token, { ...upgradeBody(g), tenant_id: 'globex' }), 'forbidden');
    expect((await backend.getSession(anon.session.session_id))?.user_id).toBeNull();
  });

  it('an attacker holding the planted token cannot repeat the victim’s upgrade with an Idempotency-Key of their own', async () => {
    const planted = await client.createAnonymousSession();
    const id = planted.session.session_id;
    const victim = await client.upgradeSession(id, planted.session_token, upgradeBody(await grantFor(ADA)), { idempotencyKey: 'a'.repeat(32) });

    await refused(client.upgradeSession(id, planted.session_token, upgradeBody(await grantFor(GRACE)), { idempotencyKey: 'b'.repeat(32) }), 'unauthorized');

    expect(await backend.sessionTokenMatches(id, victim.session_token)).toBe(true);
    expect((await backend.getSession(id))?.user_id).toBe(ADA.user_id);
  });

  it('after logout the session and its token are gone', async () => {
    const anon = await client.createAnonymousSession();
    await client.logout(anon.session.session_id, anon.session_token);
    await refused(client.getSession(anon.session.session_id, anon.session_token), 'not_found');
    await refused(client.upgradeSession(anon.session.session_id, anon.session_token, upgradeBody(await grantFor(ADA))), 'not_found');
  });
});

describe('session token strength', () => {
  const SAMPLES = 300;

  it(`tokens carry at least 128 random bits, from crypto.getRandomValues (${SAMPLES} tokens)`, async () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    const tokens: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < SAMPLES / 2; i++) {
      const s = await client.createAnonymousSession();
      tokens.push(s.session_token);
      ids.push(s.session.session_id);
      if (i % 10 === 0) tokens.push((await client.upgradeSession(s.session.session_id, s.session_token, upgradeBody(await grantFor(ADA)))).session_token);
    }
    expect(spy).toHaveBeenCalled();
    // Unique, not derived from the public id.
    expect(new Set(tokens).size).toBe(tokens.length);
    const hexes = ids.map((id) => id.replace(/^ses_/, ''));
    expect(tokens.filter((t) => hexes.some((h) => t.includes(h)))).toEqual([]);
    // Decoded length: at least 16 bytes of key material.
    const bytes = tokens.map((t) => {
      expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
      const b = Buffer.from(t, 'base64url');
      expect(b.toString('base64url')).toBe(t);
      return b;
    });
    for (const b of bytes) expect(b.length * 8).toBeGreaterThanOrEqual(128);
    // A coarse randomness check: every bit position is set in about half the tokens (no fixed bits).
    const n = bytes.length;
    const bits = Math.min(...bytes.map((b) => b.length)) * 8;
    const ones = Array.from({ length: bits }, (_, i) => bytes.filter((b) => (b[i >> 3]! >> (7 - (i & 7))) & 1).length);
    const fixed = ones.filter((c) => c === 0 || c === n);
    expect(fixed).toEqual([]);
    const share = ones.reduce((a, c) => a + c, 0) / (bits * n);
    expect(share).toBeGreaterThan(0.47);
    expect(share).toBeLessThan(0.53);
  });
});

describe('the server never accepts a client-chosen session id', () => {
  const CHOSEN = 'ses_chosen_by_the_client_0000000000';

  it('create-anonymous ignores a session id in the body, metadata, headers or query', async () => {
    const attempts = [
      await call('POST', '/api/session/create-anonymous', { body: { session_id: CHOSEN } }),
      await call('POST', '/api/session/create-anonymous', { body: { metadata: { session_id: CHOSEN } } }),
      await call('POST', '/api/session/create-anonymous', { body: {}, headers: { 'X-Session-Id': CHOSEN, 'X-Session-Token': 'chosen-token-000000000000' } }),
      await call('POST', `/api/session/create-anonymous?session_id=${CHOSEN}`, { body: {} }),
      await postCreate({ idempotencyKey: CHOSEN }),
    ];
    for (const a of attempts) {
      expect(a.status).toBe(201);
      const body = a.json as { session: { session_id: string }; session_token: string };
      expect(body.session.session_id).not.toBe(CHOSEN);
      expect(body.session.session_id).toMatch(/^ses_[0-9a-f]{32}$/);
      expect(body.session_token).not.toBe('chosen-token-000000000000');
    }
    expect((await backend.listSessions()).some((s) => s.session_id === CHOSEN)).toBe(false);
  });

  it('reading, upgrading or ending an id the server did not issue never creates it', async () => {
    const real = await client.createAnonymousSession();
    const g = await grantFor(ADA);
    expect((await getSession(CHOSEN, real.session_token)).status).toBe(404);
    expect((await patchUpgrade(CHOSEN, real.session_token, { body: upgradeBody(g) })).status).toBe(404);
    expect((await postLogout(CHOSEN, real.session_token)).status).toBe(404);
    expect(await backend.getSession(CHOSEN)).toBeUndefined();
    // The real session is untouched by all that.
    expect(await backend.sessionTokenMatches(real.session.session_id, real.session_token)).toBe(true);
    expect((await backend.getSession(real.session.session_id))?.user_id).toBeNull();
  });

  it('an Idempotency-Key replay never hands out a session once it was upgraded', async () => {
    const key = 'key-' + crypto.randomUUID();
    const first = await client.createAnonymousSession({ idempotencyKey: key });
    const replay = await client.createAnonymousSession({ idempotencyKey: key });
    expect(replay.session.session_id).toBe(first.session.session_id);
    const up = await client.upgradeSession(first.session.session_id, first.session_token, upgradeBody(await grantFor(ADA)));

    const after = await client.createAnonymousSession({ idempotencyKey: key });

    expect(after.session.session_id).not.toBe(first.session.session_id);
    expect(after.session_token).not.toBe(up.session_token);
    expect(after.session.user_id).toBeNull();
  });
});
