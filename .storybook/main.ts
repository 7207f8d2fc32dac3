import type { StorybookConfig } from '@storybook/react-vite';

/**
 * Storybook for session-first: every story runs over the real session machine and the MSW mock
 * backend, through `session-first/storybook` as any app's Storybook would; the service worker is
 * `public/mockServiceWorker.js`.
 */
const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  framework: {
    name: '@storybook/react-vite',
    // The demo app renders under StrictMode; so do the stories (one session request per load still).
    options: { strictMode: true },
  },
  staticDirs: ['../public'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
};

export default config;
