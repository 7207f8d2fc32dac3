/** Stable codes for everything that can go wrong talking to the experience API. */
export type ApiErrorCode =
  | 'network'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid_request'
  | 'server'
  | 'malformed_response';

/** Codes the session lifecycle adds on top of the API's. */
export type SessionErrorCode = ApiErrorCode | 'session_expired';

/** A failed API call: `code` is stable, `message` is for people, `status` is the HTTP status if one came back. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** An error as the hooks expose it: a plain value with a stable `code` and a human `message`. */
export interface SessionError {
  code: SessionErrorCode;
  message: string;
  status?: number;
}

/** Network errors, timeouts and 5xx may pass on their own; everything else will not. */
export const isTransient = (e: { code: string }): boolean =>
  e.code === 'network' || e.code === 'timeout' || e.code === 'server';

/** Turns anything thrown into a SessionError value (an ApiError already is one). */
export const toSessionError = (e: any): SessionError => (e?.code ? e : { code: 'network', message: String(e?.message ?? e) });
