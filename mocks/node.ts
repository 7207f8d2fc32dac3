import { setupServer } from 'msw/node';
import { handlers } from './handlers/index.ts';

/** The mock backend in Node (tests): `server.listen()` intercepts `fetch`. */
export const server = setupServer(...handlers);
