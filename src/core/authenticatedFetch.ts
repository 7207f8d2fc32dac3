import type { SessionActorRef } from './sessionMachine.ts';

/**
 * A `fetch` for the app's own calls to the experience API: requests to the API's origin carry the
 * session token (`X-Session-Token`), requests to any other origin go out untouched. A request that
 * carries the token does not follow redirects (it fails instead). A 401 from the API makes the
 * session check itself with the server at once (R15).
 */
export const createAuthenticatedFetch =
  (actor: SessionActorRef): typeof fetch =>
  async (input, init) => {
    const request = new Request(input, init);
    const { client, stored } = actor.getSnapshot().context;
    const send = client.options.fetch ?? fetch;
    const apiOrigin = new URL(client.options.baseUrl || '/', globalThis.location?.href).origin;
    if (!stored || new URL(request.url).origin !== apiOrigin) return send(request);
    // A redirect would take the token along to wherever it points: it is refused instead.
    const withToken = new Request(request, { redirect: 'error' });
    withToken.headers.set('X-Session-Token', stored.session_token);
    const sentAt = Date.now();
    const response = await send(withToken);
    if (response.status === 401) actor.send({ type: 'api.unauthorized', sentAt });
    return response;
  };
