import { scenarios } from '../../mocks/scenarios.ts';

/**
 * Storybook global types (`globalTypes: sessionGlobalTypes`): a `Backend scenario` menu in the
 * toolbar that reruns the story on view under another scenario of the mock; its first entry
 * (value `''`) keeps the story's own. Set `initialGlobals: { sessionScenario: '' }` with it.
 */
export const sessionGlobalTypes = {
  sessionScenario: {
    description: 'Backend scenario of the mock experience API (overrides the story’s own)',
    toolbar: {
      title: 'Backend scenario',
      icon: 'transfer' as const,
      dynamicTitle: true,
      items: [
        { value: '', title: 'Backend scenario: story default' },
        ...scenarios.map((scenario) => ({ value: scenario.name, title: scenario.name, right: scenario.description })),
      ],
    },
  },
};
