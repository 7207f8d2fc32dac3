import { fromCallback } from 'xstate';
import type { SessionStore } from './storage.ts';

/** What the lock actor reports once this tab holds the lock. */
export type LockAcquiredEvent = { type: 'lock.acquired' };

/**
 * Holds the browser-wide session lock (Web Locks) while the invoking state lasts, so tabs opened
 * together with nothing stored create one session between them: the first creates it, the others
 * find it stored. The shared store is refreshed once the lock is held, and the lock is let go only
 * once what was saved under it reached the other tabs. Without `exclusive` (or without Web Locks)
 * the lock is granted at once.
 */
export const tabLock = fromCallback<{ type: never }, { exclusive: boolean; storage: SessionStore }>(({ sendBack, input }) => {
  const acquired: LockAcquiredEvent = { type: 'lock.acquired' };
  const locks = input.exclusive ? globalThis.navigator?.locks : undefined;
  if (!locks) return sendBack(acquired);
  let left = false;
  let release = () => {};
  void locks.request('session-first:session', async () => {
    await input.storage.refresh?.();
    // A state left before the lock came lets it go at once.
    if (left) return;
    sendBack(acquired);
    await new Promise<void>((resolve) => (release = resolve));
    await input.storage.flushed?.();
  });
  return () => {
    left = true;
    release();
  };
});
