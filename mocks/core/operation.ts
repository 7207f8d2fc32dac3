import type { MockSnapshot } from '../state/mockSnapshot.ts';
import type { MockSettings } from '../settings.ts';
import type { MockReply } from './replies.ts';

/** What an operation may read: the state, the time, the settings. */
export interface StateView {
  snapshot: Readonly<MockSnapshot>;
  /** Now, by the backend's clock plus the admin clock offset (epoch ms). */
  now: number;
  settings: Readonly<MockSettings>;
}

/** What an operation works on while it holds the lock: the state to change. */
export interface Transaction extends StateView {
  snapshot: MockSnapshot;
}

/**
 * The part of a request that needs no state (reading and validating the body, hashing secrets):
 * the answer already (a 422), the change to make under the lock (it never awaits), or, for an
 * answer that only reads the state, the reading (no lock, nothing written).
 */
export type Prepared =
  | { reply: MockReply }
  | { apply: (tx: Transaction) => MockReply }
  | { inspect: (view: StateView) => MockReply };

/** One operation of the API: prepares a request with its path parameters. */
export type Operation = (request: Request, params: Record<string, string>) => Promise<Prepared>;
