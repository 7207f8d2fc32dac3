import { useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { safeReturnTo } from 'session-first';
import { RedirectIfAuthenticated, useAuth, useSession } from 'session-first/react';
import type { DemoAccount } from 'session-first/mocks';
import { useDemoBackend, useNames } from '../DemoBackend.tsx';
import { useTitle } from '../components/useTitle.ts';

const initials = (name: string) =>
  name
    .split(' ')
    .map((word) => word[0])
    .join('');

/** The mock's seeded accounts, each with a button that fills in the form. */
function DemoAccounts({ accounts, password, onPick }: { accounts: readonly DemoAccount[]; password: string; onPick(account: DemoAccount): void }) {
  const names = useNames();
  return (
    <aside className="card login__accounts" aria-labelledby="accounts-title">
      <h2 id="accounts-title">Demo accounts</h2>
      <p className="muted">
        Every account uses the password <code>{password}</code>. Pick one to fill in the form.
      </p>
      <ul className="accounts">
        {accounts.map((account) => (
          <li key={account.user_id} className="accounts__item">
            <span className="avatar" aria-hidden="true">
              {initials(account.name)}
            </span>
            <span className="accounts__text">
              <span className="accounts__name">{account.name}</span>
              <span className="accounts__email">{account.email}</span>
              <span className="accounts__tenant">{names.tenantName(account.tenant)}</span>
            </span>
            <button type="button" className="button button--small" aria-label={`Use ${account.email}`} onClick={() => onPick(account)}>
              Use
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}

/** The login page: the form, the demo accounts, and why the user is here (e.g. an expired session). */
export function LoginPage() {
  useTitle('Sign in');
  const [params] = useSearchParams();
  const returnTo = params.get('returnTo');
  const { login, isPending, error } = useAuth();
  const { status, error: sessionError } = useSession();
  const backend = useDemoBackend();
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
      <div className={backend.kind === 'mock' ? 'page login' : 'page login login--single'}>
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

        {backend.kind === 'mock' && (
          <DemoAccounts
            accounts={backend.accounts}
            password={backend.password}
            onPick={(account) => {
              setEmail(account.email);
              setPassword(account.password);
              submitRef.current?.focus();
            }}
          />
        )}
      </div>
    </RedirectIfAuthenticated>
  );
}
