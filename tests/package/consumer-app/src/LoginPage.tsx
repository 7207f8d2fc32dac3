import type { FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { RedirectIfAuthenticated, useAuth } from 'session-first/react';

/** Signs in, then sends the user back to `returnTo` (which the library checks is a path of this site). */
export function LoginPage() {
  const [searchParams] = useSearchParams();
  const { login, isPending, error } = useAuth();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    login({ email: String(form.get('email')), password: String(form.get('password')) });
  };

  return (
    <RedirectIfAuthenticated to={searchParams.get('returnTo')}>
      <h1>Sign in</h1>
      <form onSubmit={onSubmit}>
        <label>
          Email <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" disabled={isPending}>
          Sign in
        </button>
        {error && <p role="alert">{error.message}</p>}
      </form>
    </RedirectIfAuthenticated>
  );
}
