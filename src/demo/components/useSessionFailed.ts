import { useSessionSelector } from 'session-first/react';

/** True once the session could not be started (the retries are spent); `retry()` leaves it. */
export const useSessionFailed = (): boolean => useSessionSelector((snapshot) => snapshot.matches({ session: { none: 'failed' } }));
