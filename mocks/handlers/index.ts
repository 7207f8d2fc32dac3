import { authHandlers } from './auth.ts';
import { sessionHandlers } from './session.ts';

/** Every handler of the mock experience API, for `setupWorker`, `setupServer` or Storybook. */
export const handlers = [...sessionHandlers, ...authHandlers];
