import { Link } from 'react-router';
import { useSession } from 'session-first/react';
import { useDemoBackend } from '../DemoBackend.tsx';
import { useTitle } from '../components/useTitle.ts';

/** The public home page: what the demo shows and how to try it. */
export function HomePage() {
  useTitle('Home');
  const { status } = useSession();
  const backend = useDemoBackend();
  return (
    <div className="page">
      <section className="hero">
        <p className="eyebrow">session-first architecture</p>
        <h1>A session is required to authenticate. Authentication is not required to start a session.</h1>
        <p className="lead">
          This page already has a session: an anonymous one, created the moment the page loaded. Sign in and the same
          session is upgraded in place. Its id stays, its token rotates. Reload and it is restored with a single request.
        </p>
        <div className="hero__actions">
          <Link className="button button--primary" to="/dashboard">
            {status === 'authenticated' ? 'Go to the dashboard' : 'Open the dashboard (protected)'}
          </Link>
          {status !== 'authenticated' && (
            <Link className="button" to="/login">
              Sign in
            </Link>
          )}
        </div>
      </section>

      <div className="grid grid--3">
        <article className="card">
          <h2>1. A session from the first request</h2>
          <p>
            The badge in the header shows the session's status and id. A first visit sends one{' '}
            <code>POST /api/session/create-anonymous</code>; a reload sends one <code>GET</code>. Never more, StrictMode
            included.
          </p>
        </article>
        <article className="card">
          <h2>2. Login upgrades it</h2>
          <p>
            Protected pages send anonymous visitors to the login page and back afterwards. Login is two requests: the
            credentials, then the upgrade of the same session, which rotates its secret token.
          </p>
        </article>
        <article className="card">
          <h2>3. Failures are states</h2>
          <p>
            Server down, offline, expired sessions, conflicts: each is a scenario of the mock backend. The app shows what
            happened and how to go on, and the session machine never loses its footing.
          </p>
        </article>
      </div>

      <section className="card" aria-labelledby="try-title">
        <h2 id="try-title">Try it</h2>
        <ol className="steps">
          <li>
            Open the <strong>developer panel</strong> (the <kbd>Dev panel</kbd> button, or <kbd>Alt</kbd>+<kbd>Shift</kbd>+
            <kbd>D</kbd>): it shows the session machine's live state, the session, and every request sent to the backend.
          </li>
          <li>
            Visit the <Link to="/dashboard">dashboard</Link>: you land on the login page.{' '}
            {backend.kind === 'mock' ? (
              <>
                Sign in with a demo account (
                {backend.accounts
                  .slice(0, 2)
                  .map((account) => account.email)
                  .join(' or ')}
                , password <code>{backend.password}</code>)
              </>
            ) : (
              'Sign in with an account of your experience API'
            )}{' '}
            and you are back on the dashboard, same session id.
          </li>
          {backend.kind === 'mock' && (
            <>
              <li>
                In the panel, switch the <strong>Backend scenario</strong> to <code>expired-session</code> and open{' '}
                <Link to="/settings">Settings</Link>, then <strong>Check session now</strong>: the app notices, starts a new
                session and asks you to sign in again.
              </li>
              <li>
                Pick <code>server-down</code> and reload: after a few bounded retries you get an error with a{' '}
                <strong>Retry</strong> button. Switch back to <code>default</code> and retry: the stored session was kept.
              </li>
            </>
          )}
        </ol>
      </section>
    </div>
  );
}
