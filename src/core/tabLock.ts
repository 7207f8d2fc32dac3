import { fromCallback } from 'xstate';

/** What the lock actor reports once this tab holds the lock. */
export type LockAcquiredEvent = { type: 'lock.acquired' };

/**
 * Holds the browser-wide session lock (Web Locks) while the invoking state lasts, so tabs opened
 * together with nothing stored create one session between them: the first creates it, the others
 * find it stored. Without `exclusive` (or without Web Locks) the lock is granted at once.
 */
export const tabLock = fromCallback<{ type: never }, { exclusive: boolean }>(({ sendBack, input }) => {
  const acquired: LockAcquiredEvent = { type: 'lock.acquired' };
  const locks = input.exclusive ? globalThis.navigator?.locks : undefined;
  if (!locks) return sendBack(acquired);
  let left = false;
  let release = () => {};
  void locks.request('session-first:session', () => {
    // A state left before the lock came lets it go at once.
    if (left) return;
    sendBack(acquired);
    return new Promise<void>((resolve) => (release = resolve));
  });
  return () => {
    left = true;
    release();
  };
});
