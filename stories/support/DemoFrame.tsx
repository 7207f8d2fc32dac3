/**
 * Story scaffolding built from the demo's own components: the header cluster (session badge,
 * account menu), the page-wide notices and the demo's routes, on the story's MemoryRouter.
 * The demo's `Shell` cannot be used as is: it owns a page-wide client and its own provider,
 * while every story needs a fresh session of its own (see `session-first/storybook`).
 */
import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { AccountMenu } from '../../src/demo/components/AccountMenu.tsx';
import { Loading } from '../../src/demo/components/Loading.tsx';
import { MainNav } from '../../src/demo/components/MainNav.tsx';
import { SessionBadge } from '../../src/demo/components/SessionBadge.tsx';
import { SessionNotices } from '../../src/demo/components/SessionNotices.tsx';
import { SessionPending } from '../../src/demo/components/SessionPending.tsx';
import { DashboardPage } from '../../src/demo/pages/DashboardPage.tsx';
import { HomePage } from '../../src/demo/pages/HomePage.tsx';
import { LoginPage } from '../../src/demo/pages/LoginPage.tsx';
import { SettingsPage } from '../../src/demo/pages/SettingsPage.tsx';
import { RequireAuth } from 'session-first/react';

/** A spinner with words, as the demo shows while a protected page waits for the session. */
export const checking = <Loading label="Checking your session…" />;

/** The demo's routes: `/` and `/login` public, `/dashboard` and `/settings` protected. */
export function DemoRoutes() {
  return (
    <Routes>
      <Route path="/" element={<HomePage />} />
      <Route path="/login" element={<LoginPage />} />
      <Route path="/dashboard" element={<RequireAuth fallback={<SessionPending title="Dashboard" />}><DashboardPage /></RequireAuth>} />
      <Route path="/settings" element={<RequireAuth fallback={<SessionPending title="Settings" />}><SettingsPage /></RequireAuth>} />
    </Routes>
  );
}

/** A page of the demo: header with navigation, badge and account menu, the notices, then the content. */
export function DemoFrame({ children = <DemoRoutes /> }: { children?: ReactNode }) {
  return (
    <div>
      <header className="site-header">
        <div className="site-header__inner">
          <MainNav />
          <div className="site-header__end">
            <SessionBadge />
            <AccountMenu />
          </div>
        </div>
      </header>
      <div className="app">
        <SessionNotices />
        <main className="main">{children}</main>
      </div>
    </div>
  );
}
