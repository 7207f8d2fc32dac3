import { CREATE, expect, LOGIN, LOGOUT, RESTORE, test, UPGRADE } from 'session-first/playwright';
import { ada, badge, chooseScenario, DEMO_STALE_AFTER_MS, grace, navLink, sessionIs, signIn } from './support.ts';

// Every test starts in a new browser context: no stored session, an empty mock store, the
// default scenario. The assertions on requests count what the page itself sent to /api/.

test('a first visit gets one anonymous session from one request', async ({ page, requests }) => {
  await page.goto('/');
  const id = await sessionIs(page, 'anonymous');
  expect(id).not.toBe('');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await requests.expectCalls([CREATE]);
  // People read the status in words; the QA hook keeps the status value, out of their way.
  await expect(page.getByRole('banner').getByText('Guest session')).toBeVisible();
  expect(await page.getByRole('banner').ariaSnapshot()).not.toContain('anonymous');
});

test('a sessionStorage that throws on access still gives a working anonymous session', async ({ page, requests }) => {
  const crashes: string[] = [];
  page.on('pageerror', (error) => crashes.push(error.message));
  // As some privacy modes do: the getter itself throws.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'sessionStorage', {
      get() {
        throw new DOMException('denied', 'SecurityError');
      },
    });
  });

  await page.goto('/');

  const reading = await page.evaluate(() => {
    try {
      return typeof sessionStorage;
    } catch (error) {
      return (error as Error).name;
    }
  });
  expect(reading, 'what reading window.sessionStorage gives').toBe('SecurityError');
  const id = await sessionIs(page, 'anonymous');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('A session is required to authenticate');
  await requests.expectCalls([CREATE]);
  // The session works: signing in upgrades it.
  await page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).click();
  await signIn(page, ada);
  await sessionIs(page, 'authenticated');
  await expect(badge(page).id).toHaveText(id);
  await requests.expectCalls([CREATE, LOGIN, UPGRADE]);
  expect(crashes).toEqual([]);
});

test('a protected page sends an anonymous visitor to login and back, on the same session', async ({ page, requests }) => {
  await page.goto('/dashboard?tab=usage#top');
  await expect(page).toHaveURL('/login?returnTo=%2Fdashboard%3Ftab%3Dusage%23top');
  const id = await sessionIs(page, 'anonymous');
  await requests.expectCalls([CREATE]);

  const mark = requests.mark();
  await signIn(page, ada);
  await expect(page).toHaveURL('/dashboard?tab=usage#top');
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Ada' })).toBeVisible();
  await expect(badge(page).status).toHaveText('authenticated');
  await expect(badge(page).id).toHaveText(id);
  await requests.expectCalls([LOGIN, UPGRADE], { since: mark });
  // Both redirects replaced the history entry: Back does not bounce through /login.
  expect(await page.evaluate(() => history.length)).toBe(2);
});

test('a reload keeps the signed-in session with one request', async ({ page, requests }) => {
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login\?returnTo=/);
  await signIn(page, grace);
  await expect(page).toHaveURL('/dashboard');
  const id = await sessionIs(page, 'authenticated');
  await requests.expectCalls([CREATE, LOGIN, UPGRADE]);

  const mark = requests.mark();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Grace' })).toBeVisible();
  await expect(badge(page).status).toHaveText('authenticated');
  await expect(badge(page).id).toHaveText(id);
  await expect(page).toHaveURL('/dashboard');
  await requests.expectCalls([RESTORE], { since: mark });
  expect(requests.calls.at(-1)?.path).toBe(`/api/session/${id}`);
});

test('signing out ends the session and starts a new anonymous one at once', async ({ page, requests }) => {
  await page.goto('/login');
  const first = await sessionIs(page, 'anonymous');
  await signIn(page, ada);
  await sessionIs(page, 'authenticated');
  await requests.expectCalls([CREATE, LOGIN, UPGRADE]);

  const mark = requests.mark();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL('/');
  const second = await sessionIs(page, 'anonymous');
  expect(second).not.toBe(first);
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toHaveCount(0);
  await requests.expectCalls([LOGOUT, CREATE], { since: mark });
  expect(requests.calls[mark]?.path).toBe(`/api/session/${first}/logout`);

  // The old session is gone for good: the protected page wants a login again.
  await navLink(page, 'Dashboard').click();
  await expect(page).toHaveURL('/login?returnTo=%2Fdashboard');
  await expect(badge(page).id).toHaveText(second);
});

test('wrong credentials show an alert and keep the anonymous session', async ({ page, requests }) => {
  await page.goto('/login');
  const id = await sessionIs(page, 'anonymous');

  const mark = requests.mark();
  await signIn(page, { email: ada.email, password: 'not-the-password' });
  await expect(page.getByRole('alert')).toContainText(/wrong email or password/i);
  await expect(badge(page).status).toHaveText('anonymous');
  await expect(badge(page).id).toHaveText(id);
  await expect(page).toHaveURL('/login');
  await requests.expectCalls(['POST /api/auth/login 401'], { since: mark });

  // The form still works on the same session afterwards.
  const again = requests.mark();
  await page.getByLabel('Password', { exact: true }).fill(ada.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL('/');
  await expect(badge(page).status).toHaveText('authenticated');
  await expect(badge(page).id).toHaveText(id);
  await requests.expectCalls([LOGIN, UPGRADE], { since: again });
});

test('login failures chosen in the panel keep the session: invalid-credentials, upgrade-conflict', async ({ page, requests }) => {
  await page.goto('/login');
  const id = await sessionIs(page, 'anonymous');

  await chooseScenario(page, 'invalid-credentials');
  let mark = requests.mark();
  await signIn(page, ada);
  await expect(page.getByRole('alert')).toContainText(/wrong email or password/i);
  await expect(badge(page).id).toHaveText(id);
  await requests.expectCalls(['POST /api/auth/login 401'], { since: mark });

  await chooseScenario(page, 'upgrade-conflict');
  mark = requests.mark();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveAttribute('data-code', 'conflict');
  await expect(badge(page).status).toHaveText('anonymous');
  await expect(badge(page).id).toHaveText(id);
  await expect(page).toHaveURL('/login');
  await requests.expectCalls([LOGIN, 'PATCH /api/session/:id/upgrade 409'], { since: mark });
});

test.describe('returnTo only ever leads to a page of this site', () => {
  const attacks = [
    '//evil.com',
    '/\\evil.com',
    'https://evil.com/phish',
    'javascript:alert(1)',
    '/%2F%2Fevil.com',
    '%2F%2Fevil.com',
    '/%252F%252Fevil.com',
    '/%5Cevil.com',
    'http:evil.com',
    '/%09/evil.com',
    '//user@evil.com',
  ];

  for (const attack of attacks) {
    test(`signing in with returnTo=${attack} lands on /`, async ({ page, requests, baseURL }) => {
      const navigations: string[] = [];
      page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations.push(frame.url()));
      page.on('dialog', (dialog) => {
        throw new Error(`A dialog opened: ${dialog.message()}`);
      });

      await page.goto(`/login?returnTo=${encodeURIComponent(attack)}`);
      await sessionIs(page, 'anonymous');
      await signIn(page, ada);
      await expect(badge(page).status).toHaveText('authenticated');
      await expect(page).toHaveURL(`${baseURL}/`);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('A session is required to authenticate');
      await requests.expectCalls([CREATE, LOGIN, UPGRADE]);
      expect(requests.foreign).toEqual([]);
      for (const url of navigations) expect(new URL(url).origin).toBe(new URL(baseURL!).origin);
    });
  }

  test('an already signed-in visitor of /login?returnTo=<attack> lands on /', async ({ page, requests, baseURL }) => {
    await page.goto('/login');
    await sessionIs(page, 'anonymous');
    await signIn(page, grace);
    await expect(badge(page).status).toHaveText('authenticated');

    // Typed straight into the address bar, unencoded: the browser sends them as they are.
    for (const raw of ['//evil.com', '/\\evil.com', 'https://evil.com', 'javascript:alert(1)', '/%2F%2Fevil.com']) {
      const mark = requests.mark();
      await page.goto(`/login?returnTo=${raw}`);
      await expect(page).toHaveURL(`${baseURL}/`);
      await expect(badge(page).status).toHaveText('authenticated');
      await requests.expectCalls([RESTORE], { since: mark });
    }
    // A good returnTo is still honoured.
    await page.goto(`/login?returnTo=${encodeURIComponent('/settings?tab=profile')}`);
    await expect(page).toHaveURL('/settings?tab=profile');
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    expect(requests.foreign).toEqual([]);
  });
});

test('a session that expires mid-use sends the user to login with a "session expired" message', async ({ page, requests }) => {
  await page.clock.install();
  await page.goto('/dashboard');
  await signIn(page, ada);
  await expect(page).toHaveURL('/dashboard');
  const before = await sessionIs(page, 'authenticated');
  await expect(page.getByRole('banner').getByText('Signed in', { exact: true })).toBeVisible();

  await chooseScenario(page, 'expired-session');
  // A move to another page re-checks only a session unconfirmed for staleAfter (R15).
  await page.clock.fastForward(DEMO_STALE_AFTER_MS);
  const mark = requests.mark();
  await navLink(page, 'Settings').click();

  await expect(page).toHaveURL('/login?returnTo=%2Fsettings');
  await expect(page.getByRole('alert')).toContainText(/session expired/i);
  const after = await sessionIs(page, 'anonymous');
  expect(after).not.toBe(before);
  await requests.expectCalls(['GET /api/session/:id 404', CREATE], { since: mark });
  expect(requests.calls[mark]?.path).toBe(`/api/session/${before}`);

  // Acting again puts the stale notice away: a failed sign-in shows its own alert, alone.
  const relogin = requests.mark();
  await signIn(page, { email: ada.email, password: 'not-the-password' });
  await expect(page.getByRole('alert')).toHaveText(/^Sign-in failed\. Wrong email or password\.$/);
  await expect(page.getByText(/session expired/i)).toHaveCount(0);

  // Signing in again upgrades the new session and returns to the page the user asked for.
  await page.getByLabel('Password', { exact: true }).fill(ada.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL('/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(badge(page).id).toHaveText(after);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await requests.expectCalls(['POST /api/auth/login 401', LOGIN, UPGRADE], { since: relogin });
});

test('server down: bounded retries, an error with Retry, recovery on the same session', async ({ page, requests }) => {
  await page.goto('/');
  const id = await sessionIs(page, 'anonymous');
  await chooseScenario(page, 'server-down');

  const mark = requests.mark();
  await page.reload();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(/could not start your session/i);
  await expect(badge(page).status).toHaveText('none');
  await expect(page.getByRole('banner').getByText('Could not start')).toBeVisible();
  // The scenario survived the reload, and the select says so.
  await expect(page.getByLabel('Backend scenario')).toHaveValue('server-down');
  const failed = 'GET /api/session/:id 503';
  await requests.expectCalls([failed, failed, failed], { since: mark });

  await chooseScenario(page, 'default');
  const retry = requests.mark();
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(badge(page).status).toHaveText('anonymous');
  // Nothing stored was lost: the same session is back.
  await expect(badge(page).id).toHaveText(id);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await requests.expectCalls([RESTORE], { since: retry });
});

test('on a protected page the error replaces the spinner, under a heading; Retry goes on to sign-in', async ({ page, requests }) => {
  await page.goto('/');
  await sessionIs(page, 'anonymous');
  await chooseScenario(page, 'server-down');

  await page.goto('/dashboard');
  await expect(page.getByRole('alert')).toContainText(/could not start your session/i);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText('This page opens once your session has started.')).toBeVisible();
  await expect(page.getByText('Checking your session…')).toHaveCount(0);
  await expect(page.locator('.spinner')).toHaveCount(0);
  // The words people see say what happened, never a method, a path or a status code.
  await expect(page.getByRole('alert')).not.toContainText(/GET|\/api\/|503|\(server\)/);

  await chooseScenario(page, 'default');
  const retry = requests.mark();
  await page.getByRole('alert').getByRole('button', { name: 'Retry' }).click();
  await expect(page).toHaveURL('/login?returnTo=%2Fdashboard');
  await sessionIs(page, 'anonymous');
  await requests.expectCalls([RESTORE], { since: retry });
});
