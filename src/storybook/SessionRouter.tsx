import type { ReactNode } from 'react';
import { MemoryRouter, useLocation, useNavigate } from 'react-router';
import type { Navigate } from '../core/createSessionActor.ts';
import { AuthProvider } from '../react/AuthProvider.tsx';
import { PlatformStateProvider, type PlatformStateProviderProps } from '../react/PlatformStateProvider.tsx';

export interface SessionRouterProps extends Omit<PlatformStateProviderProps, 'navigate' | 'location'> {
  /** Where the router starts (path + search + hash). Default `/`. */
  initialPath?: string;
  /** Sees every navigation the library asks for, before the router makes it. */
  onNavigate?: Navigate;
}

/** Hands React Router's navigation and location to the session providers. */
function RouterBridge({ children, onNavigate, ...provider }: Omit<SessionRouterProps, 'initialPath'>) {
  const navigate = useNavigate();
  const { pathname, search, hash } = useLocation();
  const go: Navigate = (to, options) => {
    onNavigate?.(to, options);
    void navigate(to, options);
  };
  return (
    <PlatformStateProvider {...provider} navigate={go} location={pathname + search + hash}>
      <AuthProvider>{children}</AuthProvider>
    </PlatformStateProvider>
  );
}

/**
 * A page of an app in memory: a React Router `MemoryRouter` with the session providers wired to
 * it, so guards redirect and `returnTo` works as in the browser. Stories and tests render screens
 * inside it; give it the session actor of the page (or the provider's own options).
 */
export function SessionRouter({ initialPath = '/', children, ...bridge }: SessionRouterProps & { children?: ReactNode }) {
  return (
    <MemoryRouter initialEntries={[initialPath]}>
      <RouterBridge {...bridge}>{children}</RouterBridge>
    </MemoryRouter>
  );
}
