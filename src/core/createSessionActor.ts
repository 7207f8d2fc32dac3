import { createActor } from 'xstate';
import { sessionMachine, type SessionActorRef, type SessionMachineInput, type SessionSnapshot } from './sessionMachine.ts';

/**
 * Sends the app somewhere: `to` is always a validated same-origin path, and `replace` is always
 * true (the library's redirects replace the history entry). Shaped like a router's `navigate`, so
 * React Router's can be passed as it is.
 */
export type Navigate = (to: string, options: { replace: boolean }) => void;

/** Full page navigation: the fallback for apps that have no router. */
export const locationNavigate: Navigate = (to) => location.replace(to);

/**
 * Creates and starts the session actor. Start it once per page (outside React's effects), so a
 * page load sends exactly one session request.
 */
export const createSessionActor = (input: SessionMachineInput & { navigate?: Navigate }): SessionActorRef =>
  createActor(
    sessionMachine.provide({
      actions: { navigate: (_, { to }) => (input.navigate ?? locationNavigate)(to, { replace: true }) },
    }),
    { input },
  ).start();

/** The public status: the session region's top state. */
export type SessionStatus = 'none' | 'anonymous' | 'upgrading' | 'authenticated';

/** Reads the public status from a snapshot. */
export const selectStatus = (s: SessionSnapshot): SessionStatus => {
  const v = (s.value as { session: string | object }).session;
  return (typeof v == 'string' ? v : Object.keys(v)[0]) as SessionStatus;
};
