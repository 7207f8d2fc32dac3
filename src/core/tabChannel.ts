import { fromCallback } from 'xstate';
import type { SessionWithToken } from '../api/types.ts';
import { isObject, isWithToken, parseJson } from '../client/responseChecks.ts';
import type { StoredSession } from './storage.ts';
import { webStorage } from './storage.ts';

/**
 * What a tab tells the other tabs of the browser: what it held before (`previous`, the id and the
 * token) is over, and it now holds `next` (the same id with a rotated token, or another session),
 * or nothing; `expired` when the server stopped recognising `previous` (R10).
 */
export interface TabMessage {
  previous: StoredSession;
  next: SessionWithToken | null;
  expired: boolean;
}

/** Sent to the channel actor to tell the other tabs. */
export type TabPostEvent = { type: 'tabs.post'; message: TabMessage };
/** What the channel actor reports when another tab spoke. */
export type TabMessageEvent = { type: 'tab.message'; message: TabMessage };

const CHANNEL = 'session-first';

// Another tab is another program: only a message of the right shape gets through.
const isTabMessage = (data: unknown): data is TabMessage =>
  isObject(data) &&
  isObject(data.previous) &&
  typeof data.previous.session_token === 'string' &&
  typeof data.expired === 'boolean' &&
  (data.next === null || isWithToken(data.next));

/**
 * Carries {@link TabMessage}s between the tabs of this origin: a BroadcastChannel, or where there
 * is none, the `storage` event of a key written and removed at once.
 */
export const tabChannel = fromCallback<TabPostEvent>(({ sendBack, receive }) => {
  const deliver = (data: unknown) => {
    if (isTabMessage(data)) sendBack({ type: 'tab.message', message: data } satisfies TabMessageEvent);
  };
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(CHANNEL);
    // In Node an open channel keeps the process running: a script that never stops its actor would not end.
    (channel as Partial<{ unref(): void }>).unref?.();
    channel.onmessage = (event) => deliver(event.data);
    receive((event) => channel.postMessage(event.message));
    return () => channel.close();
  }
  const storage = webStorage('browser');
  if (!storage || typeof addEventListener !== 'function') return;
  const onStorage = (event: StorageEvent) => {
    if (event.key === CHANNEL && event.newValue) deliver(parseJson(event.newValue));
  };
  addEventListener('storage', onStorage);
  receive((event) => {
    try {
      storage.setItem(CHANNEL, JSON.stringify(event.message));
      storage.removeItem(CHANNEL);
    } catch {
      // A storage that refuses writes leaves this tab unable to tell the others; it still works alone.
    }
  });
  return () => removeEventListener('storage', onStorage);
});
