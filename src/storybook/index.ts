/**
 * `session-first/storybook`: put a user's own stories in any session state and backend scenario.
 *
 * ```tsx
 * // .storybook/preview.tsx
 * import { sessionDecorator, sessionGlobalTypes, sessionLoader } from 'session-first/storybook';
 * export default { loaders: [sessionLoader], decorators: [sessionDecorator], globalTypes: sessionGlobalTypes, initialGlobals: { sessionScenario: '' } };
 * ```
 */
export { SessionRouter, type SessionRouterProps } from './SessionRouter.tsx';
export { sessionDecorator } from './sessionDecorator.tsx';
export { sessionGlobalTypes } from './sessionGlobalTypes.ts';
export { sessionLoader, sessionOf, type SessionLoaderContext } from './sessionLoader.ts';
export { storySessionStates, type SessionParameters, type StorySessionState } from './sessionParameters.ts';
export type { StorySession } from './startStorySession.ts';
export type { HeldNavigation } from './navigationHold.ts';
