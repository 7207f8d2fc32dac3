import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, openTabFrom, test } from 'session-first/playwright';
import { ada, sessionIs, signIn } from './support.ts';

// Tabs of one browser share one mock backend: its state lives in localStorage and every request
// reads and writes it under a Web Lock. A tab opened with window.open starts with a copy of its
// opener's sessionStorage, so it holds the same session, as a duplicated tab does.

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

test('requests sent at once from two tabs all land: no tab overwrites what the other wrote', async ({ page, mock }) => {
  await page.goto('/');
  await sessionIs(page, 'anonymous');
  const other = await openTabFrom(page, '/');
  await sessionIs(other, 'anonymous');
  const before = (await mock.listSessions()).length;
  const burst = (tab: Page) =>
    tab.evaluate(() =>
      Promise.all(Array.from({ length: 25 }, () => fetch('/api/session/create-anonymous', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status))),
    );

  const [fromPage, fromOther] = await Promise.all([burst(page), burst(other)]);

  expect([...fromPage, ...fromOther].every((status) => status === 201)).toBe(true);
  expect(await mock.listSessions()).toHaveLength(before + 50);
});
