import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { CREATE, expect, LOGIN, LOGOUT, openTabFrom, RESTORE, test, UPGRADE } from 'session-first/playwright';
import { ada, badge, badgeTurnedAt, recordBadge, sessionIs, signIn } from './support.ts';

// Tabs of one browser share one mock backend: its state lives in IndexedDB and every request
// reads and writes it under a Web Lock. A tab opened with window.open starts with a copy of its
// opener's sessionStorage, so it holds the same session, as a duplicated tab does (R14).

/** How soon another tab must follow a change of the session they share (SPEC R14). */
const FOLLOW_WITHIN_MS = 1000;

test('a duplicated tab follows sign-in and sign-out in the other tab, without a reload or a request of its own', async ({ page, mock, sessionOf }) => {
  await page.goto('/login');
  const id = await sessionIs(page, 'anonymous');
  const tabB = await openTabFrom(page, '/');
  await expect(badge(tabB).id).toHaveText(id);
  await sessionIs(tabB, 'anonymous');
  const [a, b] = [mock.requests(page), mock.requests(tabB)];
  await b.expectCalls([RESTORE]);
  await Promise.all([recordBadge(page), recordBadge(tabB)]);

  // A signs in: the upgrade rotates the token, and B takes the rotated one from A's message.
  let [markA, markB] = [a.mark(), b.mark()];
  await signIn(page, ada);
  await sessionIs(page, 'authenticated');
  await expect(badge(tabB).status).toHaveText('authenticated');
  await expect(badge(tabB).id).toHaveText(id);
  const signInFollowedIn = (await badgeTurnedAt(tabB, 'authenticated')) - (await badgeTurnedAt(page, 'authenticated'));
  await a.expectCalls([LOGIN, UPGRADE], { since: markA });
  await b.expectCalls([], { since: markB });
  expect(await sessionOf(tabB).stored()).toEqual(await sessionOf(page).stored());

  // A signs out: B moves to the new anonymous session A started, and the old one is over.
  [markA, markB] = [a.mark(), b.mark()];
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  const fresh = await sessionIs(page, 'anonymous');
  expect(fresh).not.toBe(id);
  await expect(badge(tabB).status).toHaveText('anonymous');
  await expect(badge(tabB).id).toHaveText(fresh);
  const signOutFollowedIn = (await badgeTurnedAt(tabB, 'anonymous')) - (await badgeTurnedAt(page, 'anonymous'));
  await a.expectCalls([LOGOUT, CREATE], { since: markA });
  await b.expectCalls([], { since: markB });
  expect(await mock.findSession(id)).toBeNull();
  expect(await sessionOf(tabB).read()).toMatchObject({ status: 'anonymous', server: { session_id: fresh } });

  test.info().annotations.push({ type: 'followed', description: `sign-in ${signInFollowedIn} ms, sign-out ${signOutFollowedIn} ms` });
  expect(signInFollowedIn).toBeLessThan(FOLLOW_WITHIN_MS);
  expect(signOutFollowedIn).toBeLessThan(FOLLOW_WITHIN_MS);

  // B's token works: B signs in on the shared session, and A follows in turn.
  markB = b.mark();
  await tabB.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).click();
  await signIn(tabB, ada);
  await sessionIs(tabB, 'authenticated');
  await expect(badge(tabB).id).toHaveText(fresh);
  await expect(badge(page).status).toHaveText('authenticated');
  await b.expectCalls([LOGIN, UPGRADE], { since: markB });
});

test('with browser persistence, three tabs opened together send one create-anonymous between them', async ({ context, mock, sessionOf }) => {
  // Needs the demo's `?persistence=browser` (the `Session persistence` select of its developer panel).
  const tabs = await Promise.all([1, 2, 3].map(() => context.newPage()));

  await Promise.all(tabs.map((tab) => tab.goto('/?persistence=browser')));
  const ids = await Promise.all(tabs.map((tab) => sessionIs(tab, 'anonymous')));

  const everyTab = mock.requests();
  await expect.poll(() => everyTab.isQuiet(), { message: 'the tabs stop sending requests', intervals: [50] }).toBe(true);
  test.info().annotations.push({ type: 'requests', description: everyTab.since().join(', ') });
  expect(everyTab.count({ method: 'POST', path: '/api/session/create-anonymous' }), 'create-anonymous across the three tabs').toBe(1);
  expect(new Set(ids).size, 'one session in every tab').toBe(1);
  for (const tab of tabs) expect(await sessionOf(tab, { persistence: 'browser' }).read()).toMatchObject({ status: 'anonymous', stored: { session_id: ids[0] } });
});

/** In the page: every value of every IndexedDB database of the origin, as JSON. */
async function indexedDbContents(): Promise<string> {
  const resultOf = <T>(request: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  const values: unknown[] = [];
  for (const { name } of await indexedDB.databases()) {
    if (name === undefined) continue;
    const database = await resultOf(indexedDB.open(name));
    for (const storeName of database.objectStoreNames) values.push(await resultOf(database.transaction(storeName).objectStore(storeName).getAll()));
    database.close();
  }
  return JSON.stringify(values);
}

test('after a login no access token is anywhere in localStorage, sessionStorage or IndexedDB', async ({ page }) => {
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
  const webStorage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
  const indexedDb = await page.evaluate(indexedDbContents);

  const [token] = accessTokens;
  expect(token!.length).toBeGreaterThan(20);
  expect(webStorage).not.toContain(token!);
  expect(webStorage).toContain('session_token');
  expect(indexedDb).not.toContain(token!);
  // What the mock keeps instead: the token's SHA-256, in its snapshot in IndexedDB.
  expect(indexedDb).toContain(createHash('sha256').update(token!).digest('hex'));
});

/** In the tab: `count` create-anonymous requests sent at once, resolving with their statuses. */
function createAtOnce(tab: Page, count: number): Promise<number[]> {
  return tab.evaluate(
    (n) =>
      Promise.all(
        Array.from({ length: n }, () =>
          fetch('/api/session/create-anonymous', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status),
        ),
      ),
    count,
  );
}

test('requests sent at once from two tabs all land: no tab overwrites what the other wrote', async ({ page, mock }) => {
  await page.goto('/');
  await sessionIs(page, 'anonymous');
  const other = await openTabFrom(page, '/');
  await sessionIs(other, 'anonymous');
  const before = (await mock.listSessions()).length;

  const [fromPage, fromOther] = await Promise.all([createAtOnce(page, 25), createAtOnce(other, 25)]);

  expect([...fromPage, ...fromOther].every((status) => status === 201)).toBe(true);
  expect(await mock.listSessions()).toHaveLength(before + 50);
});

test('requests sent at once from tabs in processes of their own all land', async ({ context, mock }) => {
  // Tabs opened on their own (no opener) run in renderer processes of their own in Chromium. A
  // localStorage write reaches another process only eventually: there the tab next in line for
  // the lock could read the state from before the last write and overwrite it.
  const tabs = await Promise.all([1, 2, 3].map(() => context.newPage()));
  await Promise.all(tabs.map((tab) => tab.goto('/')));
  await Promise.all(tabs.map((tab) => sessionIs(tab, 'anonymous')));
  const before = (await mock.listSessions()).length;
  const rounds = 2;
  const perTabAndRound = 25;

  const statuses: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const fromEachTab = await Promise.all(tabs.map((tab) => createAtOnce(tab, perTabAndRound)));
    statuses.push(...fromEachTab.flat());
  }

  expect(statuses.filter((status) => status !== 201)).toEqual([]);
  expect(await mock.listSessions()).toHaveLength(before + tabs.length * rounds * perTabAndRound);
});

test('where IndexedDB is missing, the mock keeps its state in localStorage: a reload stays signed in', async ({ page, mock }) => {
  await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
  await page.goto('/login');
  await sessionIs(page, 'anonymous');
  await signIn(page, ada);
  const id = await sessionIs(page, 'authenticated');

  await page.reload();

  expect(await sessionIs(page, 'authenticated')).toBe(id);
  expect(await mock.findSession(id)).toMatchObject({ user_id: 'usr_ada' });
  expect(await page.evaluate(() => localStorage.getItem('session-first:mock-backend'))).toContain(id);
});
