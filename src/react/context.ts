import { createContext, useContext } from 'react';
import type { SessionActorRef } from '../core/sessionMachine.ts';

export const SessionActorContext = createContext<SessionActorRef | null>(null);

/** The session actor of the nearest PlatformStateProvider; `who` names the caller in the error. */
export const useSessionActor = (who: string): SessionActorRef => {
  const actor = useContext(SessionActorContext);
  if (!actor) throw new Error(`${who} must be used inside <PlatformStateProvider>.`);
  return actor;
};
