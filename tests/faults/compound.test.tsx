/**
 * Two faults at once, where the fault matrix has one. A step that needs a new session (R2, R6,
 * R7) meets a backend that cannot create one: the page must not keep a session the server does
 * not know, must retry the create with a bound and one Idempotency-Key (R3, R16), and must end in
 * `none` with an error and a retry() that recovers once the backend does. And answers lost or
 * garbled after the server acted, one after another (R16): no orphan session, no dead token.
 */
import { describe, expect, it } from 'vitest';
import { ExperiencePlaneClient } from '../../src/index.ts';
import { countingFetch, GRACE, nextOrigin, renderModes, renderSessionApp, settled, storedIn, tabStorage, type SessionApp } from '../support/harness.tsx';
import { memoryStorage } from '../support/memoryStorage.ts';
import { backend } from '../support/mockBackend.ts';
import { fail, garbleAnswers, heal, idempotencyKeysOf, loseAnswers, onOrigin, routes } from '../support/network.ts';
import { expectNoDeadToken, expectSignInWithoutReload, orphansOf } from './recovery.ts';

/** A page on a tab holding `kind` of session, counting its requests; `at(route)` scopes a fault to its API. */
async function openPage(kind: 'empty' | 'anonymous' | 'authenticated', strict: boolean, storage?: ReturnType<typeof memoryStorage>) {
  const origin = nextOrigin();
  const counting = countingFetch();
  const tab = storage ?? (await tabStorage(kind));
  const at = (route: (typeof routes)[keyof typeof routes]) => onOrigin(route, origin);
  return { origin, counting, tab, at, open: () => renderSessionApp({ strict, origin, storage: tab, fetch: counting.fetch }) };
}

/** {@link openPage}, loaded and at rest, its requests so far forgotten. */
async function loadedPage(kind: 'anonymous' | 'authenticated', strict: boolean) {
  const page = await openPage(kind, strict);
  const app = page.open();
  await settled(app, page.counting.stats);
  page.counting.stats.log.length = 0;
  return { ...page, app };
}

/** From now on every create of the page answers 503; returns the keys they carry. */
function createsFail(page: Pick<Awaited<ReturnType<typeof openPage>>, 'at'>) {
  fail(page.at(routes.create), '503');
  return idempotencyKeysOf(page.at(routes.create));
}

/**
 * The page ended in `none` with a server error after 3 creates with one key, holding nothing;
 * once the network heals, Retry creates the session with that same key (R16), and the user can
 * sign in without a reload.
 */
async function expectNoSessionThenRecovery(app: SessionApp, counting: ReturnType<typeof countingFetch>, createKeys: (string | null)[]) {
  expect(counting.stats.log.filter((e) => e === 'create')).toHaveLength(3);
  expect({ status: app.view.status(), error: app.view.error(), stored: storedIn(app.storage) }).toEqual({ status: 'none', error: 'server', stored: null });
  expect(new Set(createKeys).size).toBe(1);

  heal();
  const retryKeys = idempotencyKeysOf(onOrigin(routes.create, app.origin));
  await app.view.press('Retry');
  await settled(app, counting.stats);
  expect(app.view.status()).toBe('anonymous');
  expect(retryKeys).toEqual([createKeys[0]]);
  await expectNoDeadToken(app);
  await expectSignInWithoutReload(app, counting.stats);
}

describe.each(renderModes)('compound faults ($name)', ({ strict }) => {
  describe('a new session is needed and cannot be created (503)', () => {
    it('at load, after the stored session turned out stale (R2 + R3)', async () => {
      const stale = memoryStorage();
      stale.setItem('session_id', 'ses_' + 'e'.repeat(32));
      stale.setItem('session_token', 't'.repeat(43));
      const page = await openPage('empty', strict, stale);
      const keys = createsFail(page);

      const app = page.open();

      await settled(app, page.counting.stats);
      expect(page.counting.stats.log[0]).toBe('get');
      await expectNoSessionThenRecovery(app, page.counting, keys);
    });

    it('after signing out (R7 + R3)', async () => {
      const { app, ...page } = await loadedPage('authenticated', strict);
      const signedIn = storedIn(page.tab)!;
      const keys = createsFail(page);

      await app.view.press('Sign out');

      await settled(app, page.counting.stats);
      expect(page.counting.stats.log[0]).toBe('logout');
      expect((await backend.getSession(signedIn.session_id))?.expired ?? true).toBe(true);
      await expectNoSessionThenRecovery(app, page.counting, keys);
    });

    it('during sign-in, after the session expired meanwhile (R6 404 + R3)', async () => {
      const { app, ...page } = await loadedPage('anonymous', strict);
      await backend.expireSession(storedIn(page.tab)!.session_id);
      const keys = createsFail(page);

      await app.view.press('Log in as Ada');

      await settled(app, page.counting.stats);
      expect(page.counting.stats.log.slice(0, 2)).toEqual(['login', 'upgrade']);
      expect(app.view.authError()).toBe('server');
      await expectNoSessionThenRecovery(app, page.counting, keys);
    });

    it('during sign-in, after another client signed the session in (R6: a dead session token like 404, + R3)', async () => {
      const { app, ...page } = await loadedPage('anonymous', strict);
      const held = storedIn(page.tab)!;
      // Someone else holding this session (not a tab of this browser) signs it in: the tab's token is dead.
      const other = new ExperiencePlaneClient({ baseUrl: 'http://other-client.test' });
      const grant = await other.login({ email: GRACE.email, password: GRACE.password });
      await other.upgradeSession(held.session_id, held.session_token, { user_id: grant.user_id, tenant_id: grant.tenant_id, access_token: grant.access_token });
      const keys = createsFail(page);

      await app.view.press('Log in as Ada');

      await settled(app, page.counting.stats);
      expect(page.counting.stats.log.slice(0, 3)).toEqual(['login', 'upgrade', 'get']);
      await expectNoSessionThenRecovery(app, page.counting, keys);
      expect(app.view.sessionId()).not.toBe(held.session_id);
    });
  });

  describe('answers lost or garbled after the server acted (R16)', () => {
    it('every create of a page load: Retry gets the session the server made, and no other', async () => {
      const page = await openPage('empty', strict);
      loseAnswers(page.at(routes.create), 3);

      const app = page.open();

      await settled(app, page.counting.stats);
      expect({ status: app.view.status(), error: app.view.error() }).toEqual({ status: 'none', error: 'network' });
      const made = (await backend.listSessions()).map((s) => s.session_id);
      expect(made).toHaveLength(1);
      heal();
      await app.view.press('Retry');
      await settled(app, page.counting.stats);
      expect(app.view.sessionId()).toBe(made[0]);
      expect(await orphansOf(app)).toEqual([]);
      await expectNoDeadToken(app);
      await expectSignInWithoutReload(app, page.counting.stats);
    });

    it('the create that replaces a session expired during sign-in: signed in, no orphan', async () => {
      const { app, ...page } = await loadedPage('anonymous', strict);
      await backend.expireSession(storedIn(page.tab)!.session_id);
      const lost = loseAnswers(page.at(routes.create), 1);

      await app.view.press('Log in as Ada');

      await settled(app, page.counting.stats);
      expect(lost.lost).toBe(1);
      expect(page.counting.stats.log).toEqual(['login', 'upgrade', 'create', 'create', 'upgrade']);
      expect(app.view.status()).toBe('authenticated');
      expect(await orphansOf(app)).toEqual([]);
      await expectNoDeadToken(app);
      await expectSignInWithoutReload(app, page.counting.stats);
    });

    it('the logout, then the create after it: a new anonymous session, no orphan', async () => {
      const { app, ...page } = await loadedPage('authenticated', strict);
      const signedIn = storedIn(page.tab)!;
      loseAnswers(page.at(routes.logout), 1);
      loseAnswers(page.at(routes.create), 1);

      await app.view.press('Sign out');

      await settled(app, page.counting.stats);
      expect(page.counting.stats.log).toEqual(['logout', 'logout', 'create', 'create']);
      expect(app.view.status()).toBe('anonymous');
      expect(app.view.sessionId()).not.toBe(signedIn.session_id);
      expect((await backend.getSession(signedIn.session_id))?.expired ?? true).toBe(true);
      expect(await orphansOf(app)).toEqual([]);
      await expectSignInWithoutReload(app, page.counting.stats);
    });

    it('a create answered garbled (the server made the session): Retry gets that session, no orphan', async () => {
      const page = await openPage('empty', strict);
      const garbled = garbleAnswers(page.at(routes.create), 1);

      const app = page.open();

      await settled(app, page.counting.stats);
      expect(garbled.garbled).toBe(1);
      expect({ status: app.view.status(), error: app.view.error() }).toEqual({ status: 'none', error: 'malformed_response' });
      await app.view.press('Retry');
      await settled(app, page.counting.stats);
      expect(app.view.status()).toBe('anonymous');
      expect(await orphansOf(app)).toEqual([]);
      await expectSignInWithoutReload(app, page.counting.stats);
    });

    it('an upgrade answered garbled (the server signed the session in): the probe finds the token rotated and the upgrade, repeated with its key, gets the same answer again: signed in on the same session', async () => {
      const { app, ...page } = await loadedPage('anonymous', strict);
      const before = app.view.sessionId();
      garbleAnswers(page.at(routes.upgrade), 1);

      await app.view.press('Log in as Ada');

      await settled(app, page.counting.stats);
      expect({ status: app.view.status(), authError: app.view.authError() }).toEqual({ status: 'authenticated', authError: null });
      expect(app.view.sessionId()).toBe(before);
      await expectNoDeadToken(app);
    });

    it('every try of an upgrade answered after the server acted, none arriving: the probe finds the token rotated and the replayed upgrade signs the user in', async () => {
      const { app, ...page } = await loadedPage('anonymous', strict);
      loseAnswers(page.at(routes.upgrade), 3);

      await app.view.press('Log in as Ada');

      await settled(app, page.counting.stats);
      expect({ status: app.view.status(), authError: app.view.authError() }).toEqual({ status: 'authenticated', authError: null });
      await expectNoDeadToken(app);
    });
  });
});
