import { describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../src/api/types.ts';
import { accounts, DEMO_PASSWORD } from '../../mocks/index.ts';
import { postLogin } from '../support/api.ts';
import { useBackend } from '../support/backends.ts';

describe('POST /api/auth/login', () => {
  it.each(accounts.map((a) => [a.email, a.user_id, a.tenant] as const))(
    'answers 200 with a bearer access token for %s',
    async (email, userId, tenant) => {
      const answer = await postLogin({ email, password: DEMO_PASSWORD });

      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({
        access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        token_type: 'bearer',
        expires_in: 3600,
        user_id: userId,
        tenant_id: tenant,
      });
    },
  );

  it('seeds the demo accounts of the spec in their tenants', () => {
    const seeded = accounts.map(({ email, tenant, password }) => ({ email, tenant, password }));

    expect(seeded).toEqual(
      expect.arrayContaining([
        { email: 'ada@acme.test', tenant: 'acme', password: 'demo-pass-1' },
        { email: 'grace@globex.test', tenant: 'globex', password: 'demo-pass-1' },
        { email: 'alan@acme.test', tenant: 'acme', password: 'demo-pass-1' },
      ]),
    );
  });

  it('issues a different access token on every login', async () => {
    const a = (await postLogin({ email: 'ada@acme.test', password: DEMO_PASSWORD })).json as LoginResponse;
    const b = (await postLogin({ email: 'ada@acme.test', password: DEMO_PASSWORD })).json as LoginResponse;

    expect(a.access_token).not.toBe(b.access_token);
  });

  it('compares the email case-insensitively and ignores surrounding spaces', async () => {
    const answer = await postLogin({ email: '  Ada@ACME.test ', password: DEMO_PASSWORD });

    expect(answer.status).toBe(200);
    expect((answer.json as LoginResponse).user_id).toBe('usr_ada');
  });

  it('reports the configured access token lifetime in expires_in', async () => {
    useBackend({ settings: { accessTokenTtlSec: 120 } });

    const answer = await postLogin({ email: 'ada@acme.test', password: DEMO_PASSWORD });

    expect((answer.json as LoginResponse).expires_in).toBe(120);
  });

  it.each([
    ['a wrong password', { email: 'ada@acme.test', password: 'demo-pass-2' }],
    ['a password of another case', { email: 'ada@acme.test', password: 'DEMO-PASS-1' }],
    ['an unknown email', { email: 'nobody@acme.test', password: DEMO_PASSWORD }],
    ['empty credentials', { email: '', password: '' }],
  ])('answers 401 Incorrect email or password to %s', async (_, body) => {
    const answer = await postLogin(body);

    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ detail: 'Incorrect email or password' });
  });
});
