import { chromiumLaunchOptions } from './scripts/chromium.mjs';
import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests of the demo (tests/e2e): the production build served by `vite preview`, one
 * test against the dev server (`vite`) for StrictMode, and the demo built for a real experience
 * API (`VITE_EXPERIENCE_API_URL`) against the mock over HTTP. Playwright cannot download browsers
 * here, so Chromium comes from the system (`CHROMIUM_PATH`, default Debian's /usr/bin/chromium).
 */
const PREVIEW_PORT = Number(process.env.E2E_PREVIEW_PORT ?? 4391);
const DEV_PORT = Number(process.env.E2E_DEV_PORT ?? 5391);
const REAL_PREVIEW_PORT = Number(process.env.E2E_REAL_PREVIEW_PORT ?? 4392);
/** Where the real-backend build expects its experience API; real-backend.spec.ts serves it there. */
const REAL_API_PORT = Number(process.env.E2E_REAL_API_PORT ?? 4393);
const HOST = '127.0.0.1';
const REAL_API_URL = `http://${HOST}:${REAL_API_PORT}`;
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
      testIgnore: ['**/dev-server.spec.ts', '**/real-backend.spec.ts', ...(process.env.SCREENSHOTS ? [] : ['**/screenshots.spec.ts'])],
      use: { baseURL: `http://${HOST}:${PREVIEW_PORT}` },
    },
    {
      name: 'dev-server',
      testMatch: '**/dev-server.spec.ts',
      use: { baseURL: `http://${HOST}:${DEV_PORT}` },
    },
    {
      name: 'real-backend',
      testMatch: '**/real-backend.spec.ts',
      use: { baseURL: `http://${HOST}:${REAL_PREVIEW_PORT}` },
      metadata: { apiUrl: REAL_API_URL },
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
      // The demo for a real experience API: no mock in it, built into its own folder.
      command: `${bin}/vite build --outDir dist/demo-real && ${bin}/vite preview --outDir dist/demo-real --host ${HOST} --port ${REAL_PREVIEW_PORT} --strictPort`,
      env: { VITE_EXPERIENCE_API_URL: REAL_API_URL },
      url: `http://${HOST}:${REAL_PREVIEW_PORT}/`,
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
