import { createActor, type ActorOptions } from 'xstate';
import type { ExperiencePlaneClient } from '../client/ExperiencePlaneClient.ts';
import { sessionMachine, type SessionActorRef, type SessionMachine, type SessionMachineInput } from './sessionMachine.ts';
import { createKeyOf, createSessionStore, type Persistence, type SessionStore } from './storage.ts';

/**
 * Sends the app somewhere: `to` is always a validated same-origin path, and `replace` is always
 * true (the library's redirects replace the history entry). Shaped like a router's `navigate`, so
 * React Router's can be passed as it is.
 */
export type Navigate = (to: string, options: { replace: boolean }) => void;

/** What {@link createSessionActor} takes: the machine's input and how to navigate. */
export interface SessionActorOptions extends SessionMachineInput {
  /** Your router's navigate. Default: full page loads through `location.replace`. */
  navigate?: Navigate;
}

const pageNavigate: Navigate = (to) => location.replace(to);

// The router a provider hands over, for actors created before any router existed.
const routers = new WeakMap<SessionActorRef, Navigate>();

/** Sends the actor's navigations to `navigate` when it was created without one. */
export const routeNavigations = (actor: SessionActorRef, navigate: Navigate): void => {
  routers.set(actor, navigate);
};

/**
 * Sends the request the machine will start with before the machine is built, so it leaves as soon
 * as the page's first script runs (SPEC §6). A guess that never decides anything: the machine
 * reads the same store, and if its first request is another one, it sends that one itself once
 * this one is over. A create is guessed only where the tab creates on its own, with a key kept
 * where the machine finds it (R16); under `'browser'` persistence tabs create under the lock.
 */
const sendFirstRequest = (client: ExperiencePlaneClient, storage: SessionStore, persistence: Persistence) => {
  const stored = storage.load();
  if (stored) {
    client.sendEarly({ stored });
  } else if (persistence === 'tab' && storage.loadCreateKey && storage.saveCreateKey) {
    // The key the machine's create will choose too, so that it takes this answer.
    const idempotencyKey = createKeyOf(storage);
    storage.saveCreateKey(idempotencyKey);
    client.sendEarly({ idempotencyKey });
  }
};

/**
 * Creates and starts the session actor. Start it once per page (outside React's effects), so a
 * page load sends exactly one session request; the earlier, the sooner the session is ready. The
 * request leaves before the machine is built: the stored session's check, or the create of a tab
 * with nothing stored (`'browser'` tabs create under their lock, once the machine runs).
 * `inspect` and `clock` are XState's, for developer tools and tests.
 */
export const createSessionActor = (
  { navigate, ...input }: SessionActorOptions,
  actorOptions: Pick<ActorOptions<SessionMachine>, 'inspect' | 'clock'> = {},
): SessionActorRef => {
  const persistence = input.persistence ?? 'tab';
  const storage = input.storage ?? createSessionStore(persistence);
  sendFirstRequest(input.client, storage, persistence);
  const actor = createActor(
    sessionMachine.provide({
      actions: { navigate: (_, { to }) => (navigate ?? routers.get(actor) ?? pageNavigate)(to, { replace: true }) },
    }),
    { ...actorOptions, input: { ...input, storage } },
  );
  return actor.start();
};
