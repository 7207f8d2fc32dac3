import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { useSession } from 'session-first/react';
import { useSessionFailed } from './useSessionFailed.ts';

/**
 * Page-wide session notices: the session could not be had (with `Retry`), or it expired while the
 * user was on this page. The expiry notice stays on the page where it happened, until the user
 * moves on or dismisses it; the login page tells of an expiry itself.
 */
export function SessionNotices() {
  const { error, retry } = useSession();
  const failed = useSessionFailed();
  const location = useLocation();
  const expired = error?.code === 'session_expired';
  // The history entry the expiry was noticed on (React Router gives each entry its own key).
  const [noticedOn, setNoticedOn] = useState<string | null>(null);
  useEffect(() => {
    setNoticedOn(expired ? location.key : null);
    // Only when the expiry comes or goes: moving to another page must not carry the notice along.
  }, [expired]);

  if (failed && error) {
    return (
      <div className="notice notice--error" role="alert" data-code={error.code}>
        <div className="notice__text">
          <strong>We could not start your session.</strong> <span>{error.message}</span>
        </div>
        <button type="button" className="button" onClick={retry}>
          Retry
        </button>
      </div>
    );
  }
  if (expired && noticedOn === location.key && location.pathname !== '/login') {
    return (
      <div className="notice notice--warn" role="status" data-code={error.code}>
        <div className="notice__text">{error.message}</div>
        <button type="button" className="button button--ghost" onClick={() => setNoticedOn(null)}>
          Dismiss
        </button>
      </div>
    );
  }
  return null;
}
