import { describe, expect, it } from 'vitest';
import type { SessionWithToken } from '../../src/api/types.ts';
import { DEMO_PASSWORD, isScenarioName, mockBackend, scenarios, type ScenarioName } from '../../mocks/index.ts';
import { loadOpenApiDocument, resolvePointer } from '../support/contract.ts';
import { validateResponse } from '../support/contract.ts';
import {
  call,
  createSession,
  getSession,
  loginAs,
  patchUpgrade,
  postCreate,
  postLogin,
  postLogout,
  readSession,
  upgradeWith,
  type ApiAnswer,
} from '../support/api.ts';

const { requestLog } = mockBackend;
const countRequests = requestLog.count;
const setScenario = (name: ScenarioName) => mockBackend.setScenario(name);
const resetScenario = () => mockBackend.setScenario('default');
const getScenario = async () => (await mockBackend.getState()).scenario;
const sessionCount = async () => (await mockBackend.listSessions()).length;

const SPEC_SCENARIOS: ScenarioName[] = [
  'default',
  'slow',
  'flaky',
  'server-down',
  'offline',
  'expired-session',
  'invalid-credentials',
  'upgrade-conflict',
  'malformed-response',
];

/** One request to each of the five endpoints (against a session that may or may not exist). */
function everyEndpoint(sessionId = 'ses_any', token = 'token'): Promise<ApiAnswer>[] {
  return [
    postCreate(),
    getSession(sessionId, token),
    patchUpgrade(sessionId, token, { body: { user_id: 'usr_ada', tenant_id: 'acme', access_token: 'x' } }),
    postLogout(sessionId, token),
    postLogin({ email: 'ada@acme.test', password: DEMO_PASSWORD }),
  ];
}

describe('scenario selection', () => {
  it('lists the nine scenarios of the spec, each with a one-line description', () => {
    expect(scenarios.map((s) => s.name)).toEqual(SPEC_SCENARIOS);
    for (const { description } of scenarios) {
      expect(description.length).toBeGreaterThan(10);
      expect(description).not.toContain('\n');
    }
  });

  it('lists exactly the scenario names the OpenAPI document declares', () => {
    const declared = resolvePointer(loadOpenApiDocument(), '#/components/schemas/MockScenarioName/enum');

    expect(scenarios.map((s) => s.name)).toEqual(declared);
  });

  it('starts on default and switches at run time', async () => {
    expect(await getScenario()).toBe('default');

    await setScenario('offline');

    expect(await getScenario()).toBe('offline');
    await resetScenario();
    expect(await getScenario()).toBe('default');
  });

  it('rejects an unknown scenario name', async () => {
    await expect(setScenario('chaos' as ScenarioName)).rejects.toThrow(/Unknown mock scenario/);
    expect(isScenarioName('chaos')).toBe(false);
    expect(isScenarioName('flaky')).toBe(true);
  });
});

describe('slow', () => {
  it('adds about 1.5 s to every response, and logs it', async () => {
    await setScenario('slow');
    const started = performance.now();

    const answer = await postCreate();

    expect(answer.status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1450);
    expect(requestLog.entries().at(-1)).toMatchObject({ latency_ms: 1500, scenario: 'slow' });
  });
});

describe('flaky', () => {
  it('fails the odd-numbered requests with 503 and answers the even ones', async () => {
    await setScenario('flaky');

    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await postCreate()).status);

    expect(statuses).toEqual([503, 201, 503, 201]);
    expect(await sessionCount()).toBe(2);
  });

  it("answers FastAPI's detail with the 503", async () => {
    await setScenario('flaky');

    const answer = await postLogin({ email: 'ada@acme.test', password: DEMO_PASSWORD });

    expect(answer.status).toBe(503);
    expect(answer.json).toEqual({ detail: 'Service temporarily unavailable' });
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('lets a client that retries once recover', async () => {
    await setScenario('flaky');

    let answer = await postCreate();
    if (answer.status === 503) answer = await postCreate();

    expect(answer.status).toBe(201);
  });

  it('counts from the moment it is selected', async () => {
    await createSession(); // under default: not counted for flaky
    await setScenario('flaky');
    const first = await postCreate();
    await setScenario('flaky');

    const firstAfterReselect = await postCreate();

    expect(first.status).toBe(503);
    expect(firstAfterReselect.status).toBe(503);
  });
});

describe('server-down', () => {
  it('answers 503 with a detail on every endpoint and changes nothing', async () => {
    const existing = await createSession();
    await setScenario('server-down');

    const answers = await Promise.all(everyEndpoint(existing.session.session_id, existing.session_token));

    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.json).toEqual({ detail: 'Service temporarily unavailable' });
    }
    expect(await sessionCount()).toBe(1);
    expect(await mockBackend.sessionTokenMatches(existing.session.session_id, existing.session_token)).toBe(true);
  });
});

describe('offline', () => {
  it('makes every request a network error, logged with status 0', async () => {
    await setScenario('offline');

    const outcomes = await Promise.allSettled(everyEndpoint());

    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(TypeError);
    }
    expect(countRequests({ status: 0 })).toBe(5);
    expect(countRequests()).toBe(5);
    expect(await sessionCount()).toBe(0);
  });

  it('recovers when the scenario is switched back', async () => {
    await setScenario('offline');
    await expect(postCreate()).rejects.toThrow();
    await resetScenario();

    const answer = await postCreate();

    expect(answer.status).toBe(201);
  });
});

describe('expired-session', () => {
  it('expires every session that existed when it was selected: GET, upgrade and logout answer 404', async () => {
    const a = await createSession();
    const b = await createSession();
    const grant = await loginAs('ada@acme.test');

    await setScenario('expired-session');
    const read = await getSession(a.session.session_id, a.session_token);
    const upgrade = await patchUpgrade(b.session.session_id, b.session_token, {
      body: { user_id: grant.user_id, tenant_id: grant.tenant_id, access_token: grant.access_token },
    });
    const logout = await postLogout(a.session.session_id, a.session_token);

    expect([read.status, upgrade.status, logout.status]).toEqual([404, 404, 404]);
    expect(await sessionCount()).toBe(0);
  });

  it('lets sessions created afterwards work, so a client recovers with a new one', async () => {
    const old = await createSession();
    await setScenario('expired-session');
    expect((await getSession(old.session.session_id, old.session_token)).status).toBe(404);

    const fresh = await createSession();
    const upgraded = await upgradeWith(fresh, await loginAs('ada@acme.test'));

    expect((await readSession(fresh.session.session_id, upgraded.session_token)).session.user_id).toBe('usr_ada');
  });

  it('does not bring the old sessions back when switched off', async () => {
    const old = await createSession();
    await setScenario('expired-session');
    await resetScenario();

    const answer = await getSession(old.session.session_id, old.session_token);

    expect(answer.status).toBe(404);
  });
});

describe('invalid-credentials', () => {
  it('answers 401 Incorrect email or password to correct credentials', async () => {
    await setScenario('invalid-credentials');

    const answer = await postLogin({ email: 'ada@acme.test', password: DEMO_PASSWORD });

    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ detail: 'Incorrect email or password' });
  });

  it('still validates the body first (422) and leaves sessions alone', async () => {
    await setScenario('invalid-credentials');

    const invalid = await postLogin({ email: 'ada@acme.test' });
    const created = await postCreate();

    expect(invalid.status).toBe(422);
    expect(created.status).toBe(201);
  });
});

describe('upgrade-conflict', () => {
  it('answers 409 to a valid upgrade and leaves the session anonymous with its token', async () => {
    const created = await createSession();
    const grant = await loginAs('ada@acme.test');
    await setScenario('upgrade-conflict');

    const answer = await patchUpgrade(created.session.session_id, created.session_token, {
      body: { user_id: grant.user_id, tenant_id: grant.tenant_id, access_token: grant.access_token },
    });

    expect(answer.status).toBe(409);
    expect(answer.json).toEqual({ detail: 'Session is already bound to another user' });
    const { session } = await readSession(created.session.session_id, created.session_token);
    expect(session.user_id).toBeNull();
  });

  it('answers 409 whatever the access token says', async () => {
    const created = await createSession();
    await setScenario('upgrade-conflict');

    const answer = await patchUpgrade(created.session.session_id, created.session_token, {
      body: { user_id: 'usr_ada', tenant_id: 'acme', access_token: 'anything' },
    });

    expect(answer.status).toBe(409);
  });

  it('leaves login and the other session endpoints working', async () => {
    await setScenario('upgrade-conflict');

    const login = await postLogin({ email: 'ada@acme.test', password: DEMO_PASSWORD });
    const created = await postCreate();

    expect(login.status).toBe(200);
    expect(created.status).toBe(201);
  });
});

describe('malformed-response', () => {
  it('answers successes with the normal status but a body that breaks the contract', async () => {
    const before = await createSession();
    const grant = await loginAs('ada@acme.test');
    await setScenario('malformed-response');

    const answers = [
      ['POST', '/api/session/create-anonymous', await postCreate()],
      ['GET', `/api/session/${before.session.session_id}`, await getSession(before.session.session_id, before.session_token)],
      ['POST', '/api/auth/login', await postLogin({ email: 'ada@acme.test', password: DEMO_PASSWORD })],
      [
        'PATCH',
        `/api/session/${before.session.session_id}/upgrade`,
        await patchUpgrade(before.session.session_id, before.session_token, {
          body: { user_id: grant.user_id, tenant_id: grant.tenant_id, access_token: grant.access_token },
        }),
      ],
    ] as const;

    expect(answers.map(([, , a]) => a.status)).toEqual([201, 200, 200, 200]);
    for (const [method, path, answer] of answers) {
      expect(() => JSON.parse(answer.text) as unknown).not.toThrow();
      expect(validateResponse({ method, path, status: answer.status, headers: answer.headers, body: answer.text })).not.toEqual([]);
    }
  });

  it('drops session_token and renames the session fields', async () => {
    await setScenario('malformed-response');

    const answer = await postCreate();

    const body = answer.json as Record<string, unknown>;
    expect(body).not.toHaveProperty('session_token');
    expect(body).toHaveProperty('sessionToken');
    expect(body.session).not.toHaveProperty('session_id');
    expect(body.session).toHaveProperty('sessionId');
  });

  it('still does the work: the session was created and answers normally afterwards', async () => {
    await setScenario('malformed-response');
    const body = (await postCreate()).json as { session: { sessionId: string }; sessionToken: string };
    await resetScenario();

    const answer = await getSession(body.session.sessionId, body.sessionToken);

    expect(answer.status).toBe(200);
    expect((answer.json as SessionWithToken).session.session_id).toBe(body.session.sessionId);
  });

  it('keeps errors and 204 as documented', async () => {
    const created = await createSession();
    await setScenario('malformed-response');

    const notFound = await getSession('ses_unknown', 'token');
    const loggedOut = await postLogout(created.session.session_id, created.session_token);
    const invalid = await call('POST', '/api/auth/login', { rawBody: '{' });

    expect(notFound.json).toEqual({ detail: 'Session not found' });
    expect(loggedOut.status).toBe(204);
    expect(loggedOut.text).toBe('');
    expect(invalid.status).toBe(422);
    expect(validateResponse({ method: 'GET', path: '/api/session/ses_unknown', status: 404, headers: notFound.headers, body: notFound.text })).toEqual([]);
  });
});
