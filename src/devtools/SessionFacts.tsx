import { shallowEqual } from '@xstate/react';
import { useEffect, useState } from 'react';
import { selectStatus } from '../core/selectors.ts';
import type { SessionSnapshot } from '../core/sessionMachine.ts';
import { useSessionSelector } from '../react/useSession.ts';
import { useTokenTracker } from './tokenTracker.ts';

/** The current time, updated every `ms`. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

function duration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const time = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleTimeString() : '—');

/** What the status means right now, in a few words (the machine's sub-state tells loading from failed). */
function meaningOf(snapshot: SessionSnapshot): string {
  if (snapshot.matches({ session: { none: 'failed' } })) return 'could not start';
  if (snapshot.matches({ session: { none: 'signingOut' } })) return 'signing out';
  if (snapshot.matches({ session: 'none' })) return 'starting';
  if (snapshot.matches({ session: 'anonymous' })) return 'guest, not signed in';
  if (snapshot.matches({ session: 'upgrading' })) return 'signing in';
  return 'signed in';
}

// Everything but the token: the panel never holds it, so it can never show it.
const selectFacts = (snapshot: SessionSnapshot) => ({
  status: selectStatus(snapshot),
  meaning: meaningOf(snapshot),
  session: snapshot.context.session,
  error: snapshot.context.error,
  stored: snapshot.context.stored !== null,
  persistence: snapshot.context.persistence,
  confirmedAt: snapshot.context.confirmedAt,
});

/** The session as the machine holds it: id, status, tenant, user, times, token age and rotations. */
export function SessionFacts() {
  const { status, meaning, session, error, stored, persistence, confirmedAt } = useSessionSelector(selectFacts, shallowEqual);
  const token = useTokenTracker();
  const now = useNow(1000);
  const sameSession = token.sessionId === session?.session_id;
  // Restored at page load: the token dates from the last upgrade, or from the session's creation.
  const issued = sameSession && token.since !== null ? token.since : session ? Date.parse(session.upgraded_at ?? session.created_at) : null;

  return (
    <dl className="sf-devtools-facts">
      <div className="sf-devtools-facts__wide">
        <dt>Session id</dt>
        <dd>
          <code className="sf-devtools-break">{session?.session_id ?? '—'}</code>
        </dd>
      </div>
      <div className="sf-devtools-facts__wide">
        <dt>Status</dt>
        <dd>
          <span className={`sf-devtools-pill sf-devtools-pill--${status}`}>{status}</span> {meaning}
        </dd>
      </div>
      <div>
        <dt>Tenant</dt>
        <dd>{session?.tenant_id ?? 'none (anonymous)'}</dd>
      </div>
      <div>
        <dt>User</dt>
        <dd>{session?.user_id ?? 'none (anonymous)'}</dd>
      </div>
      <div>
        <dt>Confirmed</dt>
        <dd>{confirmedAt > 0 ? `${duration(now - confirmedAt)} ago` : 'never'}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>{time(session?.created_at)}</dd>
      </div>
      <div>
        <dt>Upgraded</dt>
        <dd>{time(session?.upgraded_at)}</dd>
      </div>
      <div>
        <dt>Expires</dt>
        <dd>{time(session?.expires_at)}</dd>
      </div>
      <div>
        <dt>Token age</dt>
        <dd data-testid="token-age">{issued !== null && session ? duration(now - issued) : '—'}</dd>
      </div>
      <div>
        <dt>Token rotations</dt>
        <dd data-testid="token-rotations">{sameSession ? token.rotations : 0}</dd>
      </div>
      <div>
        <dt>Stored</dt>
        <dd>{stored ? `id + token (${persistence})` : 'nothing'}</dd>
      </div>
      <div className="sf-devtools-facts__wide">
        <dt>Error</dt>
        <dd>{error ? `${error.code}: ${error.message}` : '—'}</dd>
      </div>
    </dl>
  );
}
