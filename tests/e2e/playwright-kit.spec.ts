import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accounts, startMockServer } from 'session-first/mocks';
import { expect, RESTORE, test } from 'session-first/playwright';
import { ada, badge, sessionIs } from './support.ts';

// session-first/playwright as a user's suite uses it: with the mock in the app's pages (the demo),
// and with the mock server at another address (`apiURL`).

const adaAccount = accounts.find((account) => account.email === ada.email)!;
const MOCK_IDLE_TIMEOUT_MS = 30 * 60 * 1000;

test.describe('with the mock in the page', () => {
  test('a seeded signed-in session is what the app starts with, once: what the app stores afterwards stays', async ({ page, mock, sessionOf, requests }) => {
    await page.goto('/');
    await sessionIs(page, 'anonymous');
    const seeded = await mock.seedSession({ email: ada.email });

    await sessionOf(page).use(seeded);
    const mark = requests.mark();
    await page.goto('/dashboard');

    await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Ada' })).toBeVisible();
    await expect(badge(page).id).toHaveText(seeded.session_id);
    await requests.expectCalls([RESTORE], { since: mark });
    expect(await sessionOf(page).read()).toEqual({
      status: 'authenticated',
      stored: seeded,
      server: expect.objectContaining({ session_id: seeded.session_id, user_id: adaAccount.user_id, tenant_id: adaAccount.tenant }),
    });

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    const fresh = await sessionIs(page, 'anonymous');
    await page.reload();
    await expect(badge(page).id).toHaveText(fresh);
    expect(fresh).not.toBe(seeded.session_id);
    expect(await sessionOf(page).read()).toMatchObject({ status: 'anonymous', stored: { session_id: fresh } });
    expect(await mock.findSession(seeded.session_id)).toBeNull();
  });

  test('scenario, latency, clock and reset reach the mock the page runs', async ({ page, mock, sessionOf }) => {
    await page.goto('/');
    const id = await sessionIs(page, 'anonymous');
    expect(await sessionOf(page).read()).toMatchObject({ status: 'anonymous', stored: { session_id: id }, server: { session_id: id } });

    await mock.setScenario('flaky');
    await mock.setLatency(40);
    expect(await mock.getState()).toMatchObject({ scenario: 'flaky', latency_ms: 40, clock_offset_ms: 0 });
    await expect(mock.setLatency(-1)).rejects.toMatchObject({ reason: 'refused', status: 422, message: expect.stringMatching(/^the mock refused PUT \/__mock\/latency: 422 /) });

    // Past the mock's idle timeout, the page still holds the session the mock no longer has.
    await mock.advanceClock(MOCK_IDLE_TIMEOUT_MS + 1000);
    expect(await sessionOf(page).read()).toMatchObject({ status: 'gone', stored: { session_id: id }, server: null });

    await mock.reset();
    expect(await mock.listSessions()).toEqual([]);
    expect(await mock.getState()).toMatchObject({ scenario: 'default', clock_offset_ms: 0 });
  });

  test.describe('before the app has started the mock', () => {
    test.use({ mockStartTimeout: 300 });

    test('an admin call says the mock does not answer, and why', async ({ page, mock, baseURL }) => {
      const notAnswered = `the mock's admin API did not answer at ${baseURL}/__mock/state: is the mock started?`;
      await expect(mock.getState()).rejects.toThrow(notAnswered);

      // A page of the app's origin that is not the app: nothing started the mock there either.
      await page.goto('/mockServiceWorker.js');
      await expect(mock.getState()).rejects.toMatchObject({ reason: 'unreachable', status: null, message: expect.stringContaining(notAnswered) });
    });
  });
});

test.describe('with the mock server at apiURL', () => {
  /** A client of the experience API in one page: it checks the session it finds in sessionStorage. */
  const clientPage = (apiURL: string) => `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Session check</title>
<p id="answer">checking</p>
<script type="module">
  const id = sessionStorage.getItem('session_id');
  const token = sessionStorage.getItem('session_token');
  const response = await fetch(${JSON.stringify(apiURL)} + '/api/session/' + id, { headers: { 'X-Session-Token': token } });
  const body = await response.json();
  document.getElementById('answer').textContent = response.status + ' ' + (response.ok ? body.session.user_id : body.detail);
</script></html>`;

  // The mock server, and the app at another origin of this machine, each on a free port.
  const serverTest = test.extend({
    apiURL: async ({}, use) => {
      const server = await startMockServer({ port: 0 });
      await use(server.url);
      await server.close();
    },
    baseURL: async ({ apiURL }, use) => {
      const app = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(clientPage(apiURL!)));
      await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
      await use(`http://127.0.0.1:${(app.address() as AddressInfo).port}`);
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
    },
  });

  serverTest('seeds a session, counts what the page sends to the server, reads what the server holds', async ({ page, mock, sessionOf, requests }) => {
    const seeded = await mock.seedSession({ email: ada.email });

    await sessionOf(page).use(seeded);
    await page.goto('/');

    await expect(page.locator('#answer')).toHaveText(`200 ${adaAccount.user_id}`);
    await requests.expectCalls([RESTORE]);
    expect(requests.calls[0]?.path).toBe(`/api/session/${seeded.session_id}`);
    expect(requests.foreign).toEqual([]);
    expect(await sessionOf(page).read()).toMatchObject({ status: 'authenticated', stored: seeded, server: { user_id: adaAccount.user_id } });

    await mock.setScenario('expired-session');
    expect(await sessionOf(page).read()).toMatchObject({ status: 'gone', stored: seeded, server: null });
    await page.reload();
    await expect(page.locator('#answer')).toHaveText(/^404 /);
    await requests.expectCalls([RESTORE, 'GET /api/session/:id 404']);
    expect((await mock.requestLog()).map((entry) => `${entry.method} ${entry.status}`)).toEqual(['GET 200', 'GET 404']);
  });
});

test.describe('with apiURL where nothing listens', () => {
  test.use({ apiURL: 'http://127.0.0.1:9' });

  test('an admin call says the mock does not answer', async ({ mock }) => {
    await expect(mock.seedSession()).rejects.toThrow("the mock's admin API did not answer at http://127.0.0.1:9/__mock/sessions: is the mock started?");
  });
});
