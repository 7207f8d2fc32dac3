import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { createMockBackend, startMockServer, type MockServer } from 'session-first/mocks';
import { CREATE, expect, LOGIN, LOGOUT, RequestRecorder, RESTORE, test, UPGRADE } from 'session-first/playwright';
import { startFastApi, type RunningServer } from '../check-backend/support/fastApiServer.ts';
import { ada, badge, openDevPanel, sessionIs, signIn } from './support.ts';

// The demo built with VITE_EXPERIENCE_API_URL (dist/demo-real, see playwright.config.ts), against
// the mock served over HTTP at that address (a real backend as far as the page can tell) and
// against the reference FastAPI app (tests/fastapi/app.py) served there.

test.describe.configure({ mode: 'serial' });

/** The address the build was made for (`metadata.apiUrl` of the real-backend project). */
const apiUrlOf = (testInfo: TestInfo): string => {
  const { apiUrl } = testInfo.project.metadata as { apiUrl?: string };
  if (!apiUrl) throw new Error('the real-backend project names no apiUrl in its metadata');
  return apiUrl;
};

const portOf = (url: string) => Number(new URL(url).port);

/** Every request the page sends to the experience API at `apiUrl`. */
const trafficTo = (page: Page, apiUrl: string) => new RequestRecorder({ apiURL: apiUrl }).attach(page);

const serviceWorkers = (page: Page) => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);

/** Every file of a build, with its text. */
async function* filesOf(dir: string): AsyncGenerator<{ path: string; text: string }> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesOf(path);
    else yield { path, text: await readFile(path, 'utf8') };
  }
}

/** Where a build names MSW or its service worker script. */
async function mswMarkersIn(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const { path, text } of filesOf(dir)) if (/mockServiceWorker|\bMSW\b/.test(path + text)) found.push(path);
  return found;
}

/** A protected page, the login page it sends to, back signed in: the session id, the same throughout. */
async function signInThroughDashboard(page: Page): Promise<string> {
  await page.goto('/dashboard');
  await expect(page).toHaveURL('/login?returnTo=%2Fdashboard');
  const id = await sessionIs(page, 'anonymous');
  await signIn(page, ada);
  await expect(page).toHaveURL('/dashboard');
  expect(await sessionIs(page, 'authenticated')).toBe(id);
  return id;
}

let server: MockServer | RunningServer | null = null;

test.afterEach(async () => {
  await server?.close();
  server = null;
});

test('signs in against the experience API at its address: no service worker, the panel names the backend and offers no mock controls', async ({ page }, testInfo) => {
  const apiUrl = apiUrlOf(testInfo);
  server = await startMockServer({ port: portOf(apiUrl) });
  const api = trafficTo(page, apiUrl);

  await signInThroughDashboard(page);
  // A real backend gives no names: the page shows the user's id.
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, usr_ada' })).toBeVisible();
  await api.expectCalls([CREATE, LOGIN, UPGRADE]);
  expect(await serviceWorkers(page)).toBe(0);

  // A mock behind an HTTP server is a backend like any other to the panel (SPEC §5): its
  // address and the requests the page saw, no mock controls (those need the mock in the page).
  const panel = await openDevPanel(page);
  await expect(panel.getByText(`Backend: ${apiUrl}`)).toBeVisible();
  await expect(panel.getByText(/no mock runs in this page/i)).toBeVisible();
  await expect(panel.getByLabel('Backend scenario')).toHaveCount(0);
  await expect(panel.getByText('3 requests seen.')).toBeVisible();
  await expect(panel.getByRole('table').getByRole('row')).toHaveCount(4);
});

test('a backend with no mock admin API: its address, no mock controls, the requests the page saw', async ({ page }, testInfo) => {
  const apiUrl = apiUrlOf(testInfo);
  const backend = createMockBackend();
  // What a real experience API is to the panel: the API answers, `/__mock/...` is 404.
  server = await startMockServer({
    port: portOf(apiUrl),
    backend: {
      handle: (request, context) =>
        new URL(request.url).pathname.startsWith('/__mock/')
          ? Promise.resolve(Response.json({ detail: 'Not Found' }, { status: 404 }))
          : backend.handle(request, context),
    },
  });

  await page.goto('/');
  await sessionIs(page, 'anonymous');
  expect(await serviceWorkers(page)).toBe(0);
  const panel = await openDevPanel(page);
  await expect(panel.getByText(`Backend: ${apiUrl}`)).toBeVisible();
  await expect(panel.getByText(/no mock runs in this page/i)).toBeVisible();
  await expect(panel.getByLabel('Backend scenario')).toHaveCount(0);
  await expect(panel.getByText('1 request seen.')).toBeVisible();
  await expect(panel.getByRole('table').getByRole('row').nth(1)).toContainText('/api/session/create-anonymous');
});

test('on the reference FastAPI app: sign-in, a reload that keeps the session, sign-out, all across origins', async ({ page, baseURL }, testInfo) => {
  const apiUrl = apiUrlOf(testInfo);
  server = await startFastApi({ port: portOf(apiUrl), corsOrigin: new URL(baseURL!).origin });
  const api = trafficTo(page, apiUrl);

  const id = await signInThroughDashboard(page);
  await api.expectCalls([CREATE, LOGIN, UPGRADE]);

  let mark = api.mark();
  await page.reload();
  expect(await sessionIs(page, 'authenticated')).toBe(id);
  await api.expectCalls([RESTORE], { since: mark });

  mark = api.mark();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(badge(page).status).toHaveText('anonymous');
  expect(await sessionIs(page, 'anonymous')).not.toBe(id);
  await api.expectCalls([LOGOUT, CREATE], { since: mark });
  expect(await serviceWorkers(page)).toBe(0);
  const panel = await openDevPanel(page);
  await expect(panel.getByText(/no mock runs in this page/i)).toBeVisible();
});

test('the build for a real backend has no MSW code; the mock build has it', async () => {
  expect(await mswMarkersIn('dist/demo-real')).toEqual([]);
  expect(await mswMarkersIn('dist/demo')).not.toEqual([]);
});
