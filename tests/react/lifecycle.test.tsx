import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { accounts, mockBackend } from '../../mocks/index.ts';
import { server } from '../../mocks/node.ts';
import { ExperiencePlaneClient } from '../../src/client/ExperiencePlaneClient.ts';
import { createSessionStore } from '../../src/core/storage.ts';
import { memoryStorage } from '../support/memoryStorage.ts';
import { AuthProvider, PlatformStateProvider, useAuth } from '../../src/react/index.ts';
import { API, Badge, renderApp, renderModes, sessionId, settle, signIn, status, waitForStatus, where } from './harness.tsx';

const ada = accounts.find((a) => a.email == 'ada@acme.test')!;
const grace = accounts.find((a) => a.email == 'grace@globex.test')!;

const CREATE = { method: 'POST', path: '/api/session/create-anonymous' };
const GET = { method: 'GET', path: /^\/api\/session\/[^/]+$/ };
const UPGRADE = { method: 'PATCH', path: /\/upgrade$/ };
const LOGIN = { method: 'POST', path: '/api/auth/login' };
const LOGOUT = { method: 'POST', path: /\/logout$/ };

const countRequests = mockBackend.requestLog.count;

/** A tab whose sessionStorage already holds a live session from an earlier page load. */
async function tabWithSession() {
  const session = await mockBackend.seedSession();
  const storage = memoryStorage();
  storage.setItem('session_id', session.session_id);
  storage.setItem('session_token', session.session_token);
  return { storage, id: session.session_id, token: session.session_token };
}

describe.each(renderModes)('session lifecycle ($name)', (mode) => {
  it('R1: a first load sends exactly one create-anonymous and no GET', async () => {
    renderApp({ mode });

    await waitForStatus('anonymous');
    await settle();

    expect(countRequests(CREATE)).toBe(1);
    expect(countRequests()).toBe(1);
    expect(sessionId()).toMatch(/\S/);
  });

  it('R1: a load with a stored session sends exactly one GET and no create', async () => {
    const tab = await tabWithSession();

    renderApp({ mode, storage: tab.storage });

    await waitForStatus('anonymous');
    await settle();
    expect(countRequests(GET)).toBe(1);
    expect(countRequests()).toBe(1);
    expect(sessionId()).toBe(tab.id);
  });

  it('R1: several components and a remounted provider still send one request', async () => {
    const client = new ExperiencePlaneClient({ baseUrl: API });
    const storage = createSessionStore(memoryStorage());
    const app = (key: number) => {
      const tree = (
        <PlatformStateProvider key={key} client={client} storage={storage} navigate={() => {}} location="/">
          <Badge />
          <Badge />
          <Badge />
        </PlatformStateProvider>
      );
      return mode.strict ? <StrictMode>{tree}</StrictMode> : tree;
    };
    const { rerender } = render(app(1));

    await waitFor(() => expect(screen.getAllByTestId('session-status').map((e) => e.textContent)).toEqual(['anonymous', 'anonymous', 'anonymous']));
    rerender(app(2));
    await settle();

    expect(screen.getAllByTestId('session-status')[0]!.textContent).toBe('anonymous');
    expect(countRequests()).toBe(1);
  });

  it('R2: a stored session answering 404 is discarded and exactly one new one is created', async () => {
    const storage = memoryStorage();
    storage.setItem('session_id', 'ses_gone');
    storage.setItem('session_token', 'token_of_a_session_that_is_gone');

    renderApp({ mode, storage });

    await waitForStatus('anonymous');
    await settle();
    expect(countRequests({ ...GET, status: 404 })).toBe(1);
    expect(countRequests(CREATE)).toBe(1);
    expect(sessionId()).not.toBe('ses_gone');
    expect(storage.getItem('session_id')).toBe(sessionId());
  });

  it('R2: a stored session answering 401 (wrong token) is discarded and exactly one new one is created', async () => {
    const tab = await tabWithSession();
    tab.storage.setItem('session_token', 'someone_elses_guess_at_the_token');

    renderApp({ mode, storage: tab.storage });

    await waitForStatus('anonymous');
    await settle();
    expect(countRequests({ ...GET, status: 401 })).toBe(1);
    expect(countRequests(CREATE)).toBe(1);
    expect(sessionId()).not.toBe(tab.id);
  });

  it('R3: transient failures are retried with a bound, keep the stored session, and retry() recovers', async () => {
    const tab = await tabWithSession();
    await mockBackend.setScenario('server-down');
    const ue = userEvent.setup();

    renderApp({ mode, storage: tab.storage });

    await waitFor(() => expect(screen.getByTestId('session-error').dataset.code).toBe('server'));
    expect(status()).toBe('none');
    expect(countRequests(GET)).toBe(3);
    expect(countRequests(CREATE)).toBe(0);
    expect(tab.storage.getItem('session_id')).toBe(tab.id);
    expect(tab.storage.getItem('session_token')).toBe(tab.token);

    await mockBackend.setScenario('default');
    await ue.click(screen.getByRole('button', { name: 'Retry' }));

    await waitForStatus('anonymous');
    expect(sessionId()).toBe(tab.id);
    expect(countRequests(CREATE)).toBe(0);
  });

  it('R3: a network failure on the first load ends in none with an error, then recovers', async () => {
    await mockBackend.setScenario('offline');
    const ue = userEvent.setup();
    renderApp({ mode });

    await waitFor(() => expect(screen.getByTestId('session-error').dataset.code).toBe('network'));
    expect(countRequests(CREATE)).toBe(3);

    await mockBackend.setScenario('default');
    await ue.click(screen.getByRole('button', { name: 'Retry' }));
    await waitForStatus('anonymous');
    expect(countRequests({ ...CREATE, status: 201 })).toBe(1);
  });

  it('R4: a login before the session exists is queued; a second login sends nothing', async () => {
    await mockBackend.setLatency(80);
    function DoubleLogin() {
      const { login } = useAuth();
      return <button onClick={() => (login(ada), login(ada))}>Double login</button>;
    }
    const ue = userEvent.setup();
    renderApp({ mode, extra: <DoubleLogin /> });

    await ue.click(screen.getByRole('button', { name: 'Double login' }));
    expect(status()).toBe('none');
    await ue.click(screen.getByRole('button', { name: 'Double login' }));

    await waitForStatus('authenticated');
    await settle();
    expect(countRequests(CREATE)).toBe(1);
    expect(countRequests(LOGIN)).toBe(1);
    expect(countRequests(UPGRADE)).toBe(1);
  });

  it('R5: login upgrades the same session, stores the rotated token, never stores the access token, in two requests', async () => {
    let accessToken = '';
    server.events.on('response:mocked', async ({ request, response }) => {
      if (request.url.endsWith('/api/auth/login')) accessToken = (await response.clone().json()).access_token;
    });
    const writes: string[] = [];
    const backing = memoryStorage();
    const storage = {
      getItem: (k: string) => backing.getItem(k),
      removeItem: (k: string) => backing.removeItem(k),
      setItem: (k: string, v: string) => (writes.push(k + '=' + v), backing.setItem(k, v)),
    };
    const ue = userEvent.setup();
    renderApp({ mode, path: '/login', storage });
    await waitForStatus('anonymous');
    const id = sessionId();
    const oldToken = storage.getItem('session_token');
    const before = countRequests();

    await signIn(ada, ue);

    await waitForStatus('authenticated');
    await settle();
    expect(sessionId()).toBe(id);
    expect(screen.getByTestId('session-user').textContent).toBe(ada.user_id);
    const newToken = storage.getItem('session_token');
    expect(newToken).not.toBe(oldToken);
    expect(await mockBackend.sessionTokenMatches(id!, newToken!)).toBe(true);
    expect(countRequests() - before).toBe(2);
    expect(accessToken).toMatch(/\S/);
    expect(writes.some((w) => w.includes(accessToken))).toBe(false);
    expect(JSON.stringify({ ...sessionStorage })).not.toContain(accessToken);
  });

  it('R6: a 409 conflict leaves the session anonymous with a conflict error', async () => {
    await mockBackend.setScenario('upgrade-conflict');
    const ue = userEvent.setup();
    renderApp({ mode, path: '/login' });
    await waitForStatus('anonymous');
    const id = sessionId();

    await signIn(ada, ue);

    await waitFor(() => expect(screen.getByTestId('auth-error').dataset.code).toBe('conflict'));
    expect(status()).toBe('anonymous');
    expect(sessionId()).toBe(id);
  });

  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [503, 'server'],
  ])('R6: an upgrade answering %i leaves the session anonymous with a %s error, session kept', async (code, errorCode) => {
    server.use(http.patch('*/api/session/:id/upgrade', () => HttpResponse.json({ detail: `Refused (${code})` }, { status: code })));
    const ue = userEvent.setup();
    const { storage } = renderApp({ mode, path: '/login' });
    await waitForStatus('anonymous');
    const id = sessionId();
    const token = storage.getItem('session_token');

    await signIn(ada, ue);

    await waitFor(() => expect(screen.getByTestId('auth-error').dataset.code).toBe(errorCode));
    expect(screen.getByTestId('auth-error').textContent).toContain(`Refused (${code})`);
    expect(status()).toBe('anonymous');
    expect(sessionId()).toBe(id);
    expect(storage.getItem('session_token')).toBe(token);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('R6: a 404 (session expired meanwhile) creates a new session and retries the upgrade once with the same access token', async () => {
    const ue = userEvent.setup();
    renderApp({ mode, path: '/login' });
    await waitForStatus('anonymous');
    const expired = sessionId()!;
    await mockBackend.expireSession(expired);

    await signIn(ada, ue);

    await waitForStatus('authenticated');
    expect(sessionId()).not.toBe(expired);
    expect(countRequests(LOGIN)).toBe(1);
    expect(countRequests(UPGRADE)).toBe(2);
    expect(countRequests(CREATE)).toBe(2);
  });

  it('R7: logout ends the session server-side and leaves a new anonymous session', async () => {
    const ue = userEvent.setup();
    renderApp({ mode, path: '/login' });
    await waitForStatus('anonymous');
    await signIn(grace, ue);
    await waitForStatus('authenticated');
    const old = sessionId()!;
    const before = countRequests();

    await ue.click(screen.getByRole('button', { name: 'Sign out' }));

    await waitForStatus('anonymous');
    await settle();
    expect(sessionId()).not.toBe(old);
    expect(await mockBackend.getSession(old)).toBeUndefined();
    expect(countRequests(LOGOUT)).toBe(1);
    expect(countRequests() - before).toBe(2);
  });

  it('R8: a protected page shows the fallback while the session loads, then redirects an anonymous visitor with returnTo (replace)', async () => {
    await mockBackend.setLatency(60);
    renderApp({ mode, path: '/dashboard?tab=2#usage' });

    expect(screen.getByText('Loading session…')).toBeInTheDocument();
    expect(where()).toBe('/dashboard?tab=2#usage');

    await waitFor(() => expect(where()).toBe('/login?returnTo=' + encodeURIComponent('/dashboard?tab=2#usage')));
    expect(screen.getByTestId('location').dataset.navType).toBe('REPLACE');
    expect(status()).toBe('anonymous');
  });

  it('R8: after login the user lands on returnTo; /login while authenticated redirects the same way', async () => {
    const ue = userEvent.setup();
    renderApp({ mode, path: '/settings?x=1' });
    await waitFor(() => expect(where()).toMatch(/^\/login\?returnTo=/));

    await signIn(ada, ue);

    await waitFor(() => expect(where()).toBe('/settings?x=1'));
    expect(screen.getByRole('heading', { name: 'Settings' })).toBeInTheDocument();
    await settle();
    expect(countRequests(CREATE)).toBe(1);
    expect(countRequests(GET)).toBe(0);
  });

  it('R9: a hostile returnTo through the whole login flow lands on /', async () => {
    const ue = userEvent.setup();
    renderApp({ mode, path: '/login?returnTo=' + encodeURIComponent('//evil.example/phish') });
    await waitForStatus('anonymous');

    await signIn(ada, ue);

    await waitFor(() => expect(where()).toBe('/'));
    expect(screen.getByRole('heading', { name: 'Home' })).toBeInTheDocument();
  });

  it('R10: when the server forgets the session in use, an authenticated user is sent to login with a message', async () => {
    const ue = userEvent.setup();
    renderApp({ mode, path: '/login?returnTo=%2Fdashboard' });
    await waitForStatus('anonymous');
    await signIn(ada, ue);
    await waitFor(() => expect(where()).toBe('/dashboard'));
    const old = sessionId()!;
    await mockBackend.expireSession(old);

    await ue.click(screen.getByRole('link', { name: 'Settings' }));

    await waitFor(() => expect(where()).toBe('/login?returnTo=%2Fsettings'));
    expect(status()).toBe('anonymous');
    expect(sessionId()).not.toBe(old);
    expect(screen.getByTestId('session-error').dataset.code).toBe('session_expired');
    expect(screen.getByTestId('session-error').textContent).toMatch(/session expired/i);
  });

  it('R11: storage that throws falls back to memory; malformed stored values count as no session', async () => {
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    renderApp({ mode, storage: throwing });
    await waitForStatus('anonymous');
    cleanup();

    const garbage = memoryStorage();
    garbage.setItem('session_id', '{"not":"an id"} <script>');
    garbage.setItem('session_token', '');
    renderApp({ mode, storage: garbage });
    await waitForStatus('anonymous');
    await settle();

    expect(countRequests(GET)).toBe(0);
    expect(countRequests(CREATE)).toBe(2);
  });

  it('R12: a malformed response becomes an error value with a code; the tree keeps rendering', async () => {
    await mockBackend.setScenario('malformed-response');
    renderApp({ mode });

    await waitFor(() => expect(screen.getByTestId('session-error').dataset.code).toBe('malformed_response'));
    expect(screen.getByTestId('session-error').textContent).toMatch(/\S/);
    expect(status()).toBe('none');
    expect(screen.getByRole('heading', { name: 'Home' })).toBeInTheDocument();
  });
});

describe('hooks outside their providers', () => {
  it.each([
    ['useSession', () => import('../../src/react/index.ts').then((m) => m.useSession), 'PlatformStateProvider'],
    ['useAuth', () => import('../../src/react/index.ts').then((m) => m.useAuth), 'AuthProvider'],
  ])('%s throws an error naming the missing provider', async (name, load, provider) => {
    const hook = await load();
    function Probe() {
      hook();
      return null;
    }
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Probe />)).toThrow(new RegExp(`${name}.*<${provider}>`));
    spy.mockRestore();
  });

  it('useAuth inside AuthProvider but outside PlatformStateProvider names PlatformStateProvider', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<AuthProvider />)).toThrow(/AuthProvider must be used inside <PlatformStateProvider>/);
    spy.mockRestore();
  });
});
