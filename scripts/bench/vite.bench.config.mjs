// The demo's Vite config for the bench's dev server: the same app and plugins (StrictMode
// included), with its own dependency cache so it does not fight with a developer's `npm start`
// or the e2e suite, and the dependencies listed up front so the first load is never
// interrupted by a re-optimisation reload (which would send a second session request).
import { defineConfig, mergeConfig } from 'vite';
import base from '../../vite.config.ts';

export default mergeConfig(
  base,
  defineConfig({
    cacheDir: 'node_modules/.vite-bench',
    optimizeDeps: {
      include: ['react', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-dom/client', 'react-router', 'xstate', '@xstate/react', 'msw', 'msw/browser'],
    },
  }),
);
