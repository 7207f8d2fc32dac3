import { createActor, type ActorOptions } from 'xstate';
import { sessionMachine, type SessionActorRef, type SessionMachine, type SessionMachineInput } from './sessionMachine.ts';

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
 * Creates and starts the session actor. Start it once per page (outside React's effects), so a
 * page load sends exactly one session request; the earlier, the sooner the session is ready.
 * `inspect` and `clock` are XState's, for developer tools and tests.
 */
export const createSessionActor = (
  { navigate, ...input }: SessionActorOptions,
  actorOptions: Pick<ActorOptions<SessionMachine>, 'inspect' | 'clock'> = {},
): SessionActorRef => {
  const actor = createActor(
    sessionMachine.provide({
      actions: { navigate: (_, { to }) => (navigate ?? routers.get(actor) ?? pageNavigate)(to, { replace: true }) },
    }),
    { ...actorOptions, input },
  );
  return actor.start();
};
