import { useSession } from '../../react/index.ts';

const describe = {
  none: 'No session yet',
  anonymous: 'Anonymous session',
  upgrading: 'Signing in',
  authenticated: 'Signed-in session',
} as const;

/** The session badge of every page (QA hooks: `session-status`, `session-id`). */
export function SessionBadge() {
  const { status, session, error } = useSession();
  const id = session?.session_id ?? '';
  return (
    <div
      className="session-badge"
      data-status={status}
      data-error={error ? error.code : undefined}
      title={`${describe[status]}${id ? `: ${id}` : ''}`}
    >
      <span className="session-badge__dot" aria-hidden="true" />
      <span className="visually-hidden">Session status: </span>
      <span className="session-badge__status" data-testid="session-status" aria-live="polite">
        {status}
      </span>
      <span className="visually-hidden">, session id: </span>
      <code className="session-badge__id" data-testid="session-id">
        {id}
      </code>
    </div>
  );
}
