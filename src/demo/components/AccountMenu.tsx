import { Link, useLocation, useNavigate } from 'react-router';
import { useAuth, useSession } from 'session-first/react';
import { useNames } from '../DemoBackend.tsx';

/** Who is signed in, with `Sign out`; a `Sign in` link for anonymous visitors. */
export function AccountMenu() {
  const session = useSession();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const { pathname, search, hash } = useLocation();
  const names = useNames();

  if (session.status === 'authenticated') {
    return (
      <div className="account">
        <span className="account__who">
          <span className="account__name">{names.userName(session.session.user_id)}</span>
          <span className="account__tenant">{names.tenantName(session.session.tenant_id)}</span>
        </span>
        <button
          type="button"
          className="button button--ghost"
          onClick={() => {
            // Logout first: the machine is then busy ending the session, so leaving a protected
            // page is not mistaken for "the user moved on, re-check the session".
            logout();
            navigate('/');
          }}
        >
          Sign out
        </button>
      </div>
    );
  }
  if (pathname === '/login') return null;
  const here = pathname + search + hash;
  return (
    <Link className="button button--ghost" to={here === '/' ? '/login' : `/login?returnTo=${encodeURIComponent(here)}`}>
      Sign in
    </Link>
  );
}
