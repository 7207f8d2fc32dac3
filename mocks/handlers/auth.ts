import { http } from 'msw';
import { apiRoutes, mockConfig } from '../config.ts';
import { getScenario } from '../scenarios.ts';
import { store } from '../store.ts';
import { respond, type MockReply } from './respond.ts';
import { validateBody } from './validateBody.ts';
import { withMockBehaviour, type MockRequest } from './withMockBehaviour.ts';

const loginRules = {
  email: { kind: 'string', required: true },
  password: { kind: 'string', required: true },
} as const;

const BAD_CREDENTIALS = 'Incorrect email or password';

async function login({ request }: MockRequest): Promise<MockReply> {
  const body = await validateBody(request, loginRules, { required: true });
  if (!body.ok) return respond.invalid(body.errors);
  if (getScenario() === 'invalid-credentials') return respond.error(401, BAD_CREDENTIALS);
  const account = store.verifyCredentials(body.value.email, body.value.password);
  if (!account) return respond.error(401, BAD_CREDENTIALS);
  const grant = store.issueAccessToken(account);
  return respond.ok({
    access_token: grant.access_token,
    token_type: 'bearer',
    expires_in: mockConfig.accessTokenTtlSec,
    user_id: grant.user_id,
    tenant_id: grant.tenant_id,
  });
}

/** Handlers of `/api/auth/...`: login. */
export const authHandlers = [http.post(apiRoutes.login, withMockBehaviour(login))];
