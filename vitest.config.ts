import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, mergeConfig } from 'vitest/config';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      // Most test files spend their time waiting (answers held back, retries, timers, child
      // processes), not computing: twice as many workers as cores keeps both cores busy.
      maxWorkers: '200%',
      projects: [
        {
          extends: true,
          test: {
            name: 'node',
            include: ['tests/**/*.test.ts'],
            // Test files share their worker's modules (the mock, MSW, the contract's schemas):
            // loading them for each file cost about a second a file. The setup file resets what
            // they hold between tests.
            isolate: false,
            exclude: ['tests/browser/**', 'tests/e2e/**', 'tests/check-backend/**', 'tests/fastapi/**'],
            environment: 'node',
            // As in the dom project: the longest files send a few hundred requests in under a
            // second here, past 5 s beside other workers on a busy machine; still a failure for a hang.
            testTimeout: 15_000,
            setupFiles: ['tests/setup/node.ts'],
          },
        },
        {
          // Real HTTP to FastAPI and to test servers (check-backend, the library on FastAPI): MSW must not intercept it.
          extends: true,
          test: {
            name: 'real-http',
            include: ['tests/check-backend/**/*.test.ts', 'tests/fastapi/**/*.test.ts'],
            environment: 'node',
          },
        },
        {
          extends: true,
          test: {
            name: 'dom',
            include: ['tests/**/*.test.tsx'],
            isolate: false,
            exclude: ['tests/browser/**', 'tests/e2e/**'],
            environment: 'jsdom',
            // Whole user flows under StrictMode take about 1 s here, past 5 s on a machine busy
            // with something else: room for a slow machine, still a failure for a hang.
            testTimeout: 15_000,
            setupFiles: ['tests/setup/node.ts', 'tests/setup/dom.ts'],
          },
        },
        {
          // Every story in stories/ runs as a test (render + play function) in Chromium.
          extends: true,
          plugins: [storybookTest({ configDir: fileURLToPath(new URL('./.storybook', import.meta.url)) })],
          // Pre-bundled up front: discovering them mid-run made Vite reload the page.
          optimizeDeps: { include: ['msw', 'msw/browser', 'axe-core'] },
          test: {
            name: 'storybook',
            browser: {
              enabled: true,
              headless: true,
              provider: playwright({
                launchOptions: chromiumLaunchOptions,
              }),
              instances: [{ browser: 'chromium' }],
            },
          },
        },
      ],
    },
  }),
);
