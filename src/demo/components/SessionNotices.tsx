import { useState } from 'react';
import { useLocation } from 'react-router';
import { useSession } from '../../react/index.ts';

/**
 * Page-wide session notices: the session could not be had (with `Retry`), or it expired while
 * the user was away from a protected page. The login page shows the expiry itself.
 */
export function SessionNotices() {
  const { status, error, retry, session } = useSession();
  const { pathname } = useLocation();
  const [dismissed, setDismissed] = useState<string | null>(null);

  // While an expired session is being replaced the status is `none` and the error says
  // `session_expired`: that is not a failure, the new session is on its way.
  if (status === 'none' && error && error.code !== 'session_expired') {
    return (
      <div className="notice notice--error" role="alert">
        <div className="notice__text">
          <strong>We could not start your session.</strong> <span>{error.message}</span>{' '}
          <span className="notice__code">({error.code})</span>
        </div>
        <button type="button" className="button" onClick={retry}>
          Retry
        </button>
      </div>
    );
  }
  const sessionId = session?.session_id ?? '';
  if (error?.code === 'session_expired' && pathname !== '/login' && dismissed !== sessionId) {
    return (
      <div className="notice notice--warn" role="status">
        <div className="notice__text">{error.message}</div>
        <button type="button" className="button button--ghost" onClick={() => setDismissed(sessionId)}>
          Dismiss
        </button>
      </div>
    );
  }
  return null;
}
