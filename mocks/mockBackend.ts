import { createMockBackend } from './createMockBackend.ts';

/**
 * A ready backend in memory, with the defaults (for `mocks/node.ts` and simple set-ups). It does
 * nothing until its first request; `await mockBackend.reset()` between tests.
 */
export const mockBackend = createMockBackend();
