import { useSelector } from '@xstate/react';
import { useEffect, type ReactNode } from 'react';
import { selectStatus, type SessionStatus } from '../core/createSessionActor.ts';
import { useSessionActor } from './context.ts';

export interface RequireAuthProps {
  children?: ReactNode;
  /** Shown while the session is loading or being upgraded (loading is not "logged out"). */
  fallback?: ReactNode;
  /** Where anonymous visitors are sent. Default `/login`. */
  loginPath?: string;
}

/** The session's status; while it is `when`, redirects to `to` (validated by the machine). */
const useRedirectWhen = (who: string, when: SessionStatus, to: string) => {
  const actor = useSessionActor(who);
  const status = useSelector(actor, selectStatus);
  useEffect(() => {
    if (status == when) actor.send({ type: 'nav.redirect', to });
  }, [actor, status, when, to]);
  return status;
};

/**
 * Renders its children for an authenticated session only. An anonymous visitor is sent to
 * `loginPath?returnTo=<where they were>` with a history replace.
 */
export function RequireAuth({ children, fallback = null, loginPath = '/login' }: RequireAuthProps) {
  const path = useSelector(useSessionActor('RequireAuth'), (s) => s.context.path);
  const status = useRedirectWhen('RequireAuth', 'anonymous', loginPath + '?returnTo=' + encodeURIComponent(path ?? '/'));
  return status == 'authenticated' ? children : fallback;
}

/** For the login page: once authenticated, sends the user to `to` (validated, `/` when unsafe). */
export function RedirectIfAuthenticated({ to, children }: { to?: string | null; children?: ReactNode }) {
  return useRedirectWhen('RedirectIfAuthenticated', 'authenticated', to ?? '/') == 'authenticated' ? null : children;
}
