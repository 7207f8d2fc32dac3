import type { RequestHandler } from 'msw';
import { mockBackend } from './mockBackend.ts';

/**
 * The MSW handlers of the ready in-memory {@link mockBackend}: `setupServer(...handlers)` in Node
 * or a test runner. In a browser page use `session-first/mocks/browser`, whose backend all tabs share.
 */
export const handlers: readonly RequestHandler[] = mockBackend.handlers;
