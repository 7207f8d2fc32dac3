/**
 * The session state as a control: a story's `state` arg puts its session in that state (see
 * `session-first/storybook`); each change in the Controls panel is a new page load.
 */
import type { SessionParameters, StorySessionState } from 'session-first/storybook';
import { storySessionStates } from 'session-first/storybook';

/** Args of a story whose session state is a control. */
export interface SessionStateArgs {
  state: StorySessionState;
}

/** The `state` control, for a meta's `argTypes`. */
export const stateArgType = {
  control: 'select',
  options: storySessionStates,
  description: 'The session state the story starts in (a change is a new page load).',
  table: { category: 'Session' },
} as const;

/** `parameters.session.fromArgs` for a story whose only session arg is `state`. */
export const sessionOfState = ({ state }: SessionStateArgs): SessionParameters => ({ state });

/** Ada, a demo account of the mock backend. */
export const ada = { email: 'ada@acme.test', password: 'demo-pass-1' } as const;
