import { setupServer } from 'msw/node';
import { mockBackend } from './mockBackend.ts';

/** MSW in Node over the default {@link mockBackend}: `server.listen()` intercepts `fetch`. */
export const server = setupServer(...mockBackend.handlers);
