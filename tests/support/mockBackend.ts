/**
 * The mock backend the tests' MSW server answers with, as the tests see it.
 * (Transitional: an adapter over the module-level mock, shaped like the backend factory's API.)
 */
import { getResponse } from 'msw';
import { accounts, countRequests, handlers, resetMock, setLatency, setScenario, store, type RequestFilter, type ScenarioName } from '../../mocks/index.ts';

export const backend = {
  /** Answers one request as the mock does. */
  async handle(request: Request): Promise<Response> {
    const response = await getResponse(handlers, request);
    if (!response) throw new Error(`the mock does not answer ${request.method} ${request.url}`);
    return response;
  },
  /** Back to an empty store (the seeded accounts stay), the `default` scenario, no latency, an empty log. */
  async reset() {
    resetMock();
  },
  requestLog: { count: (filter: RequestFilter = {}) => countRequests(filter) },
  async setScenario(name: ScenarioName) {
    setScenario(name);
  },
  async setLatency(ms: number) {
    setLatency(ms);
  },
  async getSession(sessionId: string) {
    const s = store.getSession(sessionId);
    return s && { session_id: s.session_id, user_id: s.user_id, tenant_id: s.tenant_id, expired: s.expired || !store.findLiveSession(sessionId) };
  },
  async listSessions() {
    return store.listSessions().filter((s) => store.findLiveSession(s.session_id));
  },
  async expireSession(sessionId: string) {
    return store.expireSession(sessionId);
  },
  async sessionTokenMatches(sessionId: string, token: string) {
    return store.tokenMatches(sessionId, token) && !!store.findLiveSession(sessionId);
  },
  async seedSession(options: { email?: string } = {}) {
    const created = store.createSession().session;
    if (!options.email) return { session_id: created.session_id, session_token: created.token };
    const account = accounts.find((a) => a.email === options.email)!;
    const upgraded = store.upgradeSession(created.session_id, { user_id: account.user_id, tenant_id: account.tenant })!;
    return { session_id: upgraded.session_id, session_token: upgraded.token };
  },
};

/** Request filters of the five endpoints. */
export const CREATE = { method: 'POST', path: '/api/session/create-anonymous' };
export const GET = { method: 'GET', path: /^\/api\/session\/(?!create-anonymous)[^/]+$/ };
export const UPGRADE = { method: 'PATCH', path: /\/upgrade$/ };
export const LOGIN = { method: 'POST', path: '/api/auth/login' };
export const LOGOUT = { method: 'POST', path: /\/logout$/ };
