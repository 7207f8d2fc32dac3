import { useState, useSyncExternalStore } from 'react';
import type { SessionActorRef, SessionSnapshot } from '../../index.ts';
import { useSessionActor } from '../../react/context.ts';

/** What the developer panel shows about the session token (never the token itself). */
export interface TokenInfo {
  /** The session the numbers belong to. */
  sessionId: string | null;
  /** How many times the token of this session changed while the session id stayed the same. */
  rotations: number;
  /** When this tab first saw the current token (epoch ms); null when it came from storage at page load. */
  since: number | null;
}

// Per tab, like the session itself: the count survives a reload of the tab.
const KEY = 'session-first-demo:token-rotations';

const read = (): TokenInfo | null => {
  try {
    const v: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (!v || typeof v !== 'object') return null;
    const { sessionId, rotations, since } = v as Record<string, unknown>;
    if (typeof sessionId !== 'string' || typeof rotations !== 'number') return null;
    return { sessionId, rotations, since: typeof since === 'number' ? since : null };
  } catch {
    return null;
  }
};

const write = (info: TokenInfo): void => {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(info));
  } catch {
    // The count then starts again at the next reload.
  }
};

interface Tracker {
  get(): TokenInfo;
  subscribe(listener: () => void): () => void;
}

const trackers = new WeakMap<SessionActorRef, Tracker>();

/**
 * Watches the actor's stored session: a new `session_id` starts a new count, a new
 * `session_token` under the same id is a rotation (an upgrade rotates the token, SPEC §2).
 */
function createTracker(actor: SessionActorRef): Tracker {
  const persisted = read();
  const listeners = new Set<() => void>();
  let info: TokenInfo = { sessionId: null, rotations: 0, since: null };
  let lastToken: string | null = null;
  let initial = true;

  const set = (next: TokenInfo) => {
    info = next;
    write(next);
    for (const listener of listeners) listener();
  };

  const observe = (snapshot: SessionSnapshot) => {
    const fromStorage = initial;
    initial = false;
    const stored = snapshot.context.stored;
    if (!stored) return;
    if (stored.session_id !== info.sessionId) {
      lastToken = stored.session_token;
      if (fromStorage && persisted?.sessionId === stored.session_id) set(persisted);
      else set({ sessionId: stored.session_id, rotations: 0, since: fromStorage ? null : Date.now() });
    } else if (stored.session_token !== lastToken) {
      lastToken = stored.session_token;
      set({ ...info, rotations: info.rotations + 1, since: Date.now() });
    }
  };

  observe(actor.getSnapshot());
  // For the whole life of the page: the actor lives as long.
  actor.subscribe(observe);

  return {
    get: () => info,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const trackerFor = (actor: SessionActorRef): Tracker => {
  let tracker = trackers.get(actor);
  if (!tracker) trackers.set(actor, (tracker = createTracker(actor)));
  return tracker;
};

/** Token age and rotation count of the current session; starts tracking on first use. */
export function useTokenTracker(): TokenInfo {
  const actor = useSessionActor('useTokenTracker');
  const [tracker] = useState(() => trackerFor(actor));
  return useSyncExternalStore(tracker.subscribe, tracker.get);
}
