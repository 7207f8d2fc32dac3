import { useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { accounts, DEMO_PASSWORD, tenants } from '../../../mocks/index.ts';
import { safeReturnTo } from '../../index.ts';
import { RedirectIfAuthenticated, useAuth, useSession } from '../../react/index.ts';
import { useTitle } from '../components/useTitle.ts';

/** The login page: the form, the demo accounts, and why the user is here (e.g. an expired session). */
export function LoginPage() {
  useTitle('Sign in');
  const [params] = useSearchParams();
  const returnTo = params.get('returnTo');
  const { login, isPending, error } = useAuth();
  const { status, error: sessionError } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submitRef = useRef<HTMLButtonElement>(null);
  // Only ever shown (and navigated to, by the library) after validation.
  const destination = safeReturnTo(returnTo);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    login({ email: email.trim(), password });
  };

  return (
    <RedirectIfAuthenticated to={returnTo}>
      <div className="page login">
        <section className="card login__form" aria-labelledby="login-title">
          <h1 id="login-title">Sign in</h1>
          <p className="muted">
            {destination === '/' ? (
              'Your anonymous session becomes a signed-in one: same session id, new token.'
            ) : (
              <>
                Sign in to continue to <code>{destination}</code>.
              </>
            )}
          </p>
          {sessionError?.code === 'session_expired' && (
            <div className="callout callout--warn" role="alert" data-code={sessionError.code}>
              <strong>Session expired.</strong> {sessionError.message}
            </div>
          )}
          <form onSubmit={onSubmit} aria-busy={isPending} noValidate>
            <div className="field">
              <label htmlFor="login-email">Email</label>
              <input
                id="login-email"
                name="email"
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="login-password">Password</label>
              <input
                id="login-password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </div>
            {error && (
              <div className="callout callout--error" role="alert" data-code={error.code}>
                <strong>Sign-in failed.</strong> {error.message}
              </div>
            )}
            <div className="form-actions">
              <button ref={submitRef} type="submit" className="button button--primary" disabled={isPending}>
                Sign in
              </button>
              <span className="muted" aria-live="polite">
                {isPending ? (status === 'none' ? 'Waiting for your session…' : 'Signing in…') : ''}
              </span>
            </div>
          </form>
        </section>

        <aside className="card login__accounts" aria-labelledby="accounts-title">
          <h2 id="accounts-title">Demo accounts</h2>
          <p className="muted">
            Every account uses the password <code>{DEMO_PASSWORD}</code>. Pick one to fill in the form.
          </p>
          <ul className="accounts">
            {accounts.map((a) => (
              <li key={a.user_id} className="accounts__item">
                <span className="avatar" aria-hidden="true">
                  {a.name
                    .split(' ')
                    .map((w) => w[0])
                    .join('')}
                </span>
                <span className="accounts__text">
                  <span className="accounts__name">{a.name}</span>
                  <span className="accounts__email">{a.email}</span>
                  <span className="accounts__tenant">{tenants.find((t) => t.tenant_id === a.tenant)?.name ?? a.tenant}</span>
                </span>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={`Use ${a.email}`}
                  onClick={() => {
                    setEmail(a.email);
                    setPassword(a.password);
                    submitRef.current?.focus();
                  }}
                >
                  Use
                </button>
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </RedirectIfAuthenticated>
  );
}
