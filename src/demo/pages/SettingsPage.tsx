import { useSession, useSessionSelector } from 'session-first/react';
import { useNames } from '../DemoBackend.tsx';
import { useTitle } from '../components/useTitle.ts';

/** Another protected page, with a way to re-check the session on demand. */
export function SettingsPage() {
  useTitle('Settings');
  const { session, refresh } = useSession();
  const checking = useSessionSelector((s) => s.matches({ session: { authenticated: 'checking' } }));
  const names = useNames();
  if (!session?.user_id || !session.tenant_id) return null;
  const account = names.account(session.user_id);

  return (
    <div className="page">
      <header className="page-head">
        <p className="eyebrow">Account</p>
        <h1>Settings</h1>
      </header>
      <div className="grid grid--2">
        <section className="card" aria-labelledby="profile-title">
          <h2 id="profile-title">Profile</h2>
          <dl className="facts facts--wide">
            <div>
              <dt>Name</dt>
              <dd>{account?.name ?? session.user_id}</dd>
            </div>
            <div>
              <dt>Email</dt>
              <dd>{account?.email ?? '—'}</dd>
            </div>
            <div>
              <dt>Tenant</dt>
              <dd>
                {names.tenantName(session.tenant_id)} (<code>{session.tenant_id}</code>)
              </dd>
            </div>
          </dl>
        </section>
        <section className="card" aria-labelledby="session-title">
          <h2 id="session-title">Session</h2>
          <p>
            The session is checked with the server when you move to another page and a minute has passed since its last
            check. You can also check it now: if the server no longer knows it, you are asked to sign in again.
          </p>
          <div className="form-actions">
            <button type="button" className="button" onClick={refresh} disabled={checking}>
              Check session now
            </button>
            <span className="muted" aria-live="polite">
              {checking ? 'Checking…' : ''}
            </span>
          </div>
        </section>
      </div>
    </div>
  );
}
