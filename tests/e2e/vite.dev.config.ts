import { defineConfig, mergeConfig } from 'vite';
import base from '../../vite.config.ts';

/**
 * The demo's own Vite config, for the e2e dev-server test: same app, same plugins, StrictMode
 * included. Only the dependency cache is separate, so the test's server does not fight over
 * `node_modules/.vite` with a developer's `npm start` running at the same time.
 */
export default mergeConfig(
  base,
  defineConfig({
    cacheDir: 'node_modules/.vite-e2e',
    // Listed up front, so the first page load never triggers a re-optimisation and a reload.
    optimizeDeps: {
      include: ['react', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-dom/client', 'react-router', 'xstate', '@xstate/react', 'msw', 'msw/browser'],
    },
  }),
);
