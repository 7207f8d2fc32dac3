/**
 * `session-first/storybook`: put a user's own stories in any session state and backend scenario.
 */
export { SessionRouter, type SessionRouterProps } from './SessionRouter.tsx';
