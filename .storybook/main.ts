import type { StorybookConfig } from '@storybook/react-vite';

/**
 * Storybook for session-first: every story runs over the real session machine and the MSW mock
 * backend, through `session-first/storybook` as any app's Storybook would; the service worker is
 * `public/mockServiceWorker.js`.
 */
const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  // StrictMode comes from a decorator of preview.tsx, so that story tests have it too.
  framework: '@storybook/react-vite',
  staticDirs: ['../public'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
};

export default config;
