import { assign, enqueueActions, fromPromise, not, setup, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import type { LoginRequest, Session, SessionWithToken } from '../api/types.ts';
import type { ExperiencePlaneClient } from '../client/ExperiencePlaneClient.ts';
import { isTransient, toSessionError, type SessionError } from './errors.ts';
import { safeReturnTo } from './safeReturnTo.ts';
import { createSessionStore, type SessionStore, type StoredSession } from './storage.ts';

/** What a session machine is started with. */
export interface SessionMachineInput {
  client: ExperiencePlaneClient;
  /** Default: `sessionStorage`, falling back to memory. */
  storage?: SessionStore;
  /** Tries per request on a transient failure (network, timeout, 5xx) before giving up. Default 3. */
  attempts?: number;
  /** First backoff delay in ms, doubled on each retry. Default 300. */
  backoff?: number;
}

export interface SessionContext {
  client: ExperiencePlaneClient;
  storage: SessionStore;
  attempts: number;
  backoff: number;
  /** The id and token as stored; `null` once forgotten. */
  stored: StoredSession | null;
  /** The session as the server last described it. */
  session: Session | null;
  /** Why the session could not be had (or that it expired). */
  error: SessionError | null;
  /** Why the last login failed. */
  authError: SessionError | null;
  /** A login waiting for, or running on, the session. The access token it yields never lands here. */
  credentials: LoginRequest | null;
  /** The server stopped recognising the session in use; said once the new one exists (R10). */
  expired?: boolean;
  /** A logout asked for during an upgrade, run once it ends. */
  logoutQueued?: boolean;
  /** Where the app is (path + search + hash), as the provider reports it. */
  path?: string;
  /** Where the current redirect goes, before validation. */
  target?: string;
}

/** Everything the session machine reacts to. */
export type SessionEvent =
  | ({ type: 'user.login' } & LoginRequest)
  | { type: 'user.logout' }
  | { type: 'session.retry' }
  | { type: 'session.refresh' }
  | { type: 'session.expired' }
  | { type: 'nav.location'; path: string }
  | { type: 'nav.redirect'; to: string };

const EXPIRED: SessionError = { code: 'session_expired', message: 'Your session expired. Please sign in again.' };

const isStale = (e: any) => /^(unauthorized|not_found)$/.test(e?.code);

/**
 * Runs `f`, again after a doubling backoff while it fails transiently, at most `attempts` times
 * (R3). Stops retrying once the actor that asked is stopped (`signal`).
 */
const retry = async <T>({ attempts, backoff }: SessionContext, f: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
  for (let i = 1; ; i++)
    try {
      return await f();
    } catch (e) {
      if (i >= attempts || !isTransient(e as ApiErrorLike)) throw e;
      await new Promise((r) => setTimeout(r, backoff * 2 ** (i - 1)));
      if (signal?.aborted) throw e;
    }
};
type ApiErrorLike = { code: string };
/** Done and error events of invoked actors, as the shared actions read them. */
type Settled = { output?: SessionWithToken; error?: SessionError & { fresh?: SessionWithToken; gone?: boolean } };
const settled = (e: unknown) => e as Settled;

// Every invoked actor gets the context as it is when invoked.
const ctx = ({ context }: { context: SessionContext }) => context;

/**
 * The session lifecycle (SPEC §3): `none` → `anonymous` ⇄ `upgrading` → `authenticated`, with a
 * parallel `nav` region that is `redirecting` while a navigation is under way. Navigation is the
 * `navigate` action, a placeholder the app provides with `.provide()`.
 */
export const sessionMachine = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionMachineInput,
  },
  actors: {
    /** R1/R2: the stored session if the server still knows it, else exactly one new anonymous one. */
    load: fromPromise<SessionWithToken, SessionContext>(async ({ input: c, signal }) => {
      const s = c.stored;
      if (s)
        try {
          return { session: await retry(c, () => c.client.getSession(s.session_id, s.session_token), signal), session_token: s.session_token };
        } catch (e) {
          if (!isStale(e)) throw e;
          c.storage.clear();
        }
      return retry(c, () => c.client.createAnonymousSession(), signal);
    }),
    /** R5/R6: login, then upgrade; on 404 one new anonymous session and one more upgrade with the same access token. */
    upgrade: fromPromise<SessionWithToken, SessionContext>(async ({ input: c, signal }) => {
      const { user_id, tenant_id, access_token } = await c.client.login(c.credentials!);
      const up = (s: StoredSession) => c.client.upgradeSession(s.session_id, s.session_token, { user_id, tenant_id, access_token });
      try {
        return await up(c.stored!);
      } catch (e) {
        if ((e as ApiErrorLike).code != 'not_found') throw e;
      }
      let fresh: SessionWithToken;
      try {
        fresh = await retry(c, () => c.client.createAnonymousSession(), signal);
      } catch (e) {
        // The old session is gone and no new one could be made: there is no session at all.
        throw Object.assign(e as object, { gone: true });
      }
      const s = { session_id: fresh.session.session_id, session_token: fresh.session_token };
      c.storage.save(s);
      try {
        return await up(s);
      } catch (e) {
        // The machine keeps the new session even though the upgrade failed.
        throw Object.assign(e as object, { fresh });
      }
    }),
    check: fromPromise<Session, SessionContext>(({ input: { client, stored } }) => client.getSession(stored!.session_id, stored!.session_token)),
    logout: fromPromise<void, SessionContext>(({ input: { client, stored } }) => client.logout(stored!.session_id, stored!.session_token)),
  },
  actions: {
    /** Placeholder: the app navigates to `to` (already validated), replacing the current history entry. */
    navigate: (_, _params: { to: string }) => {},
    keep: assign(({ context, event }) => {
      const { output, error } = settled(event);
      const { session, session_token } = (output ?? error!.fresh)!;
      const stored = { session_id: session.session_id, session_token };
      context.storage.save(stored);
      return { stored, session };
    }),
    forget: assign(({ context }) => (context.storage.clear(), { stored: null, session: null, logoutQueued: false })),
    clearStorage: ({ context }) => context.storage.clear(),
    expire: assign({ expired: true }),
    queueLogin: assign({ credentials: ({ event }) => ({ email: (event as LoginRequest).email, password: (event as LoginRequest).password }), authError: null }),
    aim: assign({ target: ({ event }) => (event as { to: string }).to }),
    /** Records where the app is; a move to another page re-checks an authenticated session (R10). */
    track: enqueueActions(({ context, event, enqueue }) => {
      const { path } = event as { path: string };
      // Arriving where the machine itself just sent the app is not the user moving on.
      const ours = !!context.target && path == safeReturnTo(context.target);
      if (context.path && context.path != path && !ours) enqueue.raise({ type: 'session.refresh' });
      enqueue.assign({ path, target: ours ? '' : context.target });
    }),
    fail: assign({ error: ({ event }) => toSessionError(settled(event).error) }),
    failAuth: assign({ authError: ({ event }) => toSessionError(settled(event).error), credentials: null }),
  },
  guards: {
    isUpgraded: ({ context }) => !!context.session?.user_id,
    hasCredentials: ({ context }) => !!context.credentials,
    logoutQueued: ({ context }) => !!context.logoutQueued,
    expiredQueued: ({ context }) => !!context.expired,
    isStale: ({ event }) => isStale(settled(event).error),
    hasFresh: ({ event }) => !!settled(event).error?.fresh,
    isGone: ({ event }) => !!settled(event).error?.gone,
    sameTarget: ({ context, event }) => (event as { to?: string }).to == context.target,
  },
  delays: {
    // The next tick: the app's router has had the navigation by then.
    navSettled: 0,
  },
}).createMachine({
  id: 'session',
  type: 'parallel',
  context: ({ input }) => {
    const storage = input.storage ?? createSessionStore();
    return { attempts: 3, backoff: 300, ...input, storage, stored: storage.load(), session: null, error: null, authError: null, credentials: null };
  },
  on: {
    'nav.location': { actions: 'track' },
  },
  states: {
    session: {
      initial: 'none',
      states: {
        none: {
          initial: 'loading',
          on: {
            'user.login': { guard: not('hasCredentials'), actions: 'queueLogin' },
          },
          states: {
            loading: {
              id: 'loading',
              invoke: {
                src: 'load',
                input: ctx,
                onDone: { target: '#ready', actions: ['keep', assign({ error: ({ context }) => (context.expired ? EXPIRED : null), expired: false })] },
                onError: { target: 'failed', actions: 'fail' },
              },
            },
            failed: {
              on: {
                'session.retry': { target: 'loading', actions: assign({ error: null, stored: ({ context }) => context.storage.load() }) },
              },
            },
            signingOut: {
              // A failed logout only leaves the session to expire server-side: it is forgotten here either way.
              invoke: { src: 'logout', input: ctx, onDone: 'loading', onError: 'loading' },
              exit: assign({ stored: null, session: null }),
            },
          },
        },
        // Decides where a session that just arrived belongs; never rests here.
        ready: {
          id: 'ready',
          always: [
            { guard: 'logoutQueued', target: 'none.signingOut', actions: ['clearStorage', assign({ logoutQueued: false })] },
            // An expiry reported while the session was being checked.
            { guard: 'expiredQueued', target: 'none', actions: 'forget' },
            { guard: 'hasCredentials', target: 'upgrading' },
            { guard: 'isUpgraded', target: 'authenticated' },
            { target: 'anonymous' },
          ],
        },
        anonymous: {
          on: {
            'user.login': { target: 'upgrading', actions: 'queueLogin' },
            'user.logout': { target: 'none.signingOut', actions: 'clearStorage' },
            'session.expired': { target: 'none', actions: 'forget' },
          },
        },
        upgrading: {
          on: { 'user.logout': { actions: assign({ logoutQueued: true }) } },
          invoke: {
            src: 'upgrade',
            input: ctx,
            onDone: { target: 'ready', actions: ['keep', assign({ credentials: null, error: null })] },
            onError: [
              { guard: 'hasFresh', target: 'ready', actions: ['keep', 'failAuth'] },
              { guard: 'isGone', target: 'none.failed', actions: ['forget', 'fail', 'failAuth'] },
              { target: 'ready', actions: 'failAuth' },
            ],
          },
        },
        authenticated: {
          initial: 'idle',
          on: {
            'user.login': { target: 'upgrading', actions: 'queueLogin' },
            'user.logout': { target: 'none.signingOut', actions: 'clearStorage' },
            'session.expired': { target: 'none', actions: ['forget', 'expire'] },
          },
          states: {
            idle: {
              on: { 'session.refresh': 'verifying' },
            },
            verifying: {
              // One request at a time: a logout or login asked for now runs once the check is back.
              on: {
                'user.logout': { actions: assign({ logoutQueued: true }) },
                'user.login': { guard: not('hasCredentials'), actions: 'queueLogin' },
                'session.expired': { actions: 'expire' },
              },
              invoke: {
                src: 'check',
                input: ctx,
                onDone: { target: '#ready', actions: assign({ session: ({ event }) => event.output }) },
                onError: [{ guard: 'isStale', target: '#loading', actions: ['forget', 'expire'] }, { target: '#ready' }],
              },
            },
          },
        },
      },
    },
    nav: {
      initial: 'idle',
      states: {
        idle: {
          on: { 'nav.redirect': { target: 'redirecting', actions: 'aim' } },
        },
        redirecting: {
          on: {
            'nav.redirect': [{ guard: 'sameTarget' }, { target: 'redirecting', reenter: true, actions: 'aim' }],
          },
          entry: {
            type: 'navigate',
            params: ({ context }) => ({ to: safeReturnTo(context.target) }),
          },
          after: { navSettled: 'idle' },
        },
      },
    },
  },
});

export type SessionMachine = typeof sessionMachine;
export type SessionSnapshot = SnapshotFrom<SessionMachine>;
export type SessionActorRef = ActorRefFrom<SessionMachine>;
