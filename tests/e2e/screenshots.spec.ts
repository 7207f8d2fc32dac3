import { expect, test } from 'session-first/playwright';
import { ada, openDevPanel, sessionIs, signIn } from './support.ts';

// Regenerates docs/screenshots/demo-*.png from the real pages: `npm run screenshots`
// (playwright.config.ts leaves this file out unless SCREENSHOTS is set).
test.use({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });

test('login page with the demo accounts', async ({ page }) => {
  await page.goto('/login?returnTo=%2Fdashboard');
  await sessionIs(page, 'anonymous');
  await expect(page.getByRole('heading', { name: 'Demo accounts' })).toBeVisible();
  await page.getByRole('button', { name: `Use ${ada.email}` }).click();
  await page.mouse.move(0, 0);
  await page.locator(':focus').evaluate((el) => (el as HTMLElement).blur());
  await page.screenshot({ path: 'docs/screenshots/demo-login.png' });
});

test('signed-in dashboard with the developer panel open', async ({ page }) => {
  await page.goto('/dashboard');
  await signIn(page, ada);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Ada' })).toBeVisible();
  await sessionIs(page, 'authenticated');
  const panel = await openDevPanel(page);
  await expect(panel.getByTestId('token-rotations')).toHaveText('1');
  await expect(panel.getByRole('table').getByRole('row')).toHaveCount(4);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/screenshots/demo-dashboard.png' });
});
