import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type AxeCore from 'axe-core';
import { expect, test } from 'session-first/playwright';
import { ada, badge, chooseScenario, openDevPanel, sessionIs, signIn } from './support.ts';

// axe-core, run in the page, on every page and state of the demo: each must have no violation.

declare global {
  interface Window {
    axe: typeof AxeCore;
  }
}

const axeScript = createRequire(import.meta.url).resolve('axe-core');

/** One violation, short enough to read in a failure message: the rule, its impact, where. */
interface Found {
  rule: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core on the page as it is now; prints and returns what it found. */
async function axeFinds(page: Page, what: string): Promise<Found[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axeScript });
  const found = await page.evaluate(async () =>
    (await window.axe.run()).violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    })),
  );
  console.log(`axe-core: ${what}: ${found.length} violation${found.length === 1 ? '' : 's'}`);
  return found;
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await axeFinds(page, what), what).toEqual([]);
}

/** Sets the mock's latency through its admin API (shared by the context's tabs). */
const setLatency = (page: Page, ms: number) =>
  page.evaluate(
    (latency) => fetch('/__mock/latency', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms: latency }) }),
    ms,
  );

/** Signs in as Ada from the dashboard's redirect and waits for the dashboard. */
async function signedIn(page: Page): Promise<void> {
  await page.goto('/dashboard');
  await signIn(page, ada);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Ada' })).toBeVisible();
}

test('home and not-found pages, anonymous', async ({ page }) => {
  await page.goto('/');
  await sessionIs(page, 'anonymous');
  await expectAccessible(page, 'home, anonymous');

  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await sessionIs(page, 'anonymous');
  await expectAccessible(page, 'not found');
});

test('login page: anonymous, login error, upgrading', async ({ page }) => {
  await page.goto('/login?returnTo=%2Fsettings');
  await sessionIs(page, 'anonymous');
  await expectAccessible(page, 'login, anonymous');

  await signIn(page, { email: ada.email, password: 'not-the-password' });
  await expect(page.getByRole('alert')).toContainText(/wrong email or password/i);
  await expectAccessible(page, 'login, login error');

  await setLatency(page, 30_000);
  await page.getByLabel('Password', { exact: true }).fill(ada.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(badge(page).status).toHaveText('upgrading');
  await expectAccessible(page, 'login, upgrading');
});

test('dashboard and settings, authenticated', async ({ page }) => {
  await signedIn(page);
  await sessionIs(page, 'authenticated');
  await expectAccessible(page, 'dashboard, authenticated');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expectAccessible(page, 'settings, authenticated');
});

test('loading: the home page and a protected page while the session request is under way', async ({ page }) => {
  await page.goto('/');
  await sessionIs(page, 'anonymous');
  await setLatency(page, 30_000);

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(badge(page).status).toHaveText('none');
  await expectAccessible(page, 'home, loading');

  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText('Checking your session…')).toBeVisible();
  await expect(badge(page).status).toHaveText('none');
  await expectAccessible(page, 'dashboard, loading');
});

test('failed: the home page and a protected page when the session cannot be had', async ({ page }) => {
  await page.goto('/');
  await sessionIs(page, 'anonymous');
  await chooseScenario(page, 'server-down');
  await page.getByRole('button', { name: 'Close developer panel' }).click();

  await page.reload();
  await expect(page.getByRole('alert')).toContainText(/could not start your session/i);
  await expectAccessible(page, 'home, failed');

  await page.goto('/dashboard');
  await expect(page.getByRole('alert')).toContainText(/could not start your session/i);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expectAccessible(page, 'dashboard, failed');
});

test('expired notice on the login page', async ({ page }) => {
  await signedIn(page);
  await chooseScenario(page, 'expired-session');
  await page.getByRole('button', { name: 'Close developer panel' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Check session now' }).click();

  await expect(page).toHaveURL('/login?returnTo=%2Fsettings');
  await expect(page.getByRole('alert')).toContainText(/session expired/i);
  await sessionIs(page, 'anonymous');
  await expectAccessible(page, 'login, session expired');
});

test('developer panel open, anonymous and authenticated, transitions shown', async ({ page }) => {
  await page.goto('/');
  await sessionIs(page, 'anonymous');
  const panel = await openDevPanel(page);
  await expect(panel.getByRole('table')).toBeVisible();
  await expectAccessible(page, 'home, panel open');

  await signedIn(page);
  await panel.getByRole('checkbox', { name: 'Show transitions' }).check();
  await expect(panel.getByTestId('token-rotations')).toHaveText('1');
  await expectAccessible(page, 'dashboard, panel open with transitions');
});
