import { useLayoutEffect, useState, type ReactNode } from 'react';
import { ExperiencePlaneClient } from '../client/ExperiencePlaneClient.ts';
import { createSessionActor, locationNavigate, type Navigate } from '../core/createSessionActor.ts';
import type { SessionActorRef, SessionMachineInput } from '../core/sessionMachine.ts';
import { SessionActorContext } from './context.ts';

export interface PlatformStateProviderProps extends Partial<SessionMachineInput> {
  children?: ReactNode;
  /** Your router's navigate. Default: full page loads through `window.location`. */
  navigate?: Navigate;
  /** The current path + search + hash from your router; a change re-checks an authenticated session. */
  location?: string;
  /** A session actor you created yourself with `createSessionActor`; the other props are then ignored. */
  actor?: SessionActorRef;
}

interface Entry {
  actor: SessionActorRef;
  navigate?: Navigate;
}

// One actor per client, created outside React's effect cycle: StrictMode's double render and a
// remounted provider find the actor already running instead of sending a second request.
const entries = new WeakMap<object, Entry>();
let defaultClient: ExperiencePlaneClient | undefined;

const entryFor = ({ actor, navigate, location, children, ...input }: PlatformStateProviderProps): Entry => {
  if (actor) return { actor };
  const client = input.client ?? (defaultClient ??= new ExperiencePlaneClient());
  let entry = entries.get(client);
  if (!entry) {
    const e: Entry = {} as Entry;
    e.actor = createSessionActor({ ...input, client, navigate: (to, o) => (e.navigate ?? locationNavigate)(to, o) });
    entries.set(client, (entry = e));
  }
  return entry;
};

/** Owns the app's session: from the first render there is a session being restored or created. */
export function PlatformStateProvider(props: PlatformStateProviderProps) {
  const [entry] = useState(() => entryFor(props));
  entry.navigate = props.navigate;
  const path = props.location ?? location.href.slice(location.origin.length);
  // A layout effect, so the path is known before any child's effect asks to redirect.
  useLayoutEffect(() => entry.actor.send({ type: 'nav.location', path }), [entry, path]);
  return <SessionActorContext.Provider value={entry.actor}>{props.children}</SessionActorContext.Provider>;
}
