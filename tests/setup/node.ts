/**
 * Runs the MSW mock backend for every test file (node and jsdom projects), resets it between
 * tests, and at the end checks every response a mock backend produced against the OpenAPI
 * contract, strictly (no field the document does not list), the admin API's included.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { mockBackend } from '../../mocks/index.ts';
import { server } from '../../mocks/node.ts';
import { watchedBackends } from '../support/backends.ts';
import { scenarioOf, takeContractViolations, watchResponse } from '../support/contractWatch.ts';

server.events.on('response:mocked', ({ request, response, requestId }) => {
  const { pathname } = new URL(request.url);
  // Only the mock backends' own answers are checked: a test may answer anything via server.use().
  // Tests never override the admin API, so whatever answered it is a mock backend.
  for (const backend of watchedBackends) {
    const scenario = scenarioOf(backend, requestId, pathname);
    if (scenario === undefined) continue;
    watchResponse(request, response, scenario);
    return;
  }
});

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
  const { violations } = await takeContractViolations();
  if (violations.length > 0) {
    throw new Error(
      `${violations.length} mock response(s) break the OpenAPI contract (src/api/openapi.yaml):\n- ${violations.join('\n- ')}`,
    );
  }
});
