import { CREATE, expect, LOGIN, RESTORE, test, UPGRADE } from 'session-first/playwright';
import { ada, sessionIs, signIn } from './support.ts';

// Runs against `vite` (development build): React.StrictMode renders twice and runs every effect
// twice on mount. The session request must still go out exactly once per page load (SPEC R1).

test.beforeAll(async ({ browser }, testInfo) => {
  // A first load makes Vite transform and cache everything, so the test's own loads are plain page loads.
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByTestId('session-status')).toHaveText('anonymous', { timeout: 60_000 });
  await context.close();
});

test('StrictMode in development: one session request per page load', async ({ page, requests }) => {
  let loads = 0;
  page.on('load', () => loads++);

  await page.goto('/');
  const id = await sessionIs(page, 'anonymous');
  await requests.expectCalls([CREATE]);
  // This really is the dev server, serving the UI module that renders under <StrictMode>.
  await expect(page.locator('script[src="/@vite/client"]')).toHaveCount(1);
  const ui = await page.evaluate(() => fetch('/src/demo/renderDemo.tsx').then((r) => r.text()));
  expect(ui).toContain('StrictMode');

  let mark = requests.mark();
  await page.reload();
  await expect(page.getByTestId('session-id')).toHaveText(id);
  await expect(page.getByTestId('session-status')).toHaveText('anonymous');
  await requests.expectCalls([RESTORE], { since: mark });

  // A protected page: the guard mounts, redirects, the login page mounts; still one request.
  mark = requests.mark();
  await page.goto('/settings');
  await expect(page).toHaveURL('/login?returnTo=%2Fsettings');
  await expect(page.getByTestId('session-id')).toHaveText(id);
  await requests.expectCalls([RESTORE], { since: mark });

  // And a login is two requests, not four.
  mark = requests.mark();
  await signIn(page, ada);
  await expect(page).toHaveURL('/settings');
  await expect(page.getByTestId('session-status')).toHaveText('authenticated');
  await requests.expectCalls([LOGIN, UPGRADE], { since: mark });
  // Exactly the three loads the test made: no reload by Vite in between.
  expect(loads).toBe(3);
});
