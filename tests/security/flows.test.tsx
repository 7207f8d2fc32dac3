/**
 * Security through the whole app (real providers, guards, login form, client, MSW mock backend):
 * session fixation, the access token never stored, tampered storage, open redirects.
 */
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { mockBackend as mockStore } from '../../mocks/index.ts';
import { server } from '../../mocks/node.ts';
import { safeReturnTo } from '../../src/core/safeReturnTo.ts';
import { memoryStorage } from '../support/memoryStorage.ts';
import { openRedirectPayloads } from '../support/openRedirectPayloads.ts';
import { endpointOf } from '../faults/backend.ts';
import { createSession, getSession, loginAs, upgradeWith } from '../support/api.ts';
import { ADA, countingFetch, recordingStorage, renderSessionApp, settled, storedIn, view, type TabStorage } from '../support/app.tsx';

async function signInWithTheForm(user = ADA) {
  const ue = userEvent.setup({ delay: null });
  await ue.type(await screen.findByLabelText('Email'), user.email);
  await ue.type(screen.getByLabelText('Password'), user.password);
  await ue.click(screen.getByRole('button', { name: 'Sign in' }));
}

const plant = (storage: TabStorage, id: string | null, token: string | null) => {
  if (id !== null) storage.setItem('session_id', id);
  if (token !== null) storage.setItem('session_token', token);
};

describe('session fixation through the app', () => {
  it('a session planted in the tab works for the attacker only until the victim signs in', async () => {
    const planted = await createSession();
    const tab = recordingStorage();
    plant(tab.storage, planted.session.session_id, planted.session_token);

    const app = renderSessionApp({ path: '/login', storage: tab.storage });
    await waitFor(() => expect(view.status()).toBe('anonymous'));
    await signInWithTheForm();
    await waitFor(() => expect(view.status()).toBe('authenticated'));
    await settled(app);

    const now = storedIn(tab.storage)!;
    expect(now.session_id).toBe(planted.session.session_id);
    expect(now.session_token).not.toBe(planted.session_token);
    expect((await getSession(planted.session.session_id, planted.session_token)).status).toBe(401);
    expect((await getSession(now.session_id, now.session_token)).status).toBe(200);
    app.close();
  });
});

describe('the access token', () => {
  it('is never written to storage, kept in the machine’s context, or rendered', async () => {
    const issued: Promise<string>[] = [];
    server.events.on('response:mocked', ({ request, response }) => {
      if (request.url.endsWith('/api/auth/login') && response.status === 200) issued.push(response.clone().json().then((b) => b.access_token));
    });
    const tab = recordingStorage(sessionStorage);
    const app = renderSessionApp({ path: '/login?returnTo=%2Fdashboard', storage: tab.storage });
    await waitFor(() => expect(view.status()).toBe('anonymous'));
    await signInWithTheForm();
    await waitFor(() => expect(view.location()).toBe('/dashboard'));
    // Sign in again while signed in: a second access token.
    await userEvent.click(screen.getByRole('button', { name: 'Log in as Ada' }));
    await waitFor(() => expect(view.status()).toBe('authenticated'));
    await settled(app);

    const tokens = await Promise.all(issued);
    expect(tokens).toHaveLength(2);
    const places = {
      writes: tab.writes.join('\n'),
      sessionStorage: JSON.stringify({ ...sessionStorage }),
      localStorage: JSON.stringify(Object.fromEntries(Object.entries({ ...localStorage }).filter(([k]) => !k.startsWith('session-first:mock')))),
      context: JSON.stringify(app.actor.getSnapshot().context),
      persisted: JSON.stringify(app.actor.getPersistedSnapshot()),
      dom: document.body.innerHTML,
    };
    for (const t of tokens) for (const [where, text] of Object.entries(places)) expect(text.includes(t), `access token found in ${where}`).toBe(false);
    expect(tab.writes.length).toBeGreaterThan(0);
    app.close();
  });
});

describe('tampered or garbage storage is treated as no session', () => {
  // FastAPI answers routes it does not have with 404; a stored id such as "." or ".." resolves the
  // request URL to one of those (/api/session/, /api/).
  const unknownRoutesAnswer404 = () =>
    server.use(http.all('*/api/*', ({ request }) => (endpointOf(request) ? undefined : HttpResponse.json({ detail: 'Not Found' }, { status: 404 }))));

  const values = fc.oneof(
    fc.constantFrom(null, '', ' ', '\n', '\t', '.', '..', '../..', '/', '%2F', 'null', 'undefined', '[object Object]', '{"session_id":"ses_x"}', '<script>alert(1)</script>', 'a'.repeat(513), 'ses_' + 'f'.repeat(32)),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
  );

  it('for random stored ids and tokens (and someone else’s live session with a guessed token)', async () => {
    let runs = 0;
    const victim = await createSession();
    await fc.assert(
      fc.asyncProperty(values, values, fc.boolean(), async (id, token, useVictimId) => {
        runs++;
        unknownRoutesAnswer404();
        const tab = memoryStorage();
        const plantedId = useVictimId ? victim.session.session_id : id;
        plant(tab, plantedId, token);
        const counting = countingFetch();
        const app = renderSessionApp({ storage: tab, fetch: counting.fetch });
        try {
          await settled(app, counting.stats);
          expect(view.status()).toBe('anonymous');
          const now = storedIn(tab)!;
          expect(now.session_id).not.toBe(plantedId);
          expect(await mockStore.sessionTokenMatches(now.session_id, now.session_token)).toBe(true);
          // At most one look at the planted values, then exactly one new session.
          expect([['create'], ['get', 'create'], [undefined, 'create']]).toContainEqual(counting.stats.log);
          // Someone else's session is not touched by a wrong guess.
          expect(await mockStore.sessionTokenMatches(victim.session.session_id, victim.session_token)).toBe(true);
          expect((await mockStore.getSession(victim.session.session_id))?.user_id).toBeNull();
        } finally {
          app.close();
          server.resetHandlers();
        }
      }),
      { numRuns: 40 },
    );
    expect(runs).toBe(40);
  });

  it.each([
    ['throws on every call', { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => { throw new Error('SecurityError'); } }],
    ['holds only an id', (() => { const s = memoryStorage(); s.setItem('session_id', 'ses_' + '0'.repeat(32)); return s; })()],
    ['holds only a token', (() => { const s = memoryStorage(); s.setItem('session_token', 'x'.repeat(43)); return s; })()],
  ])('storage that %s: one new anonymous session, never a GET', async (_, storage) => {
    const counting = countingFetch();
    const app = renderSessionApp({ storage: storage as TabStorage, fetch: counting.fetch });
    await settled(app, counting.stats);
    expect(view.status()).toBe('anonymous');
    expect(counting.stats.log).toEqual(['create']);
    app.close();
  });
});

describe(`open redirects through the whole login flow (${openRedirectPayloads.length} payloads)`, () => {
  const navigations: string[] = [];
  const record = (to: string) => void navigations.push(to);
  const safePath = (to: string) => to.startsWith('/') && !to.startsWith('//') && safeReturnTo(to) === to;

  it('a legitimate returnTo is honoured (the control)', async () => {
    const app = renderSessionApp({ path: '/settings?tab=2#keys', onNavigate: record });
    await waitFor(() => expect(view.location()).toBe('/login?returnTo=' + encodeURIComponent('/settings?tab=2#keys')));
    await signInWithTheForm();
    await waitFor(() => expect(view.location()).toBe('/settings?tab=2#keys'));
    expect(screen.getByRole('heading', { name: 'Settings' })).toBeInTheDocument();
    app.close();
  });

  it.each(openRedirectPayloads.map((p) => [JSON.stringify(p).slice(0, 60), p] as const))('signing in with returnTo=%s lands on /', async (_, payload) => {
    navigations.length = 0;
    const app = renderSessionApp({ path: '/login?returnTo=' + encodeURIComponent(payload), onNavigate: record, strict: false });
    await waitFor(() => expect(view.status()).toBe('anonymous'));
    await signInWithTheForm();
    await waitFor(() => expect(view.location()).toBe('/'));
    await settled(app);
    expect(view.location()).toBe('/');
    expect(screen.getByRole('heading', { name: 'Home' })).toBeInTheDocument();
    expect(navigations.length).toBeGreaterThan(0);
    expect(navigations.filter((to) => !safePath(to))).toEqual([]);
    app.close();
  });

  it('an already signed-in user opening /login with any payload lands on /', async () => {
    const s = await upgradeWith(await createSession(), await loginAs(ADA.email));
    for (const payload of openRedirectPayloads) {
      navigations.length = 0;
      const tab = memoryStorage();
      plant(tab, s.session.session_id, s.session_token);
      const app = renderSessionApp({ path: '/login?returnTo=' + encodeURIComponent(payload), storage: tab, onNavigate: record, strict: false });
      await waitFor(() => expect(view.location(), JSON.stringify(payload)).toBe('/'));
      await settled(app);
      expect(view.status()).toBe('authenticated');
      expect(navigations.filter((to) => !safePath(to))).toEqual([]);
      app.close();
    }
  });
});
