import { useEffect, useState } from 'react';
import { accounts, tenants } from '../../../mocks/index.ts';
import { useSession, useSessionSelector } from '../../react/index.ts';
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

const age = (ms: number): string => {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
};

const time = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleTimeString() : '—');

/** The session as the machine holds it: id, tenant, user, times, token age and rotations. */
export function SessionFacts() {
  const { status, session, error } = useSession();
  const stored = useSessionSelector((s) => !!s.context.stored);
  const token = useTokenTracker();
  const now = useNow(1000);

  const account = accounts.find((a) => a.user_id === session?.user_id);
  const tenant = tenants.find((t) => t.tenant_id === session?.tenant_id);
  const sameSession = token.sessionId === session?.session_id;
  // Restored at page load: the token dates from the last upgrade, or from the session's creation.
  const issued = sameSession && token.since != null ? token.since : session ? Date.parse(session.upgraded_at ?? session.created_at) : null;

  return (
    <dl className="facts facts--grid">
      <div className="facts__wide">
        <dt>Session id</dt>
        <dd>
          <code className="break">{session?.session_id ?? '—'}</code>
        </dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd>
          <span className={`pill pill--${status}`}>{status}</span>
        </dd>
      </div>
      <div>
        <dt>Tenant</dt>
        <dd>{session?.tenant_id ? `${tenant?.name ?? session.tenant_id} (${session.tenant_id})` : 'none (anonymous)'}</dd>
      </div>
      <div>
        <dt>User</dt>
        <dd>{session?.user_id ? `${account?.name ?? session.user_id} (${session.user_id})` : 'none (anonymous)'}</dd>
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
        <dd data-testid="token-age">{issued != null && session ? age(now - issued) : '—'}</dd>
      </div>
      <div>
        <dt>Token rotations</dt>
        <dd data-testid="token-rotations">{sameSession ? token.rotations : 0}</dd>
      </div>
      <div>
        <dt>Stored in tab</dt>
        <dd>{stored ? 'id + token' : 'nothing'}</dd>
      </div>
      <div className="facts__wide">
        <dt>Error</dt>
        <dd>{error ? `${error.code}: ${error.message}` : '—'}</dd>
      </div>
    </dl>
  );
}
