import { useState, useSyncExternalStore } from 'react';
import type { SessionActorRef, SessionSnapshot } from '../core/sessionMachine.ts';
import { useSessionActor } from '../react/context.ts';

/** What the developer panel shows about the session token: never the token itself. */
export interface TokenInfo {
  /** The session the numbers belong to. */
  sessionId: string | null;
  /** How many times the token of this session changed while its id stayed the same. */
  rotations: number;
  /** When this tab first saw the current token (epoch ms); null when it came from storage at page load. */
  since: number | null;
}

// Per tab, like a session under 'tab' persistence: the count survives a reload of the tab.
const KEY = 'session-first-devtools:token';

function readSaved(): TokenInfo | null {
  try {
    const saved: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (!saved || typeof saved !== 'object') return null;
    const { sessionId, rotations, since } = saved as Record<string, unknown>;
    if (typeof sessionId !== 'string' || typeof rotations !== 'number') return null;
    return { sessionId, rotations, since: typeof since === 'number' ? since : null };
  } catch {
    return null;
  }
}

function save(info: TokenInfo): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(info));
  } catch {
    // The count starts again at the next reload.
  }
}

interface Tracker {
  get(): TokenInfo;
  subscribe(listener: () => void): () => void;
}

const trackers = new WeakMap<SessionActorRef, Tracker>();

/**
 * Watches the actor's stored session: a new `session_id` starts a new count, a new token under
 * the same id is a rotation (an upgrade rotates the token). The token is compared, never kept
 * anywhere but in this closure.
 */
function createTracker(actor: SessionActorRef): Tracker {
  const saved = readSaved();
  const listeners = new Set<() => void>();
  let info: TokenInfo = { sessionId: null, rotations: 0, since: null };
  let lastToken: string | null = null;
  let atPageLoad = true;

  const set = (next: TokenInfo) => {
    info = next;
    save(next);
    for (const listener of listeners) listener();
  };

  const observe = (snapshot: SessionSnapshot) => {
    const fromStorage = atPageLoad;
    atPageLoad = false;
    const stored = snapshot.context.stored;
    if (!stored) return;
    if (stored.session_id !== info.sessionId) {
      lastToken = stored.session_token;
      if (fromStorage && saved?.sessionId === stored.session_id) set(saved);
      else set({ sessionId: stored.session_id, rotations: 0, since: fromStorage ? null : Date.now() });
    } else if (stored.session_token !== lastToken) {
      lastToken = stored.session_token;
      set({ ...info, rotations: info.rotations + 1, since: Date.now() });
    }
  };

  observe(actor.getSnapshot());
  // As long as the actor lives: a page's session actor lives as long as the page.
  actor.subscribe(observe);

  return {
    get: () => info,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function trackerFor(actor: SessionActorRef): Tracker {
  let tracker = trackers.get(actor);
  if (!tracker) {
    tracker = createTracker(actor);
    trackers.set(actor, tracker);
  }
  return tracker;
}

/** Token age and rotation count of the current session; tracking starts on first use. */
export function useTokenTracker(): TokenInfo {
  const actor = useSessionActor('SessionDevtools');
  const [tracker] = useState(() => trackerFor(actor));
  return useSyncExternalStore(tracker.subscribe, tracker.get);
}
