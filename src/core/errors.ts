/** Codes for a request that got no usable answer. */
export type TransportErrorCode = 'network' | 'timeout' | 'malformed_response';

/** Codes for an HTTP error status from the experience API. */
export type HttpErrorCode = 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'invalid_request' | 'server';

/** Stable codes for everything that can go wrong talking to the experience API. */
export type ApiErrorCode = TransportErrorCode | HttpErrorCode;

/** Codes the session lifecycle adds on top of the API's. */
export type SessionErrorCode = ApiErrorCode | 'session_expired';

/** What the library was doing when a request failed; it decides the words people see. */
export type Operation = 'login' | 'session';

/**
 * An error as the hooks expose it: a plain value with a stable `code` and a `message` written for
 * the person using the app. HTTP errors also carry the `status` and the server's own `detail`.
 */
export type SessionError =
  | { code: 'network' | 'timeout' | 'session_expired'; message: string }
  | { code: 'malformed_response'; message: string; status: number }
  | { code: HttpErrorCode; message: string; status: number; detail?: string };

const messages: Record<SessionErrorCode, string> = {
  network: 'The server cannot be reached. Check your connection.',
  timeout: 'The server took too long to answer.',
  malformed_response: 'The server sent an answer that could not be read.',
  server: 'The server has a problem. Try again soon.',
  unauthorized: 'Your sign-in was not accepted.',
  forbidden: 'This account cannot sign in here.',
  not_found: 'Your session was not found.',
  conflict: 'This session belongs to another account. Sign out first.',
  invalid_request: 'The request was refused.',
  session_expired: 'Your session expired. Please sign in again.',
};

/** The words for people, by code; a login refused with 401 means the credentials were wrong. */
export const messageFor = (code: SessionErrorCode, operation: Operation = 'session'): string =>
  operation === 'login' && code === 'unauthorized' ? 'Wrong email or password.' : messages[code];

/** A failed API call, as the client rejects with: an `Error` carrying a {@link SessionError} value. */
export class ApiError extends Error {
  override name = 'ApiError';
  declare readonly code: ApiErrorCode;
  declare readonly status?: number;
  declare readonly detail?: string;

  constructor(readonly value: Exclude<SessionError, { code: 'session_expired' }>) {
    super(value.message);
    Object.assign(this, value);
  }
}

/** The error of a request that got no answer. */
export const transportError = (code: 'network' | 'timeout'): ApiError => new ApiError({ code, message: messages[code] });

/** The error of an answer whose body is not what the contract says. */
export const malformedError = (status: number): ApiError =>
  new ApiError({ code: 'malformed_response', message: messages.malformed_response, status });

/** The error of an HTTP error status; `detail` is what the server said, kept out of the message. */
export const httpError = (status: number, operation: Operation, detail?: string): ApiError => {
  const code = codeOfStatus(status);
  return new ApiError({ code, message: messageFor(code, operation), status, detail });
};

const codeOfStatus = (status: number): HttpErrorCode =>
  ({ 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict' } as const)[status] ?? (status >= 500 ? 'server' : 'invalid_request');

/** Network errors, timeouts and 5xx may pass on their own; everything else will not. */
export const isTransient = (error: SessionError): boolean =>
  error.code === 'network' || error.code === 'timeout' || error.code === 'server';

/** The server no longer recognises the session or its token. */
export const isSessionGone = (error: SessionError): boolean => error.code === 'unauthorized' || error.code === 'not_found';

/** Turns anything a request rejected with into a plain {@link SessionError} value. */
export const toSessionError = (error: unknown): SessionError =>
  error instanceof ApiError ? error.value : { code: 'network', message: messages.network };

/** The "your session expired" notice of R10. */
export const sessionExpired = (): SessionError => ({ code: 'session_expired', message: messages.session_expired });
