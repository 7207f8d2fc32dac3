import { useLayoutEffect, useState, type ReactNode } from 'react';
import { ExperiencePlaneClient } from '../client/ExperiencePlaneClient.ts';
import { createSessionActor, routeNavigations, type Navigate, type SessionActorOptions } from '../core/createSessionActor.ts';
import type { SessionActorRef } from '../core/sessionMachine.ts';
import { SessionActorContext } from './context.ts';

export interface PlatformStateProviderProps extends Partial<Omit<SessionActorOptions, 'navigate'>> {
  children?: ReactNode;
  /** Your router's navigate. Default: full page loads through `location.replace`. */
  navigate?: Navigate;
  /** The current path + search + hash from your router; a move to another page may re-check the session (R15). */
  location?: string;
  /**
   * A session actor you started yourself with `createSessionActor` (as early as the page's first
   * script, so the session request does not wait for the UI code). The other options are then ignored.
   */
  actor?: SessionActorRef;
}

// One actor per client, created outside React's effect cycle: StrictMode's double render and a
// remounted provider find the actor already running instead of sending a second request.
const actors = new WeakMap<ExperiencePlaneClient, SessionActorRef>();
let defaultClient: ExperiencePlaneClient | undefined;

const actorFor = ({ actor, navigate, location, children, client, ...options }: PlatformStateProviderProps): SessionActorRef => {
  if (actor) return actor;
  const key = client ?? (defaultClient ??= new ExperiencePlaneClient());
  let running = actors.get(key);
  if (!running) {
    running = createSessionActor({ ...options, client: key });
    actors.set(key, running);
  }
  return running;
};

/** Owns the app's session: from the first render there is a session being restored or created. */
export function PlatformStateProvider(props: PlatformStateProviderProps) {
  const [actor] = useState(() => actorFor(props));
  if (props.navigate) routeNavigations(actor, props.navigate);
  const path = props.location ?? location.href.slice(location.origin.length);
  // A layout effect, so the path is known before any child's effect asks to redirect.
  useLayoutEffect(() => actor.send({ type: 'nav.location', path }), [actor, path]);
  return <SessionActorContext.Provider value={actor}>{props.children}</SessionActorContext.Provider>;
}
