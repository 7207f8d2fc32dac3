import { Link } from 'react-router';
import { useSession } from 'session-first/react';
import { useNames } from '../DemoBackend.tsx';
import { useTitle } from '../components/useTitle.ts';

const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');

/** A protected page: who is signed in, in which tenant, on which session. */
export function DashboardPage() {
  useTitle('Dashboard');
  const { session } = useSession();
  const names = useNames();
  if (!session?.user_id || !session.tenant_id) return null;
  const account = names.account(session.user_id);
  const tenant = names.tenantName(session.tenant_id);
  const others = names.colleaguesOf(session.user_id, session.tenant_id);

  return (
    <div className="page">
      <header className="page-head">
        <p className="eyebrow">{tenant}</p>
        <h1>Welcome, {account?.name.split(' ')[0] ?? session.user_id}</h1>
        <p className="lead">You are signed in. This page is protected: anonymous visitors are sent to the login page first.</p>
      </header>

      <div className="grid grid--3">
        <article className="card stat">
          <h2 className="stat__label">Tenant</h2>
          <p className="stat__value">{tenant}</p>
          <p className="muted">
            <code>{session.tenant_id}</code>
            {others.length > 0 && <> · also here: {others.map((a) => a.name).join(', ')}</>}
          </p>
        </article>
        <article className="card stat">
          <h2 className="stat__label">User</h2>
          <p className="stat__value">{account?.name ?? session.user_id}</p>
          <p className="muted">
            {account && <>{account.email} · </>}
            <code>{session.user_id}</code>
          </p>
        </article>
        <article className="card stat">
          <h2 className="stat__label">Session expires</h2>
          <p className="stat__value">{new Date(session.expires_at).toLocaleTimeString()}</p>
          <p className="muted">30 min after its last use, 12 h after it started at the latest.</p>
        </article>
      </div>

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">This session's story</h2>
        <ol className="timeline">
          <li>
            <span className="timeline__when">{when(session.created_at)}</span>
            <span>
              Started anonymous as <code className="break">{session.session_id}</code>, on the page's first request.
            </span>
          </li>
          <li>
            <span className="timeline__when">{when(session.upgraded_at)}</span>
            <span>
              Upgraded in place when you signed in: the same id, now bound to <code>{session.user_id}</code> in tenant{' '}
              <code>{session.tenant_id}</code>, with a freshly rotated token.
            </span>
          </li>
          <li>
            <span className="timeline__when">now</span>
            <span>
              Moving to another page re-checks the session once a minute has passed since the server last confirmed it;
              reloading restores it with one request. Try <Link to="/settings">Settings</Link>.
            </span>
          </li>
        </ol>
      </section>
    </div>
  );
}
