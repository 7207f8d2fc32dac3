/**
 * Security through the whole app (real providers, guards, login form, client, MSW mock backend):
 * session fixation and rotated tokens, the access token never kept, session tokens only ever sent
 * to the API's origin (the library's requests and the app's own through the authenticated fetch),
 * tampered storage, open redirects.
 */
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError, createSessionActor, createSessionStore, ExperiencePlaneClient, type ApiErrorCode } from '../../src/index.ts';
import { useAuthenticatedFetch } from '../../src/react/index.ts';
import {
  ADA,
  countingFetch,
  nextOrigin,
  recordingStorage,
  renderModes,
  renderSessionApp,
  settled,
  signIn,
  storedIn,
  type RenderMode,
  type TabStorage,
} from '../support/harness.tsx';
import { memoryStorage, throwingStorage } from '../support/memoryStorage.ts';
import { backend } from '../support/mockBackend.ts';
import { endpointOf, serve } from '../support/network.ts';
import { openRedirectPayloads } from '../support/openRedirectPayloads.ts';
import { OPEN_REDIRECT_LISTS, openRedirectLists } from './openRedirectLists.ts';

const plant = (storage: TabStorage, id: string | null, token: string | null) => {
  if (id !== null) storage.setItem('session_id', id);
  if (token !== null) storage.setItem('session_token', token);
};

/** A tab holding a live session of the mock (signed in as `email`, if given). */
async function tabHolding(email?: string) {
  const seeded = await backend.seedSession(email ? { email } : {});
  const storage = memoryStorage();
  plant(storage, seeded.session_id, seeded.session_token);
  return { storage, ...seeded };
}

/** How the server answers a GET of the session with `token`, through the library's own client. */
async function readWith(sessionId: string, token: string): Promise<'accepted' | ApiErrorCode> {
  const client = new ExperiencePlaneClient({ baseUrl: nextOrigin() });
  try {
    await client.getSession(sessionId, token);
    return 'accepted';
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
}

/**
 * A `fetch` for the page that lets everything through and remembers what went out: each request's
 * URL, session token header and body, and the access token of every login answer.
 */
function watchingFetch() {
  const sent: { method: string; url: string; token: string | null; key: string | null; headers: string; body: string }[] = [];
  const accessTokens: string[] = [];
  const watching: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    sent.push({
      method: request.method,
      url: request.url,
      token: request.headers.get('X-Session-Token'),
      key: request.headers.get('Idempotency-Key'),
      headers: JSON.stringify([...request.headers]),
      body: await request.clone().text(),
    });
    const response = await fetch(request);
    if (endpointOf(request.method, request.url) === 'login' && response.ok) accessTokens.push((await response.clone().json()).access_token);
    return response;
  };
  return { fetch: watching, sent, accessTokens };
}

/** What other tabs of this origin are told (the library's tab channel). */
function listenToOtherTabs() {
  const channel = new BroadcastChannel('session-first');
  const heard: string[] = [];
  channel.onmessage = (event: MessageEvent) => heard.push(JSON.stringify(event.data));
  return { heard, close: () => channel.close() };
}

/** A settled page, and the `fetch` its components get from `useAuthenticatedFetch()`. */
async function pageWithAuthenticatedFetch(strict: boolean) {
  let handedOut: typeof fetch | undefined;
  function HandOut() {
    handedOut = useAuthenticatedFetch();
    return null;
  }
  const app = renderSessionApp({ strict, extra: <HandOut /> });
  await settled(app);
  const authenticatedFetch: typeof fetch = (input, init) => handedOut!(input, init);
  return { app, authenticatedFetch };
}

describe.each(renderModes)('security flows ($name)', ({ strict }) => {
  describe('session fixation and rotated tokens', () => {
    it('a session planted in the tab works for the attacker only until the victim signs in', async () => {
      const planted = await tabHolding();
      const app = renderSessionApp({ strict, path: '/login', storage: planted.storage });
      await settled(app);
      expect(app.view.sessionId()).toBe(planted.session_id);

      await signIn(ADA, userEvent.setup());

      await waitFor(() => expect(app.view.status()).toBe('authenticated'));
      await settled(app);
      const now = storedIn(planted.storage)!;
      expect(now.session_id).toBe(planted.session_id);
      expect(now.session_token).not.toBe(planted.session_token);
      expect(await readWith(planted.session_id, planted.session_token)).toBe('unauthorized');
      expect(await readWith(now.session_id, now.session_token)).toBe('accepted');
    });

    it('a tab holding a token rotated away by another tab stops using it, without a reload', async () => {
      const shared = await tabHolding();
      const copy = memoryStorage();
      plant(copy, shared.session_id, shared.session_token);
      const a = renderSessionApp({ strict, storage: shared.storage });
      const b = renderSessionApp({ strict, storage: copy });
      await settled(a);
      await settled(b);

      await a.view.press('Log in as Ada');

      await settled(a);
      await waitFor(() => expect(storedIn(copy)?.session_token).not.toBe(shared.session_token));
      await settled(b);
      expect(await readWith(shared.session_id, shared.session_token)).toBe('unauthorized');
      const held = storedIn(copy)!;
      expect(await backend.sessionTokenMatches(held.session_id, held.session_token)).toBe(true);
    });
  });

  describe('the access token', () => {
    it('is never stored, kept once the upgrade is done, told to other tabs, rendered, or sent anywhere but the upgrade', async () => {
      const tab = recordingStorage(sessionStorage);
      const watching = watchingFetch();
      const otherTabs = listenToOtherTabs();
      const app = renderSessionApp({ strict, path: '/login?returnTo=%2Fdashboard', storage: tab.storage, fetch: watching.fetch });
      try {
        await settled(app);
        await signIn(ADA, userEvent.setup());
        await waitFor(() => expect(app.view.location()).toBe('/dashboard'));
        // Sign in again while signed in: a second access token.
        await app.view.press('Log in as Ada');
        await settled(app);
        expect(app.view.status()).toBe('authenticated');
        serve(`${app.origin}/app/*`);
        await app.view.press('Call the app API');
        await settled(app);

        expect(watching.accessTokens).toHaveLength(2);
        await waitFor(() => expect(otherTabs.heard.length).toBeGreaterThan(0));
        const places = {
          'storage writes': tab.writes.join('\n'),
          sessionStorage: JSON.stringify({ ...sessionStorage }),
          // The mock backend keeps its own state (the server's) in localStorage; the rest is the page's.
          localStorage: JSON.stringify(Object.entries({ ...localStorage }).filter(([key]) => !key.startsWith('session-first:mock'))),
          'machine context': JSON.stringify(app.actor.getSnapshot().context),
          'persisted snapshot': JSON.stringify(app.actor.getPersistedSnapshot()),
          'messages to other tabs': otherTabs.heard.join('\n'),
          page: document.body.innerHTML,
          'request headers': watching.sent.map((r) => r.headers).join('\n'),
          'request URLs': watching.sent.map((r) => r.url).join('\n'),
        };
        for (const token of watching.accessTokens) {
          for (const [where, text] of Object.entries(places)) expect(text.includes(token), `access token found in ${where}`).toBe(false);
          const carriers = watching.sent.filter((r) => r.body.includes(token)).map((r) => [endpointOf(r.method, r.url), new URL(r.url).origin]);
          expect(carriers, 'the access token travels in the upgrade to the API only').toEqual([['upgrade', app.origin]]);
        }
        expect(tab.writes.length).toBeGreaterThan(0);
      } finally {
        otherTabs.close();
      }
    });
  });

  describe('the session token goes to the API’s origin only', () => {
    it('in every request of a visit (load, sign-in, refresh, the app’s own call, sign-out), never in a URL', async () => {
      const watching = watchingFetch();
      const app = renderSessionApp({ strict, fetch: watching.fetch });
      await settled(app);
      serve(`${app.origin}/app/*`);
      for (const button of ['Log in as Ada', 'Refresh session', 'Call the app API', 'Sign out']) {
        await app.view.press(button);
        await settled(app);
      }

      const tokens = new Set(watching.sent.flatMap((r) => (r.token ? [r.token] : [])));
      expect(tokens.size).toBeGreaterThanOrEqual(2);
      expect(watching.sent.filter((r) => r.token).map((r) => new URL(r.url).origin)).toEqual(watching.sent.filter((r) => r.token).map(() => app.origin));
      for (const token of tokens) expect(watching.sent.filter((r) => r.url.includes(token))).toEqual([]);
      // R16's keys are 128 random bits, a new one for each create that succeeded and for each upgrade.
      const keys = watching.sent.filter((r) => r.key !== null).map((r) => [endpointOf(r.method, r.url), r.key]);
      expect(keys.map(([endpoint]) => endpoint)).toEqual(['create', 'upgrade', 'create']);
      expect(new Set(keys.map(([, key]) => key)).size).toBe(3);
      for (const [, key] of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);
    });

    it('the authenticated fetch sends it to the API’s origin, and to no look-alike', async () => {
      const { app, authenticatedFetch } = await pageWithAuthenticatedFetch(strict);
      const token = storedIn(app.storage)!.session_token;
      const host = new URL(app.origin).host;
      const api = serve(`${app.origin}/app/*`);
      const elsewhere = [
        serve('http://evil.test/*'),
        serve(`https://${host}/*`),
        serve(`http://${host}:8080/*`),
        serve(`http://${host}.evil.test/*`),
      ];
      const lookAlikes = [
        'http://evil.test/app/orders',
        `http://evil.test/${app.origin}/app/orders`,
        `http://evil.test/app/orders?next=${encodeURIComponent(app.origin)}`,
        `https://${host}/app/orders`,
        `http://${host}:8080/app/orders`,
        `http://${host}.evil.test/app/orders`,
        `http://${host}@evil.test/app/orders`,
        new Request('http://evil.test/app/orders', { method: 'POST', body: '{}' }),
      ];

      await authenticatedFetch(`${app.origin}/app/orders`);
      await authenticatedFetch(new URL(`${app.origin}/app/orders`));
      for (const target of lookAlikes) await authenticatedFetch(target).catch(() => undefined);

      expect(api.calls.map((c) => c.token)).toEqual([token, token]);
      const reached = elsewhere.flatMap((site) => site.calls);
      expect(reached.length).toBeGreaterThanOrEqual(6);
      expect(reached.filter((c) => c.token !== null)).toEqual([]);
    });

    it('the authenticated fetch does not carry it along a redirect to another origin', async () => {
      const { app, authenticatedFetch } = await pageWithAuthenticatedFetch(strict);
      serve(`${app.origin}/app/moved`, { status: 302, location: 'http://evil.test/collect' });
      const evil = serve('http://evil.test/*');

      await authenticatedFetch(`${app.origin}/app/moved`).catch(() => undefined);

      expect(evil.calls.filter((c) => c.token !== null)).toEqual([]);
    });
  });

  describe('tampered or garbage storage is treated as no session', () => {
    it.each([
      ['throws on every call', throwingStorage],
      ['holds only an id', (() => { const s = memoryStorage(); s.setItem('session_id', 'ses_' + '0'.repeat(32)); return s; })()],
      ['holds only a token', (() => { const s = memoryStorage(); s.setItem('session_token', 'x'.repeat(43)); return s; })()],
    ])('storage that %s: one new anonymous session, never a GET', async (_, storage) => {
      const counting = countingFetch();
      const app = renderSessionApp({ strict, storage, fetch: counting.fetch });
      await settled(app, counting.stats);
      expect(app.view.status()).toBe('anonymous');
      expect(counting.stats.log).toEqual(['create']);
    });
  });
});

describe('tampered storage, random values', () => {
  const values = fc.oneof(
    fc.constantFrom(null, '', ' ', '\n', '\t', '.', '..', '../..', '/', '%2F', 'null', 'undefined', '[object Object]', '{"session_id":"ses_x"}', '<script>alert(1)</script>', 'a'.repeat(513), 'ses_' + 'f'.repeat(32)),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
  );
  const RUNS = 40;

  it(`random stored ids and tokens (and someone else’s live session with a guessed token): one new session (${RUNS} runs, both render modes)`, async () => {
    let runs = 0;
    const victim = await backend.seedSession();
    await fc.assert(
      fc.asyncProperty(values, values, fc.boolean(), async (id, token, useVictimId) => {
        const { strict } = renderModes[runs++ % renderModes.length]!;
        const tab = memoryStorage();
        const plantedId = useVictimId ? victim.session_id : id;
        plant(tab, plantedId, token);
        const counting = countingFetch();
        const app = renderSessionApp({ strict, storage: tab, fetch: counting.fetch });
        try {
          await settled(app, counting.stats);
          expect(app.view.status()).toBe('anonymous');
          const now = storedIn(tab)!;
          expect(now.session_id).not.toBe(plantedId);
          expect(await backend.sessionTokenMatches(now.session_id, now.session_token)).toBe(true);
          // At most one look at the planted values, then exactly one new session.
          expect([['create'], ['get', 'create']]).toContainEqual(counting.stats.log);
          // Someone else's session is not touched by a wrong guess.
          expect(await backend.sessionTokenMatches(victim.session_id, victim.session_token)).toBe(true);
          expect((await backend.getSession(victim.session_id))?.user_id).toBeNull();
        } finally {
          app.close();
        }
      }),
      { numRuns: RUNS },
    );
    expect(runs).toBe(RUNS);
    // A guessed token for a live session is refused with 401, and a refused token waits half a
    // second for another tab's word (R14) before the session starts over: about half the runs.
  }, 60_000);
});

const APP_ORIGIN = 'https://app.example';

/** Each form of `path` a browser or router may act on: as given, and each percent-decoding of it. */
function decodings(path: string): string[] | null {
  const forms = [path];
  for (let level = 0; level < 4; level++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(forms[forms.length - 1]!);
    } catch {
      return null;
    }
    if (decoded === forms[forms.length - 1]) return forms;
    forms.push(decoded);
  }
  return null;
}

/** R9, written as a check: a relative path that stays on the app's origin in every form. */
function staysOnOrigin(target: string): boolean {
  const forms = decodings(target);
  return (
    forms !== null &&
    forms.every((form) => /^\/(?![/\\])/.test(form) && !/[\\\x00-\x1f\x7f]/.test(form) && new URL(form, APP_ORIGIN).origin === APP_ORIGIN)
  );
}

/** A navigation the library asked for after `returnTo=payload` is `/`, or the payload itself when that stays on the origin. */
const isSafeLanding = (payload: string, to: string) => to === '/' || (to === payload && staysOnOrigin(to));

describe(`open redirects: the shared payload lists (${OPEN_REDIRECT_LISTS})`, () => {
  const payloads = openRedirectLists();

  it(`every payload sent to the machine as a redirect target navigates to a same-origin path (${payloads.length} payloads)`, async () => {
    expect(payloads.length, `no payload lists at ${OPEN_REDIRECT_LISTS} (set OPEN_REDIRECT_PAYLOADS)`).toBeGreaterThan(0);
    const navigations: [string, string][] = [];
    let payload = '';
    const actor = createSessionActor({
      client: new ExperiencePlaneClient({ baseUrl: nextOrigin() }),
      storage: createSessionStore(null),
      navigate: (to) => void navigations.push([payload, to]),
    });
    try {
      for (payload of payloads) actor.send({ type: 'nav.redirect', to: payload });
    } finally {
      actor.stop();
    }

    expect(new Set(navigations.map(([sent]) => sent)).size).toBe(payloads.length);
    expect(navigations.filter(([sent, to]) => !isSafeLanding(sent, to))).toEqual([]);
  });

  it.each(renderModes.map((mode) => [mode.name, mode] as const))(
    'a signed-in user opening /login with a sample of them lands on a same-origin path (%s)',
    async (_, mode: RenderMode) => {
      const sample = payloads.filter((__, index) => index % 97 === (mode.strict ? 0 : 48));
      const signedIn = await backend.seedSession({ email: ADA.email });
      for (const payload of sample) {
        const navigations: string[] = [];
        const tab = memoryStorage();
        plant(tab, signedIn.session_id, signedIn.session_token);
        const app = renderSessionApp({
          strict: mode.strict,
          path: '/login?returnTo=' + encodeURIComponent(payload),
          storage: tab,
          onNavigate: (to) => void navigations.push(to),
        });
        await settled(app);
        expect(app.view.status()).toBe('authenticated');
        expect(navigations.length, payload).toBeGreaterThan(0);
        expect(navigations.filter((to) => !isSafeLanding(payload, to)), payload).toEqual([]);
        app.close();
      }
    },
  );
});

/** The login form, filled by pasting (one input event per field, where typing sends one per key). */
async function pasteAndSignIn(user: { email: string; password: string }) {
  const ue = userEvent.setup({ delay: null });
  await ue.click(screen.getByLabelText('Email'));
  await ue.paste(user.email);
  await ue.click(screen.getByLabelText('Password'));
  await ue.paste(user.password);
  await ue.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe(`open redirects through the whole login flow (${openRedirectPayloads.length} payloads)`, () => {
  it('a legitimate returnTo is honoured (the control)', async () => {
    const app = renderSessionApp({ path: '/settings?tab=2#keys' });
    await waitFor(() => expect(app.view.location()).toBe('/login?returnTo=' + encodeURIComponent('/settings?tab=2#keys')));
    await signIn(ADA, userEvent.setup());
    await waitFor(() => expect(app.view.location()).toBe('/settings?tab=2#keys'));
    expect(screen.getByRole('heading', { name: 'Settings' })).toBeInTheDocument();
  });

  // Alternating render modes: every payload once, each mode on half of them.
  it.each(openRedirectPayloads.map((payload, index) => [JSON.stringify(payload).slice(0, 60), renderModes[index % 2]!.name, payload, index] as const))(
    'signing in with returnTo=%s lands on / (%s)',
    async (_, __, payload, index) => {
      const navigations: string[] = [];
      const app = renderSessionApp({
        strict: renderModes[index % 2]!.strict,
        path: '/login?returnTo=' + encodeURIComponent(payload),
        onNavigate: (to) => void navigations.push(to),
      });
      await settled(app);
      await pasteAndSignIn(ADA);
      await waitFor(() => expect(app.view.location()).toBe('/'));
      await settled(app);
      expect(app.view.location()).toBe('/');
      expect(screen.getByRole('heading', { name: 'Home' })).toBeInTheDocument();
      expect(new Set(navigations)).toEqual(new Set(['/']));
    },
  );
});
