/**
 * The mock backends of a test run: the default one behind the MSW server (reset between tests
 * by tests/setup/node.ts) and those a test puts in front of it with {@link useBackend}. The setup
 * checks every response of these against the OpenAPI contract.
 */
import { createMockBackend, mockBackend, type MockBackend, type MockBackendOptions } from '../../mocks/index.ts';
import { server } from '../../mocks/node.ts';

/** Backends whose MSW answers the setup checks against the contract. */
export const watchedBackends = new Set<MockBackend>([mockBackend]);

/**
 * A backend of its own for one test (a fixed clock, other settings...), answering every request
 * through the MSW server until the handlers are reset after the test.
 */
export function useBackend(options: MockBackendOptions = {}): MockBackend {
  const backend = createMockBackend(options);
  server.use(...backend.handlers);
  watchedBackends.add(backend);
  return backend;
}
