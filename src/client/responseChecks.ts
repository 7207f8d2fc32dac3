import type { LoginResponse, Session, SessionEnvelope, SessionWithToken } from '../api/types.ts';

// Only the fields the library reads are checked; anything a backend adds later is passed through.

type Fields = Record<string, unknown>;

export const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;
const isFilled = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isStringOrNull = (value: unknown) => value === null || typeof value === 'string';

const isSession = (value: unknown): value is Session =>
  isObject(value) && isFilled(value.session_id) && isStringOrNull(value.user_id) && isStringOrNull(value.tenant_id);

/** `{ session }` */
export const isEnvelope = (body: unknown): body is SessionEnvelope => isObject(body) && isSession(body.session);

/** `{ session, session_token }` */
export const isWithToken = (body: unknown): body is SessionWithToken =>
  isObject(body) && isSession(body.session) && isFilled(body.session_token);

/** Login's `{ access_token, user_id, tenant_id, ... }` */
export const isLogin = (body: unknown): body is LoginResponse =>
  isObject(body) && isFilled(body.access_token) && isFilled(body.user_id) && isFilled(body.tenant_id);

/** The JSON in `text`, or `undefined` when there is none. */
export const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Any body at all (logout answers 204). */
export const isAnything = (_body: unknown): _body is unknown => true;
