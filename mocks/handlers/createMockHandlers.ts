import { http, HttpResponse, type HttpResponseResolver, type RequestHandler } from 'msw';
import type { MockCore } from '../core/createMockCore.ts';

/**
 * MSW handlers over a mock backend core, on any origin: one per resource (sessions, auth, the
 * admin API), and one for every other path under `/api/`, which the backend answers 404 as
 * FastAPI does instead of letting the request reach the network. Anything else is not handled.
 */
export function createMockHandlers(core: MockCore): RequestHandler[] {
  const forward: HttpResponseResolver = async ({ request, requestId }) => {
    const response = await core.handle(request, { requestId });
    return response.type === 'error' ? HttpResponse.error() : response;
  };
  return [
    http.all('*/api/session/*', forward),
    http.all('*/api/auth/*', forward),
    http.all('*/__mock/*', forward),
    http.all('*/api/*', forward),
  ];
}
