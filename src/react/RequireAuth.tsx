import { useSelector } from '@xstate/react';
import { useEffect, type ReactNode } from 'react';
import { selectStatus } from '../core/selectors.ts';
import { useSessionActor } from './context.ts';

export interface RequireAuthProps {
  children?: ReactNode;
  /** Shown while the session is loading or being upgraded (loading is not "logged out"). */
  fallback?: ReactNode;
  /** Where anonymous visitors are sent. Default `/login`. */
  loginPath?: string;
}

/**
 * Renders its children for an authenticated session only. An anonymous visitor is sent to
 * `loginPath?returnTo=<where they were>` with a history replace.
 */
export function RequireAuth({ children, fallback = null, loginPath = '/login' }: RequireAuthProps) {
  const actor = useSessionActor('RequireAuth');
  const status = useSelector(actor, selectStatus);
  useEffect(() => {
    if (status == 'anonymous')
      actor.send({ type: 'nav.redirect', to: `${loginPath}?returnTo=${encodeURIComponent(actor.getSnapshot().context.path ?? '/')}` });
  }, [actor, status, loginPath]);
  return status == 'authenticated' ? children : fallback;
}

/** For the login page: once authenticated, sends the user to `to` (validated, `/` when unsafe). */
export function RedirectIfAuthenticated({ to, children }: { to?: string | null; children?: ReactNode }) {
  const actor = useSessionActor('RedirectIfAuthenticated');
  const authenticated = useSelector(actor, (s) => s.matches({ session: 'authenticated' }));
  useEffect(() => {
    if (authenticated) actor.send({ type: 'nav.redirect', to: to ?? '/' });
  }, [actor, authenticated, to]);
  return authenticated ? null : children;
}
