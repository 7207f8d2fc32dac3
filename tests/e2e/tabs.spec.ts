import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { ada, ApiTraffic, badge, CREATE, expect, expectApiCalls, LOGIN, LOGOUT, RESTORE, sessionIs, signIn, test, UPGRADE } from './support.ts';

// Tabs of one browser share one mock backend: its state lives in localStorage and every request
// reads and writes it under a Web Lock. A tab opened with window.open starts with a copy of its
// opener's sessionStorage, so it holds the same session (as a duplicated tab does).

/** Opens `path` in a new tab from `opener`, recording the new tab's API calls from its first one. */
async function openTabFrom(opener: Page, path: string, origin: string): Promise<{ tab: Page; traffic: ApiTraffic }> {
  const [tab] = await Promise.all([opener.context().waitForEvent('page'), opener.evaluate((to) => window.open(to), path)]);
  return { tab, traffic: new ApiTraffic(tab, origin) };
}

/** The live sessions the mock backend lists (admin API), read from `page`. */
const liveSessionIds = (page: Page) =>
  page.evaluate(async () => ((await (await fetch('/__mock/sessions')).json()) as { sessions: { session_id: string }[] }).sessions.map((s) => s.session_id));

test('tabs of one session follow each other: a sign-in and a sign-out in one reach the other, the old token and session stay refused', async ({ page, api, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  await page.goto('/login');
  const id = await sessionIs(page, 'anonymous');
  const { tab: tabB, traffic: trafficB } = await openTabFrom(page, '/', origin);
  await expect(badge(tabB).id).toHaveText(id);
  await expectApiCalls(trafficB, 0, [RESTORE]);
  const oldToken = await tabB.evaluate(() => sessionStorage.getItem('session_token'));

  // A signs in: the upgrade rotates the token; B holds the same session and takes the new token
  // from A (R14) without a request. The backend refuses the old token from now on.
  const mark = api.mark();
  await signIn(page, ada);
  await sessionIs(page, 'authenticated');
  await expectApiCalls(api, mark, [LOGIN, UPGRADE]);
  expect(await sessionIs(tabB, 'authenticated')).toBe(id);
  await expectApiCalls(trafficB, 1, []);
  const withOldToken = await tabB.evaluate(
    ([sessionId, token]) => fetch(`/api/session/${sessionId}`, { headers: { 'X-Session-Token': token ?? '' } }).then((r) => r.status),
    [id, oldToken] as const,
  );
  expect(withOldToken).toBe(401);
  await tabB.reload();
  expect(await sessionIs(tabB, 'authenticated')).toBe(id);
  await expectApiCalls(trafficB, 2, [RESTORE]);

  // A signs out: B follows onto A's new anonymous session; the signed-in one is gone for good.
  const beforeSignOut = api.mark();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  const fresh = await sessionIs(page, 'anonymous');
  await expectApiCalls(api, beforeSignOut, [LOGOUT, CREATE]);
  await expect(badge(tabB).id).toHaveText(fresh);
  await tabB.reload();
  expect(await sessionIs(tabB, 'anonymous')).toBe(fresh);
  await expectApiCalls(trafficB, 3, [RESTORE]);
  expect(await liveSessionIds(page)).not.toContain(id);
});

test('after a login no access token is anywhere in localStorage or sessionStorage', async ({ page }) => {
  const accessTokens: string[] = [];
  page.on('response', async (response) => {
    if (!response.url().endsWith('/api/auth/login') || response.status() !== 200) return;
    accessTokens.push(((await response.json()) as { access_token: string }).access_token);
  });
  await page.goto('/login');
  await sessionIs(page, 'anonymous');

  await signIn(page, ada);
  await sessionIs(page, 'authenticated');
  await expect.poll(() => accessTokens.length).toBe(1);
  const stored = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));

  const [token] = accessTokens;
  expect(token!.length).toBeGreaterThan(20);
  expect(stored).not.toContain(token!);
  // What the mock keeps instead: the token's SHA-256, in its snapshot in localStorage.
  expect(stored).toContain(createHash('sha256').update(token!).digest('hex'));
  expect(stored).toContain('session_token');
});

test('requests sent at once from two tabs all land: no tab overwrites what the other wrote', async ({ page, baseURL }) => {
  await page.goto('/');
  await sessionIs(page, 'anonymous');
  const { tab: other } = await openTabFrom(page, '/', new URL(baseURL!).origin);
  await sessionIs(other, 'anonymous');
  const before = (await liveSessionIds(page)).length;
  const burst = (tab: Page) =>
    tab.evaluate(() =>
      Promise.all(Array.from({ length: 25 }, () => fetch('/api/session/create-anonymous', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status))),
    );

  const [fromPage, fromOther] = await Promise.all([burst(page), burst(other)]);

  expect([...fromPage, ...fromOther].every((status) => status === 201)).toBe(true);
  expect(await liveSessionIds(other)).toHaveLength(before + 50);
});
