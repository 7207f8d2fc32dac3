import { describe, expect, it, vi } from 'vitest';
import { mockBackend } from '../../mocks/index.ts';
import { createSession, getSession, loginAs, upgradeWith } from '../support/api.ts';

function decodeBase64Url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

describe('session token secrecy', () => {
  it('is at least 128 random bits: base64url of 32 bytes', async () => {
    const { session_token } = await createSession();

    const bytes = decodeBase64Url(session_token);

    expect(session_token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(bytes.length * 8).toBeGreaterThanOrEqual(128);
    expect(bytes.length).toBe(32);
  });

  it('differs between sessions, and so do session ids', async () => {
    const created = await Promise.all(Array.from({ length: 20 }, () => createSession()));

    expect(new Set(created.map((c) => c.session_token)).size).toBe(20);
    expect(new Set(created.map((c) => c.session.session_id)).size).toBe(20);
  });

  it('comes from crypto.getRandomValues (session id and token alike)', async () => {
    const spy = vi.spyOn(crypto, 'getRandomValues');
    try {
      await createSession();

      const sizes = spy.mock.calls.map(([array]) => (array as Uint8Array).length);
      expect(sizes).toEqual(expect.arrayContaining([32, 16]));
    } finally {
      spy.mockRestore();
    }
  });

  it('is not derived from the session id: the id alone never authenticates', async () => {
    const created = await createSession();

    const answer = await getSession(created.session.session_id, created.session.session_id);

    expect(answer.status).toBe(401);
  });

  it('is rotated to a fresh 256-bit value on upgrade', async () => {
    const created = await createSession();

    const upgraded = await upgradeWith(created, await loginAs('ada@acme.test'));

    expect(decodeBase64Url(upgraded.session_token).length).toBe(32);
    expect(upgraded.session_token).not.toBe(created.session_token);
    expect(await mockBackend.sessionTokenMatches(created.session.session_id, upgraded.session_token)).toBe(true);
  });

  it('is compared exactly: a prefix or a case change of the token is rejected', async () => {
    const created = await createSession();
    const token = created.session_token;

    const prefix = await getSession(created.session.session_id, token.slice(0, -1));
    const longer = await getSession(created.session.session_id, `${token}x`);
    const upper = await getSession(created.session.session_id, token.toUpperCase());

    expect([prefix.status, longer.status, upper.status]).toEqual([401, 401, 401]);
  });
});
