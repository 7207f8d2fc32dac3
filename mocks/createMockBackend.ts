import type { RequestHandler } from 'msw';
import { createMockCore, type MockBackendOptions, type MockCore } from './core/createMockCore.ts';
import { createMockHandlers } from './handlers/createMockHandlers.ts';

/** A mock backend with its MSW handlers: `setupWorker(...backend.handlers)`, `setupServer(...)`. */
export interface MockBackend extends MockCore {
  readonly handlers: readonly RequestHandler[];
}

/**
 * Creates a mock backend: the experience API and the admin API over one store, with its own
 * request log. Effect-free until its first request. See {@link MockBackendOptions}.
 */
export function createMockBackend(options: MockBackendOptions = {}): MockBackend {
  const core = createMockCore(options);
  return { ...core, handlers: createMockHandlers(core) };
}
