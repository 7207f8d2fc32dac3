import '../src/demo/styles.css';
import type { Preview } from '@storybook/react-vite';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { scenarios } from '../mocks/index.ts';
import { withDemoBackend } from '../stories/support/demoBackend.tsx';
import { sessionBeforeEach, sessionLoader, storyBackend, withSession } from './session.tsx';

const preview: Preview = {
  loaders: [
    // The mock backend's handlers are the worker's initial handlers: they survive the addon's
    // reset between stories; `parameters.msw` adds per-story overrides in front of them.
    mswLoader(async () => {
      const worker = setupWorker(...storyBackend.handlers);
      await worker.start({
        onUnhandledRequest: 'bypass',
        quiet: true,
        serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
      });
      return worker;
    }),
    sessionLoader,
  ],
  beforeEach: sessionBeforeEach,
  decorators: [withSession, withDemoBackend],
  globalTypes: {
    scenario: {
      description: 'Backend scenario of the mock experience API (overrides the story’s own)',
      toolbar: {
        title: 'Backend scenario',
        icon: 'transfer',
        dynamicTitle: true,
        items: [
          { value: '', title: 'Backend scenario: story default' },
          ...scenarios.map((s) => ({ value: s.name, title: s.name, right: s.description })),
        ],
      },
    },
  },
  initialGlobals: { scenario: '' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
