import type { SessionSnapshot } from './sessionMachine.ts';

/** The public status: the session region's top state (`deciding` is never at rest). */
export type SessionStatus = 'none' | 'anonymous' | 'upgrading' | 'authenticated';

/** The public status of a snapshot. */
export const selectStatus = (snapshot: SessionSnapshot): SessionStatus => {
  const value = snapshot.value.session;
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as SessionStatus;
};

/** A login is waiting for the session, or running. */
export const selectIsLoggingIn = (snapshot: SessionSnapshot): boolean =>
  snapshot.matches({ session: 'upgrading' }) || snapshot.context.pendingLogin !== null;

/** The machine is navigating (a guard's redirect, or back to `returnTo`). */
export const selectIsRedirecting = (snapshot: SessionSnapshot): boolean => snapshot.matches({ nav: 'redirecting' });
