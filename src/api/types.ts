import type { components, operations } from './schema.gen.ts';

type Schemas = components['schemas'];

/** A session as the experience API returns it. `user_id`/`tenant_id` are null while anonymous. */
export type Session = Schemas['Session'];
/** `{ session, session_token }`: what create-anonymous and upgrade answer. */
export type SessionWithToken = Schemas['SessionWithToken'];
/** `{ session }`: what GET /api/session/{id} answers. */
export type SessionEnvelope = Schemas['SessionEnvelope'];
export type CreateAnonymousSessionRequest = Schemas['CreateAnonymousSessionRequest'];
export type UpgradeSessionRequest = Schemas['UpgradeSessionRequest'];
export type LoginRequest = Schemas['LoginRequest'];
/** The access token and identity returned by login. Held in memory only, never stored. */
export type LoginResponse = Schemas['LoginResponse'];
/** FastAPI's `{ detail: string }`. */
export type HTTPError = Schemas['HTTPError'];
/** FastAPI's 422 body: `{ detail: [{ loc, msg, type }] }`. */
export type HTTPValidationError = Schemas['HTTPValidationError'];
export type ValidationErrorItem = Schemas['ValidationErrorItem'];
export type Metadata = Schemas['Metadata'];

export type OperationId = keyof operations;
