/**
 * The experience API's routes as MSW path patterns, for per-story or per-test overrides in front
 * of the mock backend's handlers. The leading `*` matches any origin, so any `baseUrl` reaches them.
 */
export const apiRoutes = Object.freeze({
  createAnonymous: '*/api/session/create-anonymous',
  session: '*/api/session/:session_id',
  upgrade: '*/api/session/:session_id/upgrade',
  logout: '*/api/session/:session_id/logout',
  login: '*/api/auth/login',
});
