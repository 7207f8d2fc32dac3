import { shallowEqual, useSelector } from '@xstate/react';
import { useMemo } from 'react';
import type { Session } from '../api/types.ts';
import { createAuthenticatedFetch } from '../core/authenticatedFetch.ts';
import type { SessionError } from '../core/errors.ts';
import { selectIsRedirecting, selectStatus } from '../core/selectors.ts';
import type { SessionSnapshot } from '../core/sessionMachine.ts';
import { useSessionActor } from './context.ts';

interface SessionCommands {
  /** Tries again after the session could not be had (status `none` with an error). */
  retry(): void;
  /** Checks the session with the server now. */
  refresh(): void;
}

/** The session as components see it, discriminated on `status`. */
export type SessionState = SessionCommands & {
  error: SessionError | null;
  /** True while the machine is navigating (a guard's redirect, or back to `returnTo`). */
  isRedirecting: boolean;
} & (
    | { status: 'none'; session: null }
    | { status: 'anonymous'; session: Session & { user_id: null } }
    | { status: 'upgrading'; session: Session | null }
    | { status: 'authenticated'; session: Session & { user_id: string; tenant_id: string } }
  );

const selectView = (snapshot: SessionSnapshot) => {
  const status = selectStatus(snapshot);
  // While signing out the machine still holds the session it is ending: `none` has none.
  return {
    status,
    session: status === 'none' ? null : snapshot.context.session,
    error: snapshot.context.error,
    isRedirecting: selectIsRedirecting(snapshot),
  };
};

/** The current session, its status and error, with `retry()` and `refresh()` (stable across renders). */
export const useSession = (): SessionState => {
  const actor = useSessionActor('useSession');
  const view = useSelector(actor, selectView, shallowEqual);
  const commands = useMemo<SessionCommands>(
    () => ({ retry: () => actor.send({ type: 'session.retry' }), refresh: () => actor.send({ type: 'session.refresh' }) }),
    [actor],
  );
  // The status and the session come from one snapshot, so they agree as the union says.
  return { ...view, ...commands } as SessionState;
};

/** Reads one slice of the session snapshot; the component re-renders only when that slice changes. */
export const useSessionSelector = <T>(selector: (snapshot: SessionSnapshot) => T, compare?: (a: T, b: T) => boolean): T =>
  useSelector(useSessionActor('useSessionSelector'), selector, compare);

/** A `fetch` that sends the session token to the experience API, and nothing to other origins. */
export const useAuthenticatedFetch = (): typeof fetch => {
  const actor = useSessionActor('useAuthenticatedFetch');
  return useMemo(() => createAuthenticatedFetch(actor), [actor]);
};
