import type { ActorOptions } from 'xstate';
import type { Navigate } from '../core/createSessionActor.ts';
import type { SessionMachine } from '../core/sessionMachine.ts';

/** A navigation the library asked for and a story holds back. */
export interface HeldNavigation {
  to: string;
  replace: boolean;
}

type Clock = NonNullable<ActorOptions<SessionMachine>['clock']>;

/** The navigations and zero-delay timers of one session actor, held until released. */
export interface NavigationHold {
  /** The actor's navigate. */
  navigate: Navigate;
  /** The actor's clock. */
  clock: Clock;
  /** The navigations held so far, oldest first. */
  readonly held: readonly HeldNavigation[];
  /** The router the held navigations go to (set when the story's router renders). */
  connectRouter(router: Navigate): void;
  /** Delivers the held navigations, runs the held timers and stops holding. */
  release(): void;
}

/**
 * Holds back the library's navigations, and the machine with them in `nav: redirecting`: the
 * machine leaves that state on a zero-delay timer (`navSettled`), which this clock keeps too,
 * until `release()` delivers the navigations to the router and lets the timers run. From then
 * on everything goes through at once.
 */
export function createNavigationHold(): NavigationHold {
  const held: HeldNavigation[] = [];
  const timers = new Map<symbol, () => void>();
  let holding = true;
  let router: Navigate | null = null;

  const navigate: Navigate = (to, options) => {
    if (holding || !router) held.push({ to, replace: options.replace });
    else router(to, options);
  };
  const deliver = () => {
    if (router) for (const { to, replace } of held.splice(0)) router(to, { replace });
  };

  const clock: Clock = {
    setTimeout(fn, ms) {
      if (!holding || ms !== 0) return setTimeout(fn, ms);
      const id = Symbol('held timer');
      timers.set(id, fn);
      return id;
    },
    clearTimeout(id) {
      if (typeof id === 'symbol') timers.delete(id);
      else clearTimeout(id as ReturnType<typeof setTimeout>);
    },
  };

  return {
    navigate,
    clock,
    held,
    connectRouter(next) {
      router = next;
      if (!holding) deliver();
    },
    release() {
      holding = false;
      deliver();
      const due = [...timers.values()];
      timers.clear();
      for (const fn of due) fn();
    },
  };
}
