import type { ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import { RequireAuth } from '../react/index.ts';
import { Shell } from './Shell.tsx';
import { Loading } from './components/Loading.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';

const protectedPage = (page: ReactNode) => (
  <RequireAuth fallback={<Loading label="Checking your session…" />}>{page}</RequireAuth>
);

/** The demo's routes: `/` and `/login` are public, `/dashboard` and `/settings` need a signed-in session. */
export const createDemoRouter = () =>
  createBrowserRouter(
    [
      {
        element: <Shell />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'login', element: <LoginPage /> },
          { path: 'dashboard', element: protectedPage(<DashboardPage />) },
          { path: 'settings', element: protectedPage(<SettingsPage />) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
    { basename: import.meta.env.BASE_URL.replace(/\/$/, '') || undefined },
  );
