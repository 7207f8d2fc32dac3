import { Link, useLocation, useNavigate } from 'react-router';
import { accounts, tenants } from '../../../mocks/index.ts';
import { useAuth, useSession } from '../../react/index.ts';

/** Who is signed in, with `Sign out`; a `Sign in` link for anonymous visitors. */
export function AccountMenu() {
  const { session } = useSession();
  const { logout, isAuthenticated } = useAuth();
  const navigate = useNavigate();
  const { pathname, search, hash } = useLocation();

  if (isAuthenticated && session?.user_id) {
    const account = accounts.find((a) => a.user_id === session.user_id);
    const tenant = tenants.find((t) => t.tenant_id === session.tenant_id);
    return (
      <div className="account">
        <span className="account__who">
          <span className="account__name">{account?.name ?? session.user_id}</span>
          <span className="account__tenant">{tenant?.name ?? session.tenant_id}</span>
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
