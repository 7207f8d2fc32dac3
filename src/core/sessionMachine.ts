import { assign, enqueueActions, fromPromise, setup, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import type { LoginRequest, LoginResponse, Session, SessionWithToken } from '../api/types.ts';
import type { ExperiencePlaneClient } from '../client/ExperiencePlaneClient.ts';
import { isSessionGone, isTransient, sessionExpired, toSessionError, type SessionError } from './errors.ts';
import { newIdempotencyKey } from './newIdempotencyKey.ts';
import { pageEvents, type PageEvent } from './pageEvents.ts';
import { safeReturnTo } from './safeReturnTo.ts';
import { createKeyOf, createSessionStore, type Persistence, type SessionStore, type StoredSession } from './storage.ts';
import { tabChannel, type TabMessage, type TabMessageEvent, type TabPostEvent } from './tabChannel.ts';
import { tabLock, type LockAcquiredEvent } from './tabLock.ts';

/** What a session machine is started with. */
export interface SessionMachineInput {
  client: ExperiencePlaneClient;
  /** `'tab'` (default): one session per tab, in `sessionStorage`; `'browser'`: one for every tab, in `localStorage`. */
  persistence?: Persistence;
  /** Where the session is kept. Default: the Web Storage of `persistence`, falling back to memory. */
  storage?: SessionStore;
  /**
   * Milliseconds after the server last confirmed the session before it is checked again when the
   * app moves to another page, the tab becomes visible or the browser comes back online.
   * Default 60 000; `0` checks at every such moment, `Infinity` never.
   */
  staleAfter?: number;
  /** Tries per request on a transient failure (network, timeout, 5xx) before giving up. Default 3. */
  attempts?: number;
  /** First backoff delay in ms, doubled on each retry. Default 300. */
  backoff?: number;
}

export interface SessionContext extends Required<Omit<SessionMachineInput, 'storage'>> {
  storage: SessionStore;
  /** The id and token this tab holds. */
  stored: StoredSession | null;
  /** The session as the server last described it. */
  session: Session | null;
  /** When the server last confirmed the session (epoch ms; 0: never). */
  confirmedAt: number;
  /** Why there is no session, or that the last one expired (R10). */
  error: SessionError | null;
  /** Why the last login failed. */
  authError: SessionError | null;
  /** A login asked for and not started yet (R4, R13). */
  pendingLogin: LoginRequest | null;
  /** A logout asked for and not done yet (R13). */
  pendingLogout: boolean;
  /** The login running now. */
  credentials: LoginRequest | null;
  /** What the running login got: the access token, held in memory only while the upgrade runs. */
  grant: LoginResponse | null;
  /** `Idempotency-Key` of create-anonymous, kept until a create succeeds (R16). */
  createKey: string | null;
  /** `Idempotency-Key` of the running upgrade, kept across its retries (R16). */
  upgradeKey: string | null;
  /** Tries of the request running now. */
  attempt: number;
  /** The running login already replaced a session the server no longer knew (R6: once). */
  replaced: boolean;
  /** What the other tabs were last told this tab holds (R14). */
  announced: StoredSession | null;
  /** A message from another tab about the session this tab holds, not acted on yet. */
  inbox: TabMessage | null;
  /** Where the app is (path + search + hash), as the provider reports it. */
  path: string | null;
  /** Where the current redirect goes, before validation. */
  target: string | null;
}

/** Everything the session machine reacts to. */
export type SessionEvent =
  | ({ type: 'user.login' } & LoginRequest)
  | { type: 'user.logout' }
  | { type: 'session.retry' }
  | { type: 'session.refresh' }
  /** An app request sent at `sentAt` with the session token answered 401 (R15). */
  | { type: 'api.unauthorized'; sentAt: number }
  | { type: 'nav.location'; path: string }
  | { type: 'nav.redirect'; to: string }
  /** The app moved to another page (raised by the machine from `nav.location`). */
  | { type: 'page.moved' }
  | PageEvent
  | TabMessageEvent
  | LockAcquiredEvent;

/** The value a state can only be entered with; its absence is a bug in the machine. */
const required = <T>(value: T | null): T => {
  if (value === null) throw new Error('session-first: a state was entered without what it needs');
  return value;
};

// What invoked actors are given and how they failed.
const sessionInput = ({ context }: { context: SessionContext }) => ({
  client: context.client,
  stored: required(context.stored),
});
const upgradeInput = ({ context }: { context: SessionContext }) => ({
  client: context.client,
  stored: required(context.stored),
  grant: required(context.grant),
  idempotencyKey: required(context.upgradeKey),
});
/** Takes in another tab's message about the session this tab holds, and acts on it (R14). */
const followTabMessage = {
  guard: { type: 'concernsThisTab', params: ({ event }: { event: TabMessageEvent }) => event.message },
  target: '#deciding',
  actions: { type: 'receive', params: ({ event }: { event: TabMessageEvent }) => event.message },
} as const;
const createInput = ({ context }: { context: SessionContext }) => ({
  client: context.client,
  idempotencyKey: required(context.createKey),
});
const failure = ({ event }: { event: { error: unknown } }) => toSessionError(event.error);

/**
 * A tab at rest on a session (`anonymous` or `authenticated`): idle until the session is to be
 * checked (R15), then one GET, intents waiting for its answer. `whenGone`: what is done when the
 * server no longer knows the session, before a new one is loaded.
 */
const restingOn = (whenGone: ('forgetSession' | 'persist' | 'noteExpiry')[]) =>
  ({
    initial: 'idle',
    on: {
      'user.login': { target: 'deciding', actions: { type: 'queueLogin', params: ({ event }: { event: LoginRequest }) => event } },
      'user.logout': { target: 'deciding', actions: 'queueLogout' },
    },
    states: {
      idle: {
        on: {
          'session.refresh': 'checking',
          'page.moved': { guard: 'isStale', target: 'checking' },
          'page.visible': { guard: 'isStale', target: 'checking' },
          'page.online': { guard: 'isStale', target: 'checking' },
          'api.unauthorized': { guard: { type: 'confirmedBefore', params: ({ event }: { event: { sentAt: number } }) => event.sentAt }, target: 'checking' },
          'tab.message': followTabMessage,
        },
      },
      // One request at a time: intents asked for now wait for the answer.
      checking: {
        on: {
          'user.login': { actions: { type: 'queueLogin', params: ({ event }: { event: LoginRequest }) => event } },
          'user.logout': { actions: 'queueLogout' },
        },
        initial: 'requesting',
        states: {
          requesting: {
            invoke: {
              src: 'fetchSession',
              input: sessionInput,
              onDone: { target: '#deciding', actions: { type: 'confirmSession', params: ({ event }: { event: { output: Session } }) => event.output } },
              onError: [
                { guard: 'hasInbox', target: '#deciding' },
                { guard: { type: 'tokenRefused', params: failure }, target: 'doubting' },
                { guard: { type: 'isSessionGone', params: failure }, target: '#loading', actions: whenGone },
                // The session may still be valid (R3); what was asked meanwhile runs now.
                { target: '#deciding' },
              ],
            },
          },
          doubting: {
            on: { 'tab.message': followTabMessage },
            after: { siblingGrace: { target: '#loading', actions: whenGone } },
          },
        },
      },
    },
  }) as const;

/**
 * The session lifecycle (SPEC §3). The `session` region is `none` (loading, failed or signing
 * out), `anonymous`, `upgrading` or `authenticated`, each running at most one request; every
 * request that settles goes through `deciding`, which acts on what is pending in the order that
 * keeps the last intent (R13). The parallel `nav` region is `redirecting` while a navigation runs.
 * Navigation is the `navigate` action, a placeholder the app provides with `.provide()`.
 */
export const sessionMachine = setup({
  types: {} as { context: SessionContext; events: SessionEvent; input: SessionMachineInput },
  actors: {
    fetchSession: fromPromise<Session, { client: ExperiencePlaneClient; stored: StoredSession }>(({ input: { client, stored } }) =>
      client.getSession(stored.session_id, stored.session_token),
    ),
    createSession: fromPromise<SessionWithToken, { client: ExperiencePlaneClient; idempotencyKey: string }>(({ input }) =>
      input.client.createAnonymousSession({ idempotencyKey: input.idempotencyKey }),
    ),
    logIn: fromPromise<LoginResponse, { client: ExperiencePlaneClient; credentials: LoginRequest }>(({ input }) =>
      input.client.login(input.credentials),
    ),
    upgradeSession: fromPromise<SessionWithToken, { client: ExperiencePlaneClient; stored: StoredSession; grant: LoginResponse; idempotencyKey: string }>(
      ({ input: { client, stored, grant, idempotencyKey } }) =>
        client.upgradeSession(
          stored.session_id,
          stored.session_token,
          { user_id: grant.user_id, tenant_id: grant.tenant_id, access_token: grant.access_token },
          { idempotencyKey },
        ),
    ),
    endSession: fromPromise<void, { client: ExperiencePlaneClient; stored: StoredSession }>(({ input: { client, stored } }) =>
      client.logout(stored.session_id, stored.session_token),
    ),
    tabChannel,
    tabLock,
    pageEvents,
  },
  actions: {
    /** Placeholder: the app navigates to `to` (already validated), replacing the current history entry. */
    navigate: (_, _params: { to: string }) => {},
    /**
     * The one place the stored session is written (R11). A session forgotten here stays in a store
     * tabs share when another tab has put a newer one there meanwhile.
     */
    persist: ({ context: { storage, stored, announced, createKey } }) => {
      if (stored || storage.load()?.session_token === announced?.session_token) storage.save(stored);
      // A create key stays until a session is stored: a tab with neither leaves another tab's key alone.
      if ((createKey !== null || stored !== null) && (storage.loadCreateKey?.() ?? null) !== createKey) storage.saveCreateKey?.(createKey);
    },
    /** Tells the other tabs when the session this tab holds changed since they were last told (R14). */
    announceChange: enqueueActions(({ context: { announced, stored, session, error }, enqueue }) => {
      if (announced?.session_token === stored?.session_token) return;
      if (announced) {
        const next = stored && session ? { session, session_token: stored.session_token } : null;
        const message: TabMessage = { previous: announced, next, expired: error?.code === 'session_expired' };
        enqueue.sendTo('tabs', { type: 'tabs.post', message } satisfies TabPostEvent);
      }
      enqueue.assign({ announced: stored });
    }),
    // What storage holds at a page's start is what its duplicates hold too.
    readStorage: assign(({ context }) => {
      const stored = context.storage.load();
      return { stored, announced: context.announced ?? stored };
    }),
    /**
     * A session read from storage that the server refuses is one the tabs sharing that storage hold
     * too: forgetting it is news for them, and takes it out of storage (R14).
     */
    shareRefused: assign({ announced: ({ context }) => context.stored }),
    confirmSession: assign((_, session: Session) => ({ session, confirmedAt: Date.now() })),
    unconfirm: assign({ confirmedAt: 0 }),
    adoptSession: assign((_, { session, session_token }: SessionWithToken) => ({
      stored: { session_id: session.session_id, session_token },
      session,
      confirmedAt: Date.now(),
      inbox: null,
    })),
    forgetSession: assign({ stored: null, session: null, inbox: null }),
    receive: assign((_, message: TabMessage) => ({ inbox: message })),
    /** Acts on another tab's message: it holds the same session with a new token, another session, or none. */
    applyInbox: assign(({ context }) => {
      const next = context.inbox?.next;
      const stored = next ? { session_id: next.session.session_id, session_token: next.session_token } : null;
      // A signed-in tab whose session the other tab found expired says so too (R10).
      const error = context.inbox?.expired && context.session?.user_id ? sessionExpired() : context.error;
      return { stored, session: next?.session ?? null, confirmedAt: Date.now(), announced: stored, inbox: null, error };
    }),
    fail: assign((_, error: SessionError) => ({ error })),
    clearError: assign({ error: null }),
    noteExpiry: assign({ error: () => sessionExpired() }),
    failLogin: assign((_, error: SessionError) => ({ authError: error })),
    clearAuthError: assign({ authError: null }),
    // A new intent makes the old notices stale; the last intent replaces the ones before (R13).
    queueLogin: assign((_, credentials: LoginRequest) => ({ pendingLogin: credentials, error: null, authError: null })),
    queueLogout: assign({ pendingLogout: true, pendingLogin: null, error: null, authError: null }),
    clearLogoutIntent: assign({ pendingLogout: false }),
    startLogin: assign(({ context }) => ({ credentials: context.pendingLogin, pendingLogin: null, replaced: false })),
    requeueLogin: assign(({ context }) => ({
      // Unless a logout was asked for since: then the login no longer is the last intent.
      pendingLogin: context.pendingLogin ?? (context.pendingLogout ? null : context.credentials),
    })),
    endLogin: assign({ credentials: null, grant: null, upgradeKey: null }),
    keepGrant: assign((_, grant: LoginResponse) => ({ grant })),
    markReplaced: assign({ replaced: true }),
    // The key a tab sharing the store (or this page before a reload) created with, if any (R16).
    ensureCreateKey: assign({ createKey: ({ context }) => createKeyOf(context.storage, context.createKey) }),
    dropCreateKey: assign({ createKey: null }),
    newUpgradeKey: assign({ upgradeKey: () => newIdempotencyKey() }),
    resetAttempts: assign({ attempt: 0 }),
    countAttempt: assign({ attempt: ({ context }) => context.attempt + 1 }),
    aim: assign((_, to: string) => ({ target: to })),
    /** Records where the app is; a move the machine did not make itself is the app moving on (R15). */
    track: enqueueActions(({ context, enqueue }, path: string) => {
      const arrived = context.target !== null && path === safeReturnTo(context.target);
      if (context.path !== null && context.path !== path && !arrived) enqueue.raise({ type: 'page.moved' });
      enqueue.assign({ path, target: arrived ? null : context.target });
    }),
  },
  guards: {
    hasStoredSession: ({ context }) => context.stored !== null,
    hasNoSession: ({ context }) => context.stored === null,
    isUpgraded: ({ context }) => !!context.session?.user_id,
    loginPending: ({ context }) => context.pendingLogin !== null,
    logoutPending: ({ context }) => context.pendingLogout,
    hasInbox: ({ context }) => context.inbox !== null,
    // A tab busy with a request has not acted on its inbox yet: the next message follows on from it.
    // A sign-in is news for a tab anonymous on that session whatever token the sender last told of:
    // a session is signed in only once, and two tabs may have joined it from one create key (R16).
    concernsThisTab: ({ context: { inbox, stored, session } }, message: TabMessage) => {
      const [token, known] = inbox ? [inbox.next?.session_token, inbox.next?.session] : [stored?.session_token, session];
      const signIn = message.next?.session;
      const signsInKnownSession = !!signIn?.user_id && known?.user_id === null && known.session_id === signIn.session_id;
      return message.previous.session_token === token || signsInKnownSession;
    },
    isStale: ({ context }) => Date.now() - context.confirmedAt >= context.staleAfter,
    confirmedBefore: ({ context }, sentAt: number) => context.confirmedAt <= sentAt,
    canRetry: ({ context }, error: SessionError) => isTransient(error) && context.attempt < context.attempts,
    isSessionGone: (_, error: SessionError) => isSessionGone(error),
    // A 401 on a session the server still knows: its token was rotated, most often by another tab.
    tokenRefused: (_, error: SessionError) => error.code === 'unauthorized',
    // Refused credentials, a session token the server no longer takes, or an upgrade that may have
    // happened without its answer arriving: only the session itself can tell which.
    outcomeUnclear: (_, error: SessionError) => error.code === 'unauthorized' || error.code === 'malformed_response' || isTransient(error),
    canReplace: ({ context }, error: SessionError) => isSessionGone(error) && !context.replaced,
    sameTarget: ({ context }, to: string) => to === context.target,
  },
  delays: {
    backoff: ({ context }) => context.backoff * 2 ** (context.attempt - 1),
    // The next tick: the app's router has had the navigation by then.
    navSettled: 0,
    // How long a refused token waits for the tab that rotated it to say so (R14) before it is given up.
    siblingGrace: 500,
  },
}).createMachine({
  id: 'session',
  type: 'parallel',
  context: ({ input }) => ({
    persistence: 'tab',
    staleAfter: 60_000,
    attempts: 3,
    backoff: 300,
    ...input,
    storage: input.storage ?? createSessionStore(input.persistence ?? 'tab'),
    stored: null,
    session: null,
    confirmedAt: 0,
    error: null,
    authError: null,
    pendingLogin: null,
    pendingLogout: false,
    credentials: null,
    grant: null,
    createKey: null,
    upgradeKey: null,
    attempt: 0,
    replaced: false,
    announced: null,
    inbox: null,
    path: null,
    target: null,
  }),
  invoke: [
    { id: 'tabs', src: 'tabChannel' },
    { src: 'pageEvents' },
  ],
  on: {
    'nav.location': { actions: { type: 'track', params: ({ event }) => event.path } },
    // What the other tabs have not heard yet goes with a page that goes away: a sign-out whose new
    // session is still being made would otherwise reach them only at their next check (R14).
    'page.leaving': { actions: 'announceChange' },
    'tab.message': {
      guard: { type: 'concernsThisTab', params: ({ event }) => event.message },
      actions: { type: 'receive', params: ({ event }) => event.message },
    },
  },
  states: {
    session: {
      initial: 'none',
      states: {
        none: {
          initial: 'loading',
          on: {
            'user.login': { actions: { type: 'queueLogin', params: ({ event }) => event } },
            'user.logout': { actions: 'queueLogout' },
          },
          states: {
            // R1, R2, R14: under `'browser'` persistence one tab at a time restores or creates.
            loading: {
              id: 'loading',
              invoke: { src: 'tabLock', input: ({ context }) => ({ exclusive: context.persistence === 'browser', storage: context.storage }) },
              initial: 'waitingForLock',
              states: {
                waitingForLock: {
                  on: { 'lock.acquired': 'reading' },
                },
                reading: {
                  id: 'reading',
                  entry: 'readStorage',
                  always: [{ guard: 'hasStoredSession', target: 'restoring' }, { target: 'creating' }],
                },
                restoring: {
                  entry: 'resetAttempts',
                  initial: 'requesting',
                  states: {
                    requesting: {
                      entry: 'countAttempt',
                      invoke: {
                        src: 'fetchSession',
                        input: sessionInput,
                        onDone: { target: '#loaded', actions: { type: 'confirmSession', params: ({ event }) => event.output } },
                        onError: [
                          { guard: { type: 'canRetry', params: failure }, target: 'waiting' },
                          { guard: 'hasInbox', target: '#deciding' },
                          { guard: { type: 'tokenRefused', params: failure }, target: 'doubting' },
                          // Storage is read again: under 'browser' persistence another tab may have stored a newer token.
                          { guard: { type: 'isSessionGone', params: failure }, target: '#reading', actions: ['shareRefused', 'forgetSession', 'persist'] },
                          { target: '#failed', actions: { type: 'fail', params: failure } },
                        ],
                      },
                    },
                    waiting: { after: { backoff: 'requesting' } },
                    doubting: {
                      on: { 'tab.message': followTabMessage },
                      after: { siblingGrace: { target: '#reading', actions: ['shareRefused', 'forgetSession', 'persist'] } },
                    },
                  },
                },
                creating: {
                  id: 'creating',
                  entry: ['ensureCreateKey', 'persist', 'resetAttempts'],
                  initial: 'requesting',
                  states: {
                    requesting: {
                      entry: 'countAttempt',
                      invoke: {
                        src: 'createSession',
                        input: createInput,
                        onDone: {
                          target: '#loaded',
                          // A brand-new session is what a pending logout asked for.
                          actions: [{ type: 'adoptSession', params: ({ event }) => event.output }, 'dropCreateKey', 'persist', 'clearLogoutIntent'],
                        },
                        onError: [
                          { guard: { type: 'canRetry', params: failure }, target: 'waiting' },
                          { target: '#failed', actions: { type: 'fail', params: failure } },
                        ],
                      },
                    },
                    waiting: { after: { backoff: 'requesting' } },
                  },
                },
                // Written to storage before the lock is let go.
                loaded: { id: 'loaded', always: '#deciding' },
              },
            },
            // R3: the stored session is kept; `retry()` (or coming back online) tries again.
            failed: {
              id: 'failed',
              entry: 'announceChange',
              on: {
                'session.retry': { target: 'loading', actions: 'clearError' },
                'page.online': { target: 'loading', actions: 'clearError' },
                // An intent needs a session: asking for one is trying again (its error shows if it fails again).
                'user.login': { target: 'loading', actions: { type: 'queueLogin', params: ({ event }) => event } },
                'user.logout': { target: 'loading', actions: 'queueLogout' },
              },
            },
            // R7: the session ends server-side and is forgotten here even when the server cannot be told.
            signingOut: {
              entry: ['clearLogoutIntent', 'resetAttempts'],
              initial: 'requesting',
              states: {
                requesting: {
                  entry: 'countAttempt',
                  invoke: {
                    src: 'endSession',
                    input: sessionInput,
                    onDone: { target: '#loading', actions: ['forgetSession', 'persist'] },
                    onError: [
                      { guard: { type: 'canRetry', params: failure }, target: 'waiting' },
                      // Another tab moved the session on meanwhile (a new token, or ended it): sign out of what it holds now.
                      { guard: 'hasInbox', target: '#deciding', actions: 'queueLogout' },
                      { guard: { type: 'tokenRefused', params: failure }, target: 'doubting' },
                      { target: '#loading', actions: ['forgetSession', 'persist'] },
                    ],
                  },
                },
                waiting: { after: { backoff: 'requesting' } },
                doubting: {
                  on: { 'tab.message': { ...followTabMessage, actions: [followTabMessage.actions, 'queueLogout'] } },
                  after: { siblingGrace: { target: '#loading', actions: ['forgetSession', 'persist'] } },
                },
              },
            },
          },
        },
        // Where every settled request comes back to: acts on what is pending, never rests here.
        deciding: {
          id: 'deciding',
          entry: 'announceChange',
          always: [
            { guard: 'hasInbox', target: 'deciding', reenter: true, actions: ['applyInbox', 'persist'] },
            { guard: 'hasNoSession', target: 'none' },
            { guard: 'logoutPending', target: 'none.signingOut' },
            { guard: 'loginPending', target: 'upgrading' },
            { guard: 'isUpgraded', target: 'authenticated' },
            { target: 'anonymous' },
          ],
        },
        anonymous: restingOn(['forgetSession', 'persist']),
        // R5, R6, R16: log in, upgrade this session; a session the server lost is replaced once.
        upgrading: {
          entry: 'startLogin',
          exit: 'endLogin',
          on: {
            // R4: a second login while one runs sends nothing, unless a logout came in between.
            'user.login': { guard: 'logoutPending', actions: { type: 'queueLogin', params: ({ event }) => event } },
            'user.logout': { actions: 'queueLogout' },
          },
          initial: 'loggingIn',
          states: {
            loggingIn: {
              invoke: {
                src: 'logIn',
                input: ({ context }) => ({ client: context.client, credentials: required(context.credentials) }),
                onDone: { target: 'applying', actions: { type: 'keepGrant', params: ({ event }) => event.output } },
                onError: { target: '#deciding', actions: { type: 'failLogin', params: failure } },
              },
            },
            applying: {
              id: 'applying',
              entry: ['newUpgradeKey', 'resetAttempts'],
              initial: 'requesting',
              states: {
                requesting: {
                  entry: 'countAttempt',
                  invoke: {
                    src: 'upgradeSession',
                    input: upgradeInput,
                    onDone: { target: '#deciding', actions: [{ type: 'adoptSession', params: ({ event }) => event.output }, 'persist'] },
                    onError: [
                      { guard: { type: 'canRetry', params: failure }, target: 'waiting' },
                      { guard: 'hasInbox', target: '#overtaken' },
                      { guard: { type: 'outcomeUnclear', params: failure }, target: '#probing', actions: { type: 'failLogin', params: failure } },
                      { guard: { type: 'canReplace', params: failure }, target: '#replacing' },
                      { target: '#deciding', actions: { type: 'failLogin', params: failure } },
                    ],
                  },
                },
                waiting: { after: { backoff: 'requesting' } },
              },
            },
            probing: {
              id: 'probing',
              invoke: {
                src: 'fetchSession',
                input: sessionInput,
                onDone: { target: '#deciding', actions: { type: 'confirmSession', params: ({ event }) => event.output } },
                onError: [
                  { guard: 'hasInbox', target: 'overtaken', actions: 'clearAuthError' },
                  // The token was rotated: by the upgrade whose answer was lost, if the server replays it (R16).
                  { guard: { type: 'canReplace', params: failure }, target: 'replaying' },
                  // Still no answer: whether the token lives is unknown, so the next chance checks it.
                  { target: '#deciding', actions: 'unconfirm' },
                ],
              },
            },
            // The upgrade once more with its key and the token it was sent with: the answer that was lost.
            // The token is dead either way, so a replay that cannot be had replaces the session.
            replaying: {
              entry: 'resetAttempts',
              initial: 'requesting',
              states: {
                requesting: {
                  entry: 'countAttempt',
                  invoke: {
                    src: 'upgradeSession',
                    input: upgradeInput,
                    onDone: { target: '#deciding', actions: [{ type: 'adoptSession', params: ({ event }) => event.output }, 'persist', 'clearAuthError'] },
                    onError: [
                      { guard: { type: 'canRetry', params: failure }, target: 'waiting' },
                      { guard: 'hasInbox', target: '#overtaken', actions: 'clearAuthError' },
                      { target: '#replacing', actions: 'clearAuthError' },
                    ],
                  },
                },
                waiting: { after: { backoff: 'requesting' } },
              },
            },
            // Another tab changed the session under the upgrade: the login runs again on what it holds now.
            overtaken: {
              id: 'overtaken',
              entry: 'requeueLogin',
              always: '#deciding',
            },
            replacing: {
              id: 'replacing',
              entry: ['forgetSession', 'markReplaced', 'ensureCreateKey', 'persist', 'resetAttempts'],
              initial: 'requesting',
              states: {
                requesting: {
                  entry: 'countAttempt',
                  invoke: {
                    src: 'createSession',
                    input: createInput,
                    onDone: {
                      target: '#applying',
                      actions: [{ type: 'adoptSession', params: ({ event }) => event.output }, 'dropCreateKey', 'persist'],
                    },
                    onError: [
                      { guard: { type: 'canRetry', params: failure }, target: 'waiting' },
                      { target: '#failed', actions: [{ type: 'fail', params: failure }, { type: 'failLogin', params: failure }] },
                    ],
                  },
                },
                waiting: { after: { backoff: 'requesting' } },
              },
            },
          },
        },
        // R10: a session found gone while signed in also says that it expired.
        authenticated: restingOn(['forgetSession', 'persist', 'noteExpiry']),
      },
    },
    nav: {
      initial: 'idle',
      states: {
        idle: {
          on: { 'nav.redirect': { target: 'redirecting', actions: { type: 'aim', params: ({ event }) => event.to } } },
        },
        redirecting: {
          on: {
            'nav.redirect': [
              { guard: { type: 'sameTarget', params: ({ event }) => event.to } },
              { target: 'redirecting', reenter: true, actions: { type: 'aim', params: ({ event }) => event.to } },
            ],
          },
          entry: { type: 'navigate', params: ({ context }) => ({ to: safeReturnTo(context.target) }) },
          after: { navSettled: 'idle' },
        },
      },
    },
  },
});

export type SessionMachine = typeof sessionMachine;
export type SessionSnapshot = SnapshotFrom<SessionMachine>;
export type SessionActorRef = ActorRefFrom<SessionMachine>;
