import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Link, Outlet, RouterProvider, useLocation, useNavigate } from 'react-router';
import type { SessionActorRef } from 'session-first';
import { AuthProvider, PlatformStateProvider, RequireAuth, useAuth, useSession } from 'session-first/react';
import { AccountPage } from './AccountPage.tsx';
import { LoginPage } from './LoginPage.tsx';

/** The session providers sit inside the router: the library navigates with it and sees every page change. */
function SessionProviders({ actor }: { actor: SessionActorRef }) {
  const navigate = useNavigate();
  const { pathname, search, hash } = useLocation();
  return (
    <PlatformStateProvider actor={actor} navigate={navigate} location={pathname + search + hash}>
      <AuthProvider>
        <Layout />
      </AuthProvider>
    </PlatformStateProvider>
  );
}

function Layout() {
  return (
    <>
      <header>
        <nav>
          <Link to="/">Home</Link> <Link to="/account">Account</Link>
        </nav>
        <SessionStatus />
      </header>
      <main>
        <Outlet />
      </main>
    </>
  );
}

/** Where the session stands, with Retry when it could not be had and Sign out when signed in. */
function SessionStatus() {
  const { status, session, error, retry } = useSession();
  const { logout } = useAuth();
  if (status === 'none') {
    if (!error) return <p>Starting your session…</p>;
    return (
      <p role="alert">
        {error.message} <button onClick={retry}>Retry</button>
      </p>
    );
  }
  return (
    <>
      <p>
        Session <code>{session?.session_id}</code>: {status}
      </p>
      {status === 'authenticated' && <button onClick={logout}>Sign out</button>}
    </>
  );
}

function HomePage() {
  return <h1>Welcome</h1>;
}

function createAppRouter(actor: SessionActorRef) {
  return createBrowserRouter([
    {
      element: <SessionProviders actor={actor} />,
      children: [
        { path: '/', element: <HomePage /> },
        { path: '/login', element: <LoginPage /> },
        {
          path: '/account',
          element: (
            <RequireAuth fallback={<p>Checking your session…</p>}>
              <AccountPage />
            </RequireAuth>
          ),
        },
      ],
    },
  ]);
}

/** Renders the app into `container`, on the session that the entry started. */
export function renderApp(container: HTMLElement, actor: SessionActorRef) {
  createRoot(container).render(
    <StrictMode>
      <RouterProvider router={createAppRouter(actor)} />
    </StrictMode>,
  );
}
