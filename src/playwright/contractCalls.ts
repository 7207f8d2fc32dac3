// The experience API's calls as `RequestRecorder.since()` writes them: `METHOD /route STATUS`,
// with the session id in the path written `:id`, so that an expectation reads like the contract.

/** A new anonymous session was created. */
export const CREATE = 'POST /api/session/create-anonymous 201';
/** A stored session was read back (a page load that had one, or a re-check). */
export const RESTORE = 'GET /api/session/:id 200';
/** The credentials were accepted. */
export const LOGIN = 'POST /api/auth/login 200';
/** The session was upgraded (same id, new token). */
export const UPGRADE = 'PATCH /api/session/:id/upgrade 200';
/** The session was ended. */
export const LOGOUT = 'POST /api/session/:id/logout 204';

// `/api/session/{session_id}`, `.../upgrade` and `.../logout`; `create-anonymous` is not an id.
const SESSION_PATH = /^\/api\/session\/(?!create-anonymous(?:$|\/))[^/]+(\/upgrade|\/logout)?$/;

/** A path of the experience API (with its query) as a route: `/api/session/ses_42/upgrade` -> `/api/session/:id/upgrade`. */
export function routeOf(path: string): string {
  const queryAt = path.indexOf('?');
  const pathname = queryAt === -1 ? path : path.slice(0, queryAt);
  const query = queryAt === -1 ? '' : path.slice(queryAt);
  const match = SESSION_PATH.exec(pathname);
  return match ? `/api/session/:id${match[1] ?? ''}${query}` : path;
}
