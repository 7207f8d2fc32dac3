import { useSession, useSessionSelector } from 'session-first/react';
import type { SessionSnapshot } from 'session-first';
import { useSessionFailed } from './useSessionFailed.ts';

/** The status in words for people; the QA hook `session-status` keeps the status value itself. */
function wordsFor(snapshot: SessionSnapshot): string {
  if (snapshot.matches({ session: { none: 'failed' } })) return 'Could not start';
  if (snapshot.matches({ session: { none: 'signingOut' } })) return 'Signing out…';
  if (snapshot.matches({ session: 'none' })) return 'Starting…';
  if (snapshot.matches({ session: 'anonymous' })) return 'Guest session';
  if (snapshot.matches({ session: 'upgrading' })) return 'Signing in…';
  return 'Signed in';
}

/** The session badge of every page (QA hooks: `session-status`, `session-id`). */
export function SessionBadge() {
  const { status, session, error } = useSession();
  const words = useSessionSelector(wordsFor);
  const failed = useSessionFailed();
  const id = session?.session_id ?? '';
  return (
    <div className="session-badge" data-status={status} data-error={failed && error ? error.code : undefined} title={id ? `${words}: ${id}` : words}>
      <span className="session-badge__dot" aria-hidden="true" />
      <span className="visually-hidden">Session: </span>
      <span className="session-badge__status" aria-live="polite">
        {words}
      </span>
      {id && <span className="visually-hidden">, id </span>}
      <code className="session-badge__id" data-testid="session-id">
        {id}
      </code>
      {/* For QA and tests only: present on the page, neither seen nor read out. */}
      <span className="visually-hidden" aria-hidden="true" data-testid="session-status">
        {status}
      </span>
    </div>
  );
}
