/**
 * Runs the MSW mock backend for every test file (node and jsdom projects), resets it between
 * tests, and at the end checks every response the mock produced against the OpenAPI contract,
 * strictly (no field the document does not list), the admin API's included.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { mockBackend, type ScenarioName } from '../../mocks/index.ts';
import { server } from '../../mocks/node.ts';
import { watchedBackends } from '../support/backends.ts';
import { validateResponse } from '../support/contract.ts';

interface ProducedResponse {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  body: string;
  scenario: ScenarioName | null;
}

const produced: Promise<ProducedResponse | string>[] = [];

/** The scenario a mock backend answered the request under; null for the admin API, undefined if no backend did. */
function scenarioOf(requestId: string, pathname: string): ScenarioName | null | undefined {
  // Tests never override the admin API, so whatever answered it is the mock.
  if (pathname.startsWith('/__mock/')) return null;
  for (const backend of watchedBackends) {
    const entry = backend.requestLog.entries().findLast((e) => e.request_id === requestId);
    if (entry) return entry.scenario;
  }
  return undefined;
}

server.events.on('response:mocked', ({ request, response, requestId }) => {
  const { method } = request;
  const { pathname } = new URL(request.url);
  // Only the mock backends' own answers are checked: a test may answer anything via server.use().
  const scenario = scenarioOf(requestId, pathname);
  if (scenario === undefined) return;
  const copy = response.clone();
  produced.push(
    copy.text().then(
      (body) => ({ method, path: pathname, status: copy.status, headers: copy.headers, body, scenario }),
      (error: unknown) => `${method} ${pathname}: could not read the response body: ${String(error)}`,
    ),
  );
});

/** Problems of one response; `malformed-response` successes with a body must NOT conform. */
function contractViolations(response: ProducedResponse): string[] {
  const problems = validateResponse(response);
  const hasBody = response.status >= 200 && response.status < 300 && response.status !== 204;
  if (response.scenario === 'malformed-response' && hasBody) {
    return problems.length > 0
      ? []
      : [`${response.method} ${response.path} → ${response.status}: the malformed-response scenario answered a conforming body`];
  }
  return problems.map((p) => `${p} [scenario ${response.scenario ?? 'none: admin API'}]`);
}

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});

afterEach(async () => {
  server.resetHandlers();
  for (const backend of watchedBackends) if (backend !== mockBackend) watchedBackends.delete(backend);
  await mockBackend.reset();
});

afterAll(async () => {
  server.close();
  const responses = await Promise.all(produced);
  produced.length = 0;
  const violations = responses.flatMap((r) => (typeof r === 'string' ? [r] : contractViolations(r)));
  if (violations.length > 0) {
    throw new Error(
      `${violations.length} mock response(s) break the OpenAPI contract (src/api/openapi.yaml):\n- ${violations.join('\n- ')}`,
    );
  }
});
