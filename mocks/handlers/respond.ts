import type {
  HTTPError,
  HTTPValidationError,
  LoginResponse,
  SessionEnvelope,
  SessionWithToken,
  ValidationErrorItem,
} from '../../src/api/types.ts';

/** The statuses the experience API documents for errors with a `{detail: string}` body. */
export type ErrorStatus = 401 | 403 | 404 | 409 | 503;

/** What an endpoint answers, before the scenario and transport layer turns it into a Response. */
export type MockReply =
  | { status: 200; body: SessionEnvelope | SessionWithToken | LoginResponse }
  | { status: 201; body: SessionWithToken }
  | { status: 204; body?: undefined }
  | { status: ErrorStatus; body: HTTPError }
  | { status: 422; body: HTTPValidationError };

/** Constructors of {@link MockReply}, typed by the contract. */
export const respond = {
  ok(body: SessionEnvelope | SessionWithToken | LoginResponse): MockReply {
    return { status: 200, body };
  },
  created(body: SessionWithToken): MockReply {
    return { status: 201, body };
  },
  noContent(): MockReply {
    return { status: 204 };
  },
  /** FastAPI's `{"detail": "..."}` error. */
  error(status: ErrorStatus, detail: string): MockReply {
    return { status, body: { detail } };
  },
  /** FastAPI's 422 `{"detail": [{loc, msg, type}, ...]}`. */
  invalid(errors: [ValidationErrorItem, ...ValidationErrorItem[]]): MockReply {
    return { status: 422, body: { detail: errors } };
  },
};
