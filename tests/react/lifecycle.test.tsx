/**
 * SPEC §3's rules R1-R16, one named test (or more) each, in a small app over the real providers,
 * hooks and guards, under React.StrictMode and plain rendering. Request counts are read from the
 * mock backend; the network is the MSW node server.
 */
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { server } from '../../mocks/node.ts';
import { createSessionStore, ExperiencePlaneClient } from '../../src/index.ts';
import { PlatformStateProvider } from '../../src/react/index.ts';
import {
  ADA,
  Badge,
  countingFetch,
  GRACE,
  pause,
  renderModes,
  renderSessionApp,
  settled,
  signIn,
  storedIn,
  view,
  waitForStatus,
  WRONG,
  type TabStorage,
} from '../support/harness.tsx';
import { memoryStorage, throwingStorage } from '../support/memoryStorage.ts';
import { backend, CREATE, GET, LOGIN, LOGOUT, UPGRADE } from '../support/mockBackend.ts';
import { answer, hold, idempotencyKeysOf, loseAnswers, routes } from '../support/network.ts';
import { installWebLocks } from '../support/webLocks.ts';
import { loginAs, upgradeWith } from '../support/api.ts';

const count = backend.requestLog.count;

/** A tab whose storage already holds a live session from an earlier page load. */
async function tabWithSession(email?: string) {
  const seeded = await backend.seedSession(email ? { email } : {});
  const storage = memoryStorage();
  storage.setItem('session_id', seeded.session_id);
  storage.setItem('session_token', seeded.session_token);
  return { storage, id: seeded.session_id, token: seeded.session_token };
}

/** A copy of a tab's storage, as a browser gives a duplicated tab. */
function duplicate(storage: TabStorage): TabStorage {
  const copy = memoryStorage();
  for (const key of ['session_id', 'session_token']) {
    const value = storage.getItem(key);
    if (value !== null) copy.setItem(key, value);
  }
  return copy;
}

describe.each(renderModes)('session lifecycle ($name)', ({ strict }) => {
  describe('R1 exactly once', () => {
    it('a first load sends exactly one create-anonymous and no GET', async () => {
      const app = renderSessionApp({ strict });

      await settled(app);

      expect(count(CREATE)).toBe(1);
      expect(count()).toBe(1);
      expect(view.status()).toBe('anonymous');
      expect(view.sessionId()).toMatch(/^ses_/);
    });

    it('a load with a stored session sends exactly one GET and no create', async () => {
      const tab = await tabWithSession();

      const app = renderSessionApp({ strict, storage: tab.storage });

      await settled(app);
      expect(count(GET)).toBe(1);
      expect(count()).toBe(1);
      expect(view.sessionId()).toBe(tab.id);
    });

    it('several components and a remounted provider still send one request', async () => {
      const client = new ExperiencePlaneClient({ baseUrl: 'http://remount.test' });
      const storage = createSessionStore(memoryStorage());
      const page = (key: number) => {
        const tree = (
          <PlatformStateProvider key={key} client={client} storage={storage} navigate={() => {}} location="/">
            <Badge />
            <Badge />
            <Badge />
          </PlatformStateProvider>
        );
        return strict ? <StrictMode>{tree}</StrictMode> : tree;
      };
      const { rerender } = render(page(1));

      await waitFor(() => expect(screen.getAllByTestId('session-status').map((e) => e.textContent)).toEqual(['anonymous', 'anonymous', 'anonymous']));
      rerender(page(2));
      await pause(50);

      expect(screen.getAllByTestId('session-status')[0]?.textContent).toBe('anonymous');
      expect(count()).toBe(1);
    });
  });

  describe('R2 stale session', () => {
    it('a stored session answering 404 is discarded and exactly one new one is created', async () => {
      const storage = memoryStorage();
      storage.setItem('session_id', 'ses_gone');
      storage.setItem('session_token', 'token_of_a_session_that_is_gone');

      const app = renderSessionApp({ strict, storage });

      await settled(app);
      expect(count({ ...GET, status: 404 })).toBe(1);
      expect(count(CREATE)).toBe(1);
      expect(view.sessionId()).not.toBe('ses_gone');
      expect(storedIn(storage)?.session_id).toBe(view.sessionId());
    });

    it('a stored session answering 401 (wrong token) is discarded and exactly one new one is created', async () => {
      const tab = await tabWithSession();
      tab.storage.setItem('session_token', 'someone_elses_guess_at_the_token');

      const app = renderSessionApp({ strict, storage: tab.storage });

      await settled(app);
      expect(count({ ...GET, status: 401 })).toBe(1);
      expect(count(CREATE)).toBe(1);
      expect(view.sessionId()).not.toBe(tab.id);
    });
  });

  describe('R3 transient failure', () => {
    it('network errors, timeouts and 5xx are retried with a bound; the stored session is kept; retry() recovers it', async () => {
      const tab = await tabWithSession();
      await backend.setScenario('server-down');

      const app = renderSessionApp({ strict, storage: tab.storage });

      await waitFor(() => expect(view.error()).toBe('server'));
      await settled(app);
      expect(view.status()).toBe('none');
      expect(count(GET)).toBe(3);
      expect(count(CREATE)).toBe(0);
      expect(storedIn(tab.storage)).toEqual({ session_id: tab.id, session_token: tab.token });

      await backend.setScenario('default');
      await act(() => screen.getByRole('button', { name: 'Retry' }).click());

      await settled(app);
      expect(view.status()).toBe('anonymous');
      expect(view.sessionId()).toBe(tab.id);
      expect(count(CREATE)).toBe(0);
    });

    it('a first load that cannot reach the server ends in none with an error, and retry() creates the session', async () => {
      await backend.setScenario('offline');

      const app = renderSessionApp({ strict });

      await waitFor(() => expect(view.error()).toBe('network'));
      expect(view.status()).toBe('none');
      await backend.setScenario('default');
      await act(() => screen.getByRole('button', { name: 'Retry' }).click());

      await settled(app);
      expect(view.status()).toBe('anonymous');
      expect((await backend.listSessions()).length).toBe(1);
    });
  });

  describe('R4 login before the session exists', () => {
    it('is queued and runs once the session exists; a second login while one is in flight sends nothing', async () => {
      const gate = hold(routes.create);
      const app = renderSessionApp({ strict });
      await waitFor(() => expect(gate.arrived).toBe(1));

      await view.press('Log in as Ada');
      await view.press('Log in as Ada');
      expect(view.pending()).toBe(true);
      expect(count(LOGIN)).toBe(0);
      gate.release();

      await waitForStatus('authenticated');
      await settled(app);
      expect(count(LOGIN)).toBe(1);
      expect(count(UPGRADE)).toBe(1);
      expect(count(CREATE)).toBe(1);
    });
  });

  describe('R5 upgrade', () => {
    it('keeps the session id, stores the rotated token, ends authenticated, in two requests', async () => {
      const storage = memoryStorage();
      const app = renderSessionApp({ strict, storage, path: '/login' });
      await settled(app);
      const id = view.sessionId();
      const anonymousToken = storedIn(storage)?.session_token;

      await signIn(ADA, userEvent.setup());

      await waitForStatus('authenticated');
      await settled(app);
      expect(view.sessionId()).toBe(id);
      expect(view.user()).toBe(ADA.user_id);
      expect(storedIn(storage)?.session_id).toBe(id);
      expect(storedIn(storage)?.session_token).not.toBe(anonymousToken);
      expect(await backend.sessionTokenMatches(id ?? '', storedIn(storage)?.session_token ?? '')).toBe(true);
      expect(count(LOGIN) + count(UPGRADE)).toBe(2);
    });
  });

  describe('R6 upgrade failures', () => {
    it('refused credentials (401 with the session still answering) leave it anonymous, same session, with an error', async () => {
      const app = renderSessionApp({ strict });
      await settled(app);
      const id = view.sessionId();
      answer(routes.upgrade, 401, 'Invalid or expired access token');

      await view.press('Log in as Ada');

      await waitFor(() => expect(view.authError()).toBe('unauthorized'));
      await settled(app);
      expect(view.status()).toBe('anonymous');
      expect(view.sessionId()).toBe(id);
      expect(count(CREATE)).toBe(1);
    });

    it('a 403 (identity does not match the access token) leaves it anonymous with a forbidden error', async () => {
      const app = renderSessionApp({ strict });
      await settled(app);
      const id = view.sessionId();
      answer(routes.upgrade, 403, 'user_id and tenant_id do not match the access token');

      await view.press('Log in as Ada');

      await waitFor(() => expect(view.authError()).toBe('forbidden'));
      expect(view.status()).toBe('anonymous');
      expect(view.sessionId()).toBe(id);
    });

    it('a 409 leaves it anonymous with a conflict error', async () => {
      const app = renderSessionApp({ strict });
      await settled(app);
      await backend.setScenario('upgrade-conflict');

      await view.press('Log in as Ada');

      await waitFor(() => expect(view.authError()).toBe('conflict'));
      await settled(app);
      expect(view.status()).toBe('anonymous');
    });

    it('a 404 (the session expired meanwhile) creates a new session and upgrades it once more with the same access token', async () => {
      const app = renderSessionApp({ strict });
      await settled(app);
      const first = view.sessionId() ?? '';
      await backend.expireSession(first);

      await view.press('Log in as Ada');

      await waitForStatus('authenticated');
      await settled(app);
      expect(view.sessionId()).not.toBe(first);
      expect(count(LOGIN)).toBe(1);
      expect(count({ ...UPGRADE, status: 404 })).toBe(1);
      expect(count({ ...UPGRADE, status: 200 })).toBe(1);
      expect(count(CREATE)).toBe(2);
    });

    it('a 401 caused by the session token (rotated elsewhere) is handled like 404: a new session, upgraded', async () => {
      const tab = await tabWithSession();
      const app = renderSessionApp({ strict, storage: tab.storage });
      await settled(app);
      // Another client holding the session (not a tab of this browser) signs it in: this tab's token is dead.
      await upgradeWith({ session: { session_id: tab.id }, session_token: tab.token }, await loginAs(GRACE.email));

      await app.view.press('Log in as Ada');

      await waitFor(() => expect(app.view.status()).toBe('authenticated'));
      await settled(app);
      expect(app.view.user()).toBe(ADA.user_id);
      expect(app.view.sessionId()).not.toBe(tab.id);
      expect(app.view.authError()).toBeNull();
    });

    it('network errors and 5xx are retried with the same Idempotency-Key, then it is anonymous with an error and the session kept', async () => {
      const app = renderSessionApp({ strict });
      await settled(app);
      const id = view.sessionId();
      answer(routes.upgrade, 503, 'Service temporarily unavailable');
      const keys = idempotencyKeysOf(routes.upgrade);

      await view.press('Log in as Ada');

      await waitFor(() => expect(view.authError()).toBe('server'));
      await settled(app);
      expect(keys).toHaveLength(3);
      expect(new Set(keys).size).toBe(1);
      expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
      expect(view.status()).toBe('anonymous');
      expect(view.sessionId()).toBe(id);
    });
  });

  describe('R7 logout', () => {
    it('ends the session server-side, forgets it, and creates a new anonymous session at once', async () => {
      const tab = await tabWithSession(ADA.email);
      const app = renderSessionApp({ strict, storage: tab.storage });
      await settled(app);
      expect(view.status()).toBe('authenticated');

      await view.press('Sign out');

      await waitForStatus('anonymous');
      await settled(app);
      expect(view.sessionId()).not.toBe(tab.id);
      expect((await backend.getSession(tab.id))?.expired ?? true).toBe(true);
      expect(count(LOGOUT)).toBe(1);
      expect(count(CREATE)).toBe(1);
      expect(storedIn(tab.storage)?.session_id).toBe(view.sessionId());
    });

    it('while the sign-out runs, useSession says none and holds no session (its type says so)', async () => {
      const tab = await tabWithSession(ADA.email);
      const app = renderSessionApp({ strict, storage: tab.storage });
      await settled(app);
      const gate = hold(routes.logout);

      await view.press('Sign out');
      await waitFor(() => expect(gate.arrived).toBe(1));

      expect(view.status()).toBe('none');
      expect(view.sessionId()).toBe('');
      expect(view.user()).toBe('');
      gate.release();
      await waitForStatus('anonymous');
    });
  });

  describe('R8 guards', () => {
    it('a protected page shows the fallback while the session loads, then redirects an anonymous visitor with returnTo (replace)', async () => {
      const gate = hold(routes.create);
      const app = renderSessionApp({ strict, path: '/dashboard?tab=2#top' });

      await waitFor(() => expect(gate.arrived).toBe(1));
      expect(screen.getByText('Loading session…')).toBeInTheDocument();
      expect(view.location()).toBe('/dashboard?tab=2#top');
      gate.release();

      await waitFor(() => expect(view.location()).toBe('/login?returnTo=%2Fdashboard%3Ftab%3D2%23top'));
      await settled(app);
      expect(view.navType()).toBe('REPLACE');
    });

    it('after login the user lands on returnTo; /login while authenticated redirects the same way', async () => {
      const app = renderSessionApp({ strict, path: '/settings' });
      await waitFor(() => expect(view.location()).toBe('/login?returnTo=%2Fsettings'));

      await signIn(ADA, userEvent.setup());

      await waitFor(() => expect(view.location()).toBe('/settings'));
      await settled(app);
      expect(screen.getByRole('heading', { name: 'Settings' })).toBeInTheDocument();
      const again = app.reload({ path: '/login?returnTo=%2Fdashboard' });
      await waitFor(() => expect(again.view.location()).toBe('/dashboard'));
    });
  });

  describe('R9 open redirects', () => {
    it.each(['//evil.example', '/\\evil.example', 'javascript:alert(1)', 'http:evil.example', '/%2F%2Fevil.example', '/%09/evil.example'])(
      'returnTo=%s lands on /',
      async (returnTo) => {
        const app = renderSessionApp({ strict, path: `/login?returnTo=${encodeURIComponent(returnTo)}` });
        await settled(app);

        await signIn(ADA, userEvent.setup());

        await waitFor(() => expect(view.location()).toBe('/'));
        await settled(app);
      },
    );
  });

  describe('R10 expiry in use', () => {
    it('a signed-in user whose session the server forgot gets a new anonymous session and the login page with a message', async () => {
      const tab = await tabWithSession(ADA.email);
      const app = renderSessionApp({ strict, storage: tab.storage, path: '/dashboard', staleAfter: 0 });
      await settled(app);
      await backend.expireSession(tab.id);

      await act(() => screen.getByRole('link', { name: 'Settings' }).click());

      await waitFor(() => expect(view.location()).toBe('/login?returnTo=%2Fsettings'));
      await settled(app);
      expect(view.status()).toBe('anonymous');
      expect(view.sessionId()).not.toBe(tab.id);
      expect(view.error()).toBe('session_expired');
      expect(view.errorMessage()).toMatch(/session expired/i);
    });
  });

  describe('R11 storage', () => {
    it("'tab' keeps the session in sessionStorage, 'browser' in localStorage", async () => {
      const tabApp = renderSessionApp({ strict, storage: 'web' });
      await settled(tabApp);
      expect(sessionStorage.getItem('session_id')).toBe(view.sessionId());
      expect(localStorage.getItem('session_id')).toBeNull();
      tabApp.close();
      sessionStorage.clear();

      const browserApp = renderSessionApp({ strict, storage: 'web', persistence: 'browser' });
      await settled(browserApp);

      expect(localStorage.getItem('session_id')).toBe(browserApp.view.sessionId());
      expect(sessionStorage.getItem('session_id')).toBeNull();
    });

    it('storage that throws falls back to memory', async () => {
      const app = renderSessionApp({ strict, storage: throwingStorage });

      await settled(app);

      expect(view.status()).toBe('anonymous');
      expect(count()).toBe(1);
    });

    it('a sessionStorage getter that throws falls back to memory', async () => {
      const original = Object.getOwnPropertyDescriptor(window, 'sessionStorage');
      Object.defineProperty(window, 'sessionStorage', {
        configurable: true,
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
      try {
        const app = renderSessionApp({ strict, storage: 'web' });

        await settled(app);

        expect(view.status()).toBe('anonymous');
      } finally {
        if (original) Object.defineProperty(window, 'sessionStorage', original);
      }
    });

    it('malformed stored values count as no session', async () => {
      const storage = memoryStorage();
      storage.setItem('session_id', '../../admin');
      storage.setItem('session_token', 'x');

      const app = renderSessionApp({ strict, storage });

      await settled(app);
      expect(count(GET)).toBe(0);
      expect(count(CREATE)).toBe(1);
    });
  });

  describe('R12 errors', () => {
    it('a failing request is an error value with a code and a message for people; the tree keeps rendering', async () => {
      const app = renderSessionApp({ strict });
      await settled(app);

      await view.press('Log in with a wrong password');

      await waitFor(() => expect(view.authError()).toBe('unauthorized'));
      const message = view.authMessage() ?? '';
      expect(message).toMatch(/password/i);
      expect(message).not.toMatch(/\b(POST|GET|PATCH|401|api)\b|\/api\//);
      expect(view.status()).toBe('anonymous');
    });

    it('a malformed response is malformed_response, not a crash', async () => {
      await backend.setScenario('malformed-response');

      const app = renderSessionApp({ strict });

      await waitFor(() => expect(view.error()).toBe('malformed_response'));
      await settled(app);
      expect(view.errorMessage()).not.toMatch(/\/api\/|POST|201/);
    });
  });

  describe('R13 the last intent wins', () => {
    it('login then logout while the session loads: anonymous, on a fresh session', async () => {
      const counted = countingFetch();
      const gate = hold(routes.create);
      const app = renderSessionApp({ strict, fetch: counted.fetch });
      await waitFor(() => expect(gate.arrived).toBe(1));

      await view.press('Log in as Ada');
      await view.press('Log out');
      gate.release();

      await settled(app, counted.stats);
      expect(view.status()).toBe('anonymous');
      expect(count(LOGIN)).toBe(0);
      expect(counted.stats.maxInFlight).toBe(1);
    });

    it('logout then login while the session loads: authenticated', async () => {
      const counted = countingFetch();
      const gate = hold(routes.create);
      const app = renderSessionApp({ strict, fetch: counted.fetch });
      await waitFor(() => expect(gate.arrived).toBe(1));

      await view.press('Log out');
      await view.press('Log in as Ada');
      gate.release();

      await waitForStatus('authenticated');
      await settled(app, counted.stats);
      expect(counted.stats.maxInFlight).toBe(1);
    });

    it('login then logout during a re-check: anonymous on a fresh session', async () => {
      const tab = await tabWithSession(ADA.email);
      const counted = countingFetch();
      const app = renderSessionApp({ strict, storage: tab.storage, fetch: counted.fetch });
      await settled(app);
      const gate = hold(routes.get);

      await view.press('Refresh session');
      await waitFor(() => expect(gate.arrived).toBe(1));
      await view.press('Log in as Grace');
      await view.press('Log out');
      gate.release();

      await waitFor(() => expect(view.sessionId()).not.toBe(tab.id));
      await settled(app, counted.stats);
      expect(view.status()).toBe('anonymous');
      expect(count(LOGOUT)).toBe(1);
      expect(count(LOGIN)).toBe(0);
      expect(counted.stats.maxInFlight).toBe(1);
    });

    it('logout then login during an upgrade: authenticated on a fresh session', async () => {
      const counted = countingFetch();
      const app = renderSessionApp({ strict, fetch: counted.fetch });
      await settled(app);
      const first = view.sessionId();
      const gate = hold(routes.upgrade);

      await view.press('Log in as Ada');
      await waitFor(() => expect(gate.arrived).toBe(1));
      await view.press('Log out');
      await view.press('Log in as Grace');
      gate.release();

      await waitFor(() => expect(view.user()).toBe(GRACE.user_id));
      await settled(app, counted.stats);
      expect(view.sessionId()).not.toBe(first);
      expect(count(LOGOUT)).toBe(1);
      expect(counted.stats.maxInFlight).toBe(1);
    });
  });

  describe('R14 tabs that share a session', () => {
    it('a duplicated tab follows the other tab’s sign-in and sign-out, without a request of its own', async () => {
      const a = renderSessionApp({ strict });
      await settled(a);
      const counted = countingFetch();
      const b = renderSessionApp({ strict, storage: duplicate(a.storage), fetch: counted.fetch });
      await settled(b);
      const requestsOfB = counted.stats.calls;

      await a.view.press('Log in as Ada');

      await waitFor(() => expect(b.view.status()).toBe('authenticated'), { timeout: 1000 });
      expect(b.view.sessionId()).toBe(a.view.sessionId());
      expect(storedIn(b.storage)).toEqual(storedIn(a.storage));

      await a.view.press('Sign out');

      await waitFor(() => expect(b.view.status()).toBe('anonymous'), { timeout: 1000 });
      await settled(a);
      expect(b.view.sessionId()).toBe(a.view.sessionId());
      expect(counted.stats.calls).toBe(requestsOfB);
    });

    it("under 'browser' persistence, tabs opened together create one session between them", async () => {
      const uninstall = installWebLocks();
      try {
        const shared = memoryStorage();
        const tabs = [1, 2, 3].map(() => renderSessionApp({ strict, storage: shared, persistence: 'browser' }));

        for (const tab of tabs) await settled(tab);

        expect(count(CREATE)).toBe(1);
        expect(new Set(tabs.map((tab) => tab.view.sessionId())).size).toBe(1);
      } finally {
        uninstall();
      }
    });

    it("under 'browser' persistence, a logout in one tab leaves every tab on the same new anonymous session", async () => {
      const shared = memoryStorage();
      const seeded = await tabWithSession(ADA.email);
      shared.setItem('session_id', seeded.id);
      shared.setItem('session_token', seeded.token);
      const a = renderSessionApp({ strict, storage: shared, persistence: 'browser' });
      const b = renderSessionApp({ strict, storage: shared, persistence: 'browser' });
      await settled(a);
      await settled(b);

      await a.view.press('Sign out');

      await waitFor(() => expect(b.view.sessionId()).toBe(a.view.sessionId()));
      await settled(a);
      expect(a.view.sessionId()).not.toBe(seeded.id);
      expect(b.view.status()).toBe('anonymous');
      expect(count(CREATE)).toBe(1);
    });
  });

  describe('R15 freshness', () => {
    it('a move to another page re-checks a session not confirmed for staleAfter, at most once per staleAfter', async () => {
      // The clock is the test's: how long the page takes to settle on a busy machine must not
      // count as the session's age. Timers stay real.
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        const app = renderSessionApp({ strict, staleAfter: 60_000 });
        await settled(app);

        vi.setSystemTime(Date.now() + 59_000);
        await act(() => screen.getByRole('link', { name: 'About' }).click());
        await settled(app);
        expect(count(GET)).toBe(0);
        vi.setSystemTime(Date.now() + 2_000);
        await act(() => screen.getByRole('link', { name: 'Home' }).click());
        await act(() => screen.getByRole('link', { name: 'About' }).click());

        await settled(app);
        expect(count(GET)).toBe(1);
      } finally {
        vi.useRealTimers();
      }
    });

    it('a tab becoming visible or the browser coming back online re-checks a stale session', async () => {
      const app = renderSessionApp({ strict, staleAfter: 0 });
      await settled(app);

      await act(() => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await settled(app);
      expect(count(GET)).toBe(1);
      await act(() => window.dispatchEvent(new Event('online')));

      await settled(app);
      expect(count(GET)).toBe(2);
    });

    it('staleAfter: Infinity never re-checks; the library’s own redirects are not the app moving on', async () => {
      const app = renderSessionApp({ strict, staleAfter: Infinity, path: '/dashboard' });
      await waitFor(() => expect(view.location()).toBe('/login?returnTo=%2Fdashboard'));
      await settled(app);

      await act(() => screen.getByRole('link', { name: 'About' }).click());
      await act(() => window.dispatchEvent(new Event('online')));

      await settled(app);
      expect(count(GET)).toBe(0);
    });

    it('the authenticated fetch sends the token to the API only, and its 401 re-checks the session at once', async () => {
      const app = renderSessionApp({ strict });
      await settled(app);
      const seen: (string | null)[] = [];
      server.use(
        http.get(`${app.origin}/app/orders`, ({ request }) => {
          seen.push(request.headers.get('X-Session-Token'));
          return HttpResponse.json({ detail: 'Not authenticated' }, { status: 401 });
        }),
      );

      await view.press('Call the app API');

      await waitFor(() => expect(count(GET)).toBe(1));
      await settled(app);
      expect(seen).toEqual([storedIn(app.storage)?.session_token]);
    });
  });

  describe('R16 retry-safe writes', () => {
    it('every create carries an Idempotency-Key that lives until a create succeeds, across retry()', async () => {
      const keys = idempotencyKeysOf(routes.create);
      await backend.setScenario('server-down');
      const app = renderSessionApp({ strict });
      await waitFor(() => expect(view.error()).toBe('server'));
      await backend.setScenario('default');

      await act(() => screen.getByRole('button', { name: 'Retry' }).click());

      await settled(app);
      expect(keys).toHaveLength(4);
      expect(new Set(keys).size).toBe(1);
      expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    });

    it('a create whose answer was lost leaves no orphan session', async () => {
      loseAnswers(routes.create, 1);

      const app = renderSessionApp({ strict });

      await settled(app);
      expect(view.status()).toBe('anonymous');
      expect(count(CREATE)).toBe(2);
      expect((await backend.listSessions()).map((s) => s.session_id)).toEqual([view.sessionId()]);
    });

    it('an upgrade whose answer was lost heals on its retry: the same session, signed in, no orphan', async () => {
      const app = renderSessionApp({ strict });
      await settled(app);
      const id = view.sessionId();
      loseAnswers(routes.upgrade, 1);

      await view.press('Log in as Ada');

      await waitForStatus('authenticated');
      await settled(app);
      expect(view.sessionId()).toBe(id);
      expect(await backend.sessionTokenMatches(id ?? '', storedIn(app.storage)?.session_token ?? '')).toBe(true);
      expect((await backend.listSessions()).length).toBe(1);
    });

    it('an upgrade whose every answer was lost: the probe finds the token rotated, the upgrade repeated with its key gets the lost answer; the same session, no reload', async () => {
      const app = renderSessionApp({ strict, attempts: 1 });
      await settled(app);
      const before = view.sessionId();
      loseAnswers(routes.upgrade, 1);

      await view.press('Log in as Ada');

      await waitForStatus('authenticated');
      await settled(app);
      expect(view.sessionId()).toBe(before);
      expect((await backend.listSessions()).map((session) => session.session_id), 'no session left behind').toEqual([before]);
      expect(await backend.sessionTokenMatches(view.sessionId() ?? '', storedIn(app.storage)?.session_token ?? '')).toBe(true);
      expect(view.authError()).toBeNull();
    });
  });
});

afterEach(async () => {
  // Whatever a test left selected, the next one starts on a working backend.
  await backend.setScenario('default');
});
