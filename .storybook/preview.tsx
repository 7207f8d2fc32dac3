import '../src/demo/styles.css';
import type { Preview } from '@storybook/react-vite';
import { StrictMode, type ReactNode } from 'react';
import { sessionDecorator, sessionGlobalTypes, sessionLoader } from 'session-first/storybook';
import { withDemoBackend } from '../stories/support/demoBackend.tsx';

/**
 * The demo renders under StrictMode, so do the stories, the session providers included (later
 * decorators wrap earlier ones). A decorator rather than the framework's `strictMode` option,
 * which story tests run by Vitest do not read.
 */
const withStrictMode = (Story: () => ReactNode) => (
  <StrictMode>
    <Story />
  </StrictMode>
);

/**
 * Every story runs over the real session machine and a mock backend of its own (see
 * `session-first/storybook`): `parameters.session` puts it in a session state and a scenario, and
 * the toolbar's `Backend scenario` reruns it under another scenario.
 */
const preview: Preview = {
  loaders: [sessionLoader],
  decorators: [sessionDecorator, withDemoBackend, withStrictMode],
  globalTypes: sessionGlobalTypes,
  initialGlobals: { sessionScenario: '' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    // Retries come quickly in stories; the failed state is reached after 3 tries in 300 ms.
    session: { backoff: 100 },
    // axe-core checks every story after its play function; a violation fails the story's test.
    // Details are gathered for violations only (passes and incomplete results are not described),
    // which keeps the check short.
    a11y: { test: 'error', options: { resultTypes: ['violations'] } },
  },
};

export default preview;
