export { ExperiencePlaneClient, type ClientOptions, type EarlySessionRequest } from './client/ExperiencePlaneClient.ts';
export {
  ApiError,
  type ApiErrorCode,
  type HttpErrorCode,
  type Operation,
  type SessionError,
  type SessionErrorCode,
  type TransportErrorCode,
} from './core/errors.ts';
export { safeReturnTo } from './core/safeReturnTo.ts';
export { createSessionStore, type Persistence, type SessionStore, type StorageLike, type StoredSession } from './core/storage.ts';
export {
  sessionMachine,
  type SessionActorRef,
  type SessionContext,
  type SessionEvent,
  type SessionMachine,
  type SessionMachineInput,
  type SessionSnapshot,
} from './core/sessionMachine.ts';
export { createSessionActor, type Navigate, type SessionActorOptions } from './core/createSessionActor.ts';
export { selectIsLoggingIn, selectIsRedirecting, selectStatus, type SessionStatus } from './core/selectors.ts';
export { createAuthenticatedFetch } from './core/authenticatedFetch.ts';
export type * from './api/types.ts';
