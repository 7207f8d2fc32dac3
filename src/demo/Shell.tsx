import type { ReactNode } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { ExperiencePlaneClient } from '../client/ExperiencePlaneClient.ts';
import { AuthProvider, PlatformStateProvider } from '../react/index.ts';
import { AccountMenu } from './components/AccountMenu.tsx';
import { MainNav } from './components/MainNav.tsx';
import { SessionBadge } from './components/SessionBadge.tsx';
import { SessionNotices } from './components/SessionNotices.tsx';
import { DevPanel } from './devtools/DevPanel.tsx';
import { DevPanelToggle, DevToolsProvider, useDevTools } from './devtools/DevToolsContext.tsx';
import { useTokenTracker } from './devtools/tokenTracker.ts';

// One client per page load: the provider keys its single session actor on it, so StrictMode's
// double render and remounts find the running actor instead of starting a second one.
const client = new ExperiencePlaneClient({ timeout: 8000 });

/** Hands React Router's navigation and location to the session machine. */
function SessionBridge({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const { pathname, search, hash } = useLocation();
  return (
    <PlatformStateProvider client={client} navigate={(to, options) => navigate(to, options)} location={pathname + search + hash}>
      <AuthProvider>{children}</AuthProvider>
    </PlatformStateProvider>
  );
}

function Header() {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <NavLink to="/" className="brand" aria-label="session-first demo, home">
          <span className="brand__mark" aria-hidden="true">
            S
          </span>
          <span className="brand__name">session-first</span>
          <span className="brand__tag">demo</span>
        </NavLink>
        <MainNav />
        <div className="site-header__end">
          <SessionBadge />
          <AccountMenu />
          <DevPanelToggle />
        </div>
      </div>
    </header>
  );
}

function Layout() {
  const { open } = useDevTools();
  // Counts token rotations from the first snapshot on, whether the panel is open or not.
  useTokenTracker();
  return (
    <div className={open ? 'layout layout--devtools' : 'layout'}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <div className="layout__body">
        <div className="app">
          <SessionNotices />
          <main id="main" className="main" tabIndex={-1}>
            <Outlet />
          </main>
          <footer className="site-footer">
            <p>
              Everything here runs in your browser: the backend is a mock served by a service worker. Open the developer
              panel with the <kbd>Dev panel</kbd> button or <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>D</kbd>.
            </p>
          </footer>
        </div>
        {open && <DevPanel />}
      </div>
    </div>
  );
}

/** The frame of every page: session bridge, header with the session badge, notices, developer panel. */
export function Shell() {
  return (
    <SessionBridge>
      <DevToolsProvider>
        <Layout />
      </DevToolsProvider>
    </SessionBridge>
  );
}
