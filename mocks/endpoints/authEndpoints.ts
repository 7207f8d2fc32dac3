/** `/api/auth/...`: login against the seeded accounts (SPEC §2, §4). */
import { accounts, type DemoAccount } from '../accounts.ts';
import type { Operation } from '../core/operation.ts';
import { readRequestBody } from '../core/readRequestBody.ts';
import { reply } from '../core/replies.ts';
import { checkRequest, validateModel } from '../core/validateModel.ts';
import { newFreshSecret, sameSecret } from '../secrets.ts';

const loginRules = {
  email: { kind: 'string', required: true },
  password: { kind: 'string', required: true },
} as const;

const BAD_CREDENTIALS = 'Incorrect email or password';

/** The seeded account with these credentials (email without case or surrounding spaces), if any. */
function verifyCredentials(email: string, password: string): DemoAccount | undefined {
  const wanted = email.trim().toLowerCase();
  return accounts.find((a) => a.email === wanted && sameSecret(a.password, password));
}

export const login: Operation = async (request) => {
  const checked = checkRequest([], validateModel(await readRequestBody(request), loginRules, { required: true }));
  if ('reply' in checked) return checked;
  const account = verifyCredentials(checked.value.email, checked.value.password);
  const secret = await newFreshSecret();
  return {
    apply(tx) {
      if (tx.snapshot.scenario === 'invalid-credentials' || !account) return reply.error(401, BAD_CREDENTIALS);
      const ttlSec = tx.settings.accessTokenTtlSec;
      tx.snapshot.access_tokens.push({
        token_hash: secret.hash,
        user_id: account.user_id,
        tenant_id: account.tenant,
        expires_at: tx.now + ttlSec * 1000,
      });
      return reply.ok({ access_token: secret.token, token_type: 'bearer', expires_in: ttlSec, user_id: account.user_id, tenant_id: account.tenant });
    },
  };
};
