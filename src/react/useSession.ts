import { shallowEqual, useSelector } from '@xstate/react';
import type { Session } from '../api/types.ts';
import { selectStatus } from '../core/createSessionActor.ts';
import type { SessionError } from '../core/errors.ts';
import type { SessionSnapshot } from '../core/sessionMachine.ts';
import { useSessionActor } from './context.ts';

type Common = {
  error: SessionError | null;
  /** True while the machine is navigating (a guard's redirect, or back to `returnTo`). */
  isRedirecting: boolean;
  /** Tries again after the session could not be had (status `none` with an error). */
  retry(): void;
  /** Re-reads the session from the server. */
  refresh(): void;
};

/** The session as components see it, discriminated on `status`. */
export type SessionState = Common &
  (
    | { status: 'none'; session: null }
    | { status: 'anonymous'; session: Session & { user_id: null } }
    | { status: 'upgrading'; session: Session | null }
    | { status: 'authenticated'; session: Session & { user_id: string; tenant_id: string } }
  );

const view = (s: SessionSnapshot) => ({
  status: selectStatus(s),
  session: s.context.session,
  error: s.context.error,
  isRedirecting: s.matches({ nav: 'redirecting' }),
});

/** The current session, its status and error, with `retry()` and `refresh()`. */
export const useSession = (): SessionState => {
  const actor = useSessionActor('useSession');
  return {
    ...useSelector(actor, view, shallowEqual),
    retry: () => actor.send({ type: 'session.retry' }),
    refresh: () => actor.send({ type: 'session.refresh' }),
  } as SessionState;
};

/** Reads one slice of the session snapshot; the component re-renders only when that slice changes. */
export const useSessionSelector = <T>(selector: (snapshot: SessionSnapshot) => T, compare?: (a: T, b: T) => boolean): T =>
  useSelector(useSessionActor('useSessionSelector'), selector, compare);
