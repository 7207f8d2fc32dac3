/** What the transport scenarios do to a request before and after the endpoint has run. */
import type { MockSnapshot } from '../state/mockSnapshot.ts';
import { reply, type MockReply, type ReplyBody } from './replies.ts';

const SERVICE_UNAVAILABLE = 'Service temporarily unavailable';

/**
 * `offline`: a network error; `server-down`: 503; `flaky`: 503 for the 1st, 3rd, 5th... request
 * since it was selected (counted in the shared state, so across tabs). Null: serve the request.
 */
export function transportFault(snapshot: MockSnapshot): 'network-error' | MockReply | null {
  switch (snapshot.scenario) {
    case 'offline':
      return 'network-error';
    case 'server-down':
      return reply.error(503, SERVICE_UNAVAILABLE);
    case 'flaky':
      snapshot.flaky_count += 1;
      return snapshot.flaky_count % 2 === 1 ? reply.error(503, SERVICE_UNAVAILABLE) : null;
    default:
      return null;
  }
}

function toCamelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * The `malformed-response` body: every snake_case key renamed to camelCase, all the way down, so
 * `session_token`, `session_id`, `access_token`... are missing under their documented names.
 * Bodies nest at most a hundred levels (the request depth limit), so recursion is safe here.
 */
function malform(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(malform);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [toCamelCase(key), malform(inner)]));
}

/** A success with a body gets the `malformed-response` treatment; errors and 204 stay as documented. */
export function malformReply(answer: MockReply): MockReply {
  if (answer.status >= 300 || answer.body === undefined) return answer;
  // The whole point of this scenario is a body the contract does not describe.
  return { ...answer, body: malform(answer.body) as ReplyBody };
}
