/**
 * Another tab of the same browser: a second real session actor, on its own API origin (its
 * requests are not held), over a copy of this tab's storage as a browser gives a duplicated tab.
 * What it does reaches the tab under test over the real tab channel.
 */
import { expect } from 'vitest';
import { createSessionActor, createSessionStore, ExperiencePlaneClient, type SessionActorRef } from '../../src/index.ts';
import { ADA, nextOrigin, storedIn, type TabStorage } from '../support/harness.tsx';
import { memoryStorage } from '../support/memoryStorage.ts';
import { backend } from '../support/mockBackend.ts';
import { answer } from '../support/network.ts';
import { until } from './until.ts';

export interface OtherTab {
  actor: SessionActorRef;
  origin: string;
}

const rests = (tab: OtherTab, status: 'anonymous' | 'authenticated') => tab.actor.getSnapshot().matches({ session: { [status]: 'idle' } });
const held = (tab: OtherTab) => tab.actor.getSnapshot().context.stored;

/** Duplicates the tab whose storage is `storage` and waits until the copy has restored the session. */
export async function duplicateTab(storage: TabStorage, attempts: number): Promise<OtherTab> {
  const copy = memoryStorage();
  createSessionStore(copy).save(storedIn(storage));
  const origin = nextOrigin();
  const actor = createSessionActor({ client: new ExperiencePlaneClient({ baseUrl: origin, timeout: 60_000 }), storage: createSessionStore(copy), attempts, backoff: 1 });
  const tab = { actor, origin };
  await until(() => expect(rests(tab, 'anonymous') || rests(tab, 'authenticated'), 'the other tab has the session').toBe(true));
  return tab;
}

/** The other tab signs in as Ada: the same session, bound to her, with a rotated token. */
export async function signInThere(tab: OtherTab) {
  const before = held(tab);
  tab.actor.send({ type: 'user.login', email: ADA.email, password: ADA.password });
  await until(() => expect(rests(tab, 'authenticated') && held(tab)?.session_token !== before?.session_token).toBe(true));
}

/** The other tab signs out: the session ends and the tab moves to a new anonymous one. */
export async function signOutThere(tab: OtherTab) {
  const before = held(tab);
  tab.actor.send({ type: 'user.logout' });
  await until(() => expect(rests(tab, 'anonymous') && held(tab)?.session_id !== before?.session_id).toBe(true));
}

/** The session expires; the other tab finds it gone and cannot create a new one (its server refuses). */
export async function loseSessionThere(tab: OtherTab) {
  await backend.expireSession(held(tab)!.session_id);
  answer({ method: 'post', path: `${tab.origin}/api/session/create-anonymous` }, 503, 'Service temporarily unavailable');
  tab.actor.send({ type: 'session.refresh' });
  await until(() => expect(tab.actor.getSnapshot().matches({ session: { none: 'failed' } })).toBe(true));
}
