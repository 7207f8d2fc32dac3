export { ExperiencePlaneClient, type ClientOptions } from './client/ExperiencePlaneClient.ts';
export { ApiError, type ApiErrorCode, type SessionError, type SessionErrorCode } from './core/errors.ts';
export { safeReturnTo } from './core/safeReturnTo.ts';
export { createSessionStore, type SessionStore, type StorageLike, type StoredSession } from './core/storage.ts';
export {
  sessionMachine,
  type SessionActorRef,
  type SessionContext,
  type SessionEvent,
  type SessionMachine,
  type SessionMachineInput,
  type SessionSnapshot,
} from './core/sessionMachine.ts';
export { createSessionActor, selectStatus, type Navigate, type SessionStatus } from './core/createSessionActor.ts';
export type * from './api/types.ts';
