import { http, HttpResponse, type HttpResponseResolver, type RequestHandler } from 'msw';
import type { MockCore } from '../core/createMockCore.ts';
import { IN_PAGE_HEADER, IN_PAGE_VALUE } from '../inPageHeader.ts';
import { REQUEST_LOG_EVENT } from '../requestLogEvent.ts';

/** Tells the page (its developer panel) that the log changed; nothing to tell outside a page. */
const announceLogChange = () => {
  if (typeof dispatchEvent === 'function') dispatchEvent(new Event(REQUEST_LOG_EVENT));
};

/**
 * MSW handlers over a mock backend core, on any origin: one per resource (sessions, auth, the
 * admin API), and one for every other path under `/api/`, which the backend answers 404 as
 * FastAPI does instead of letting the request reach the network. Anything else is not handled.
 * The admin API's answers say that this mock runs in the page ({@link IN_PAGE_HEADER}), and every
 * change of its request log is announced on the page ({@link REQUEST_LOG_EVENT}).
 */
export function createMockHandlers(core: MockCore): RequestHandler[] {
  core.requestLog.subscribe(announceLogChange);
  const answer = async ({ request, requestId }: { request: Request; requestId: string }): Promise<Response> => {
    const response = await core.handle(request, { requestId });
    return response.type === 'error' ? HttpResponse.error() : response;
  };
  const forward: HttpResponseResolver = answer;
  const forwardAdmin: HttpResponseResolver = async (info) => {
    const response = await answer(info);
    if (response.type === 'error') return response;
    const marked = new Response(response.body, response);
    marked.headers.set(IN_PAGE_HEADER, IN_PAGE_VALUE);
    return marked;
  };
  return [
    http.all('*/api/session/*', forward),
    http.all('*/api/auth/*', forward),
    http.all('*/__mock/*', forwardAdmin),
    http.all('*/api/*', forward),
  ];
}
