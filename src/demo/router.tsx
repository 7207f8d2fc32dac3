import { createBrowserRouter } from 'react-router';
import type { SessionActorRef } from 'session-first';
import { RequireAuth } from 'session-first/react';
import type { ReactNode } from 'react';
import { Shell } from './Shell.tsx';
import { SessionPending } from './components/SessionPending.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';

/** A page for signed-in users; until the session is known, its title and what is happening. */
const protectedPage = (title: string, page: ReactNode) => (
  <RequireAuth fallback={<SessionPending title={title} />}>{page}</RequireAuth>
);

/** The demo's routes on the page's session actor: `/` and `/login` are public, `/dashboard` and `/settings` need a signed-in session. */
export const createDemoRouter = (actor: SessionActorRef) =>
  createBrowserRouter(
    [
      {
        element: <Shell actor={actor} />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'login', element: <LoginPage /> },
          { path: 'dashboard', element: protectedPage('Dashboard', <DashboardPage />) },
          { path: 'settings', element: protectedPage('Settings', <SettingsPage />) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
    { basename: import.meta.env.BASE_URL.replace(/\/$/, '') || undefined },
  );
