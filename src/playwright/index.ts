/** `session-first/playwright`: fixtures for a user's own end-to-end tests. */
export {};
