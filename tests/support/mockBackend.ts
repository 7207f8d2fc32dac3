/**
 * The mock backend the tests' MSW server answers with (`session-first/mocks/node` serves the
 * default `mockBackend`; tests/setup/node.ts resets it between tests), and request filters of the
 * five endpoints for its request log.
 */
import { mockBackend } from '../../mocks/index.ts';

export const backend = mockBackend;

export const CREATE = { method: 'POST', path: '/api/session/create-anonymous' };
export const GET = { method: 'GET', path: /^\/api\/session\/(?!create-anonymous)[^/]+$/ };
export const UPGRADE = { method: 'PATCH', path: /\/upgrade$/ };
export const LOGIN = { method: 'POST', path: '/api/auth/login' };
export const LOGOUT = { method: 'POST', path: /\/logout$/ };
