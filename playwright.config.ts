import { chromiumLaunchOptions } from './scripts/chromium.mjs';
import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests of the demo (tests/e2e): the production build served by `vite preview`, and
 * one test against the dev server (`vite`) for StrictMode. Playwright cannot download browsers
 * here, so Chromium comes from the system (`CHROMIUM_PATH`, default Debian's /usr/bin/chromium).
 */
const PREVIEW_PORT = Number(process.env.E2E_PREVIEW_PORT ?? 4391);
const DEV_PORT = Number(process.env.E2E_DEV_PORT ?? 5391);
const HOST = '127.0.0.1';
const bin = './node_modules/.bin';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    ...devices['Desktop Chrome'],
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    {
      name: 'build',
      // The screenshots are regenerated on demand (`npm run screenshots`), not on every run.
      testIgnore: ['**/dev-server.spec.ts', ...(process.env.SCREENSHOTS ? [] : ['**/screenshots.spec.ts'])],
      use: { baseURL: `http://${HOST}:${PREVIEW_PORT}` },
    },
    {
      name: 'dev-server',
      testMatch: '**/dev-server.spec.ts',
      use: { baseURL: `http://${HOST}:${DEV_PORT}` },
    },
  ],
  webServer: [
    {
      // Built once per run, then served as static files (what a hosted demo does).
      command: `npm run build && ${bin}/vite preview --host ${HOST} --port ${PREVIEW_PORT} --strictPort`,
      url: `http://${HOST}:${PREVIEW_PORT}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `${bin}/vite --config tests/e2e/vite.dev.config.ts --host ${HOST} --port ${DEV_PORT} --strictPort`,
      url: `http://${HOST}:${DEV_PORT}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
