import { CREATE, expect, LOGIN, RESTORE, setPageVisibility, test, UPGRADE } from 'session-first/playwright';
import { ada, badge, openDevPanel, sessionIs, signIn } from './support.ts';

test('the developer panel: keyboard, live statechart, session facts, request log, persisted backend settings', async ({
  page,
  requests,
}) => {
  await page.goto('/');
  const id = await sessionIs(page, 'anonymous');

  // Open on a first visit, without taking focus; its button closes it; opened from the
  // keyboard, focus moves into the panel.
  const toggle = page.getByRole('button', { name: 'Dev panel' });
  const panel = page.getByRole('complementary', { name: 'Developer panel' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(panel).toBeVisible();
  await expect(toggle).not.toBeFocused();
  await toggle.click();
  await expect(panel).toBeHidden();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Alt+Shift+D');
  await expect(panel).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(panel.getByRole('heading', { name: 'Developer panel' })).toBeFocused();

  // Live machine state, the session, the request log, the demo's default latency.
  await expect(panel.getByTestId('machine-state')).toHaveText('session.anonymous.idle · nav.idle');
  await expect(panel.getByText(id, { exact: true })).toBeVisible();
  const log = panel.getByRole('table');
  await expect(log.getByRole('row')).toHaveCount(2);
  await expect(log.getByRole('row').nth(1)).toContainText('POST/api/session/create-anonymous201');
  await expect(panel.getByLabel('Latency (ms)')).toHaveValue('250');
  await expect(panel.getByLabel('Backend scenario')).toHaveValue('default');
  await expect(panel.getByLabel('Backend scenario').locator('option')).toHaveCount(9);

  // Signing in: the chart follows, the token rotates once, the log grows by two.
  await page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).click();
  await signIn(page, ada);
  await expect(badge(page).status).toHaveText('authenticated');
  await expect(panel.getByTestId('machine-state')).toHaveText(/^session\.authenticated(\.\w+)? · nav\.idle$/);
  await expect(panel.getByTestId('token-rotations')).toHaveText('1');
  await expect(log.getByRole('row')).toHaveCount(4);
  await requests.expectCalls([CREATE, LOGIN, UPGRADE]);

  // The panel reads the mock's log when the mock served something, not over and over (that
  // filled the browser's network panel with `GET /__mock/requests`, four a second).
  const logReads: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/__mock/requests') logReads.push(request.method());
  });
  await page.waitForTimeout(1000);
  expect(logReads).toEqual([]);

  // Scenario and latency survive a reload, and the controls show them.
  await panel.getByLabel('Latency (ms)').fill('0');
  await panel.getByLabel('Backend scenario').selectOption('flaky');
  await expect(panel.getByRole('status')).toHaveText('Applied: the mock answers with flaky, 0 ms added.');
  let mark = requests.mark();
  await page.reload();
  await expect(badge(page).status).toHaveText('authenticated');
  await expect(panel.getByLabel('Backend scenario')).toHaveValue('flaky');
  await expect(panel.getByLabel('Latency (ms)')).toHaveValue('0');
  // flaky fails the first request with 503; one bounded retry restores the session.
  await requests.expectCalls(['GET /api/session/:id 503', RESTORE], { since: mark });
  await expect(log.getByRole('row')).toHaveCount(3);
  await expect(panel.getByTestId('token-rotations')).toHaveText('1');
  await expect(badge(page).id).toHaveText(id);

  // Reset mock store: the page reloads, the stored session is unknown now, a new one is made.
  await panel.getByLabel('Backend scenario').selectOption('default');
  mark = requests.mark();
  await panel.getByRole('button', { name: 'Reset mock store' }).click();
  const fresh = await sessionIs(page, 'anonymous');
  expect(fresh).not.toBe(id);
  await requests.expectCalls(['GET /api/session/:id 404', CREATE], { since: mark });
  await expect(panel.getByTestId('token-rotations')).toHaveText('0');

  // Escape closes the panel and gives focus back to its button.
  await panel.getByLabel('Backend scenario').focus();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');

  // Closed stays closed, reloads included.
  await page.reload();
  await sessionIs(page, 'anonymous');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(panel).toBeHidden();
});

test('a scenario chosen in one tab’s panel shows in another tab’s panel when that tab is shown again', async ({ page, context }) => {
  await page.goto('/');
  await sessionIs(page, 'anonymous');
  const other = await context.newPage();
  await other.goto('/');
  await sessionIs(other, 'anonymous');
  const otherPanel = await openDevPanel(other);
  await expect(otherPanel.getByLabel('Backend scenario')).toHaveValue('default');
  await setPageVisibility(other, 'hidden');

  const panel = await openDevPanel(page);
  await panel.getByLabel('Latency (ms)').fill('0');
  await panel.getByLabel('Backend scenario').selectOption('slow');
  await expect(panel.getByRole('status')).toHaveText('Applied: the mock answers with slow, 0 ms added.');
  await setPageVisibility(other, 'visible');

  await expect(otherPanel.getByRole('status')).toHaveText('Changed elsewhere: the mock answers with slow, 0 ms added.');
  await expect(otherPanel.getByLabel('Backend scenario')).toHaveValue('slow');
  await expect(otherPanel.getByLabel('Latency (ms)')).toHaveValue('0');
});

test('a scenario picked in the panel holds after a reload made at once, before the mock confirmed it', async ({ page, mock }) => {
  await page.goto('/');
  await sessionIs(page, 'anonymous');
  const select = (await openDevPanel(page)).getByLabel('Backend scenario');
  await expect(select).toHaveValue('default');

  // The choice and the reload in one go, as a quick QA script (or person) does.
  await select.evaluate((element: HTMLSelectElement) => {
    element.value = 'server-down';
    element.dispatchEvent(new Event('change', { bubbles: true }));
    location.reload();
  });

  await expect(page.getByRole('alert')).toBeVisible();
  expect((await mock.getState()).scenario).toBe('server-down');
  await expect((await openDevPanel(page)).getByLabel('Backend scenario')).toHaveValue('server-down');
});

test('the demo’s latency: 250 ms on a first visit and after a reset; one set through the admin API stays across reloads', async ({ page, mock }) => {
  await page.goto('/');
  await sessionIs(page, 'anonymous');
  expect((await mock.getState()).latency_ms).toBe(250);

  // A store with no session left in it, then a latency of the test's own.
  await mock.reset();
  await mock.setLatency(0);
  await page.reload();
  await sessionIs(page, 'anonymous');
  expect((await mock.getState()).latency_ms).toBe(0);
  await expect((await openDevPanel(page)).getByLabel('Latency (ms)')).toHaveValue('0');

  await mock.reset();
  expect((await mock.getState()).latency_ms).toBe(250);
});

test('the demo’s own panel section: Session persistence switches where the session lives', async ({ page, context, baseURL }) => {
  await page.goto('/');
  const tabSession = await sessionIs(page, 'anonymous');
  const panel = await openDevPanel(page);
  await expect(panel.getByText(`Backend: ${new URL(baseURL!).origin}`)).toBeVisible();
  const persistence = panel.getByLabel('Session persistence');
  await expect(persistence).toHaveValue('tab');

  // 'browser': the page reloads on a session kept in localStorage, which a new tab shares.
  await persistence.selectOption('browser');
  await expect(persistence).toHaveValue('browser');
  const browserSession = await sessionIs(page, 'anonymous');
  expect(browserSession).not.toBe(tabSession);
  expect(await page.evaluate(() => localStorage.getItem('session_id'))).toBe(browserSession);
  const other = await context.newPage();
  await other.goto('/');
  await expect(badge(other).id).toHaveText(browserSession);

  // `?persistence=tab` picks it from the address: this tab's own session is back.
  await page.goto('/?persistence=tab');
  await expect(badge(page).id).toHaveText(tabSession);
  await expect(panel.getByLabel('Session persistence')).toHaveValue('tab');
});
