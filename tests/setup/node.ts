/**
 * Runs the MSW mock backend for every test file (node and jsdom projects), resets it between
 * tests, and at the end checks every response the mock produced against the OpenAPI contract.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { requestLog, resetMock, type ScenarioName } from '../../mocks/index.ts';
import { server } from '../../mocks/node.ts';
import { validateResponse } from '../support/contract.ts';

interface ProducedResponse {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  body: string;
  scenario: ScenarioName;
}

const produced: Promise<ProducedResponse | string>[] = [];

server.events.on('response:mocked', ({ request, response, requestId }) => {
  // Only the mock backend's own answers are checked: a test may answer anything via server.use().
  const entry = requestLog.entries().findLast((e) => e.requestId === requestId);
  if (!entry) return;
  const { scenario } = entry;
  const { method } = request;
  const { pathname } = new URL(request.url);
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
  return problems.map((p) => `${p} [scenario ${response.scenario}]`);
}

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});

afterEach(() => {
  server.resetHandlers();
  resetMock();
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
