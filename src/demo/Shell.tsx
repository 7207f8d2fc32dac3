import type { ReactNode } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import type { SessionActorRef } from 'session-first';
import { DevtoolsSection, SessionDevtools } from 'session-first/devtools';
import { AuthProvider, PlatformStateProvider } from 'session-first/react';
import { useDemoBackend } from './DemoBackend.tsx';
import { PersistenceSelect } from './PersistenceSelect.tsx';
import { AccountMenu } from './components/AccountMenu.tsx';
import { MainNav } from './components/MainNav.tsx';
import { SessionBadge } from './components/SessionBadge.tsx';
import { SessionNotices } from './components/SessionNotices.tsx';

/** Hands the page's session actor to the providers, with React Router's navigation and location. */
function SessionBridge({ actor, children }: { actor: SessionActorRef; children: ReactNode }) {
  const navigate = useNavigate();
  const { pathname, search, hash } = useLocation();
  return (
    <PlatformStateProvider actor={actor} navigate={(to, options) => navigate(to, options)} location={pathname + search + hash}>
      <AuthProvider>{children}</AuthProvider>
    </PlatformStateProvider>
  );
}

function Header() {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <NavLink to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            S
          </span>
          <span className="brand__name">session-first</span> <span className="brand__tag">demo</span>
        </NavLink>
        <MainNav />
        <div className="site-header__end">
          <SessionBadge />
          <AccountMenu />
        </div>
      </div>
    </header>
  );
}

function Footer() {
  const backend = useDemoBackend();
  return (
    <footer className="site-footer">
      <p>
        {backend.kind === 'mock' ? (
          'Everything here runs in your browser: the backend is a mock served by a service worker.'
        ) : (
          <>
            The backend is the experience API at <code>{backend.url}</code>.
          </>
        )}{' '}
        Open the developer panel with the <kbd>Dev panel</kbd> button or <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>D</kbd>.
      </p>
    </footer>
  );
}

function Layout() {
  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <div className="app">
        <SessionNotices />
        <main id="main" className="main" tabIndex={-1}>
          <Outlet />
        </main>
        <Footer />
      </div>
      {/* Open on a first visit: SPEC §5's `Backend scenario` select is a QA hook, there from the start. */}
      <SessionDevtools defaultOpen>
        <DevtoolsSection title="Demo settings">
          <PersistenceSelect />
        </DevtoolsSection>
      </SessionDevtools>
    </div>
  );
}

/** The frame of every page: the session, the header with the session badge, notices, the developer panel. */
export function Shell({ actor }: { actor: SessionActorRef }) {
  return (
    <SessionBridge actor={actor}>
      <Layout />
    </SessionBridge>
  );
}
