/**
 * Two faults at once, where the fault matrix has one: a step that needs a new session (R2, R6,
 * R7) and a backend that cannot create one. Whatever the path, the app must not show a session
 * the server does not know, must retry the create with a bound (R3), and must end in `none` with
 * an error and a retry() that recovers once the backend does.
 */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockBackend as mockStore } from '../../mocks/index.ts';
import { memoryStorage } from '../support/memoryStorage.ts';
import { createSession } from '../support/api.ts';
import { countingFetch, nextOrigin, renderSessionApp, settled, storedIn, view, type SessionApp } from '../support/app.tsx';
import { failEndpoint } from './backend.ts';
import { server } from '../../mocks/node.ts';

/** No session shown unless the server knows it; `none` with the error and a working retry. */
async function expectNoSessionThenRecovery(app: SessionApp, counting: ReturnType<typeof countingFetch>) {
  const shown = view.sessionId();
  if (shown) expect((await mockStore.getSession(shown))?.expired, `the page shows the session ${shown}, which the server does not know`).toBe(false);
  expect(counting.stats.log.filter((e) => e === 'create')).toHaveLength(3);
  expect({ status: view.status(), error: view.error() }).toEqual({ status: 'none', error: 'server' });

  server.resetHandlers();
  await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
  await settled(app, counting.stats);
  expect(view.status()).toBe('anonymous');
  expect(await mockStore.sessionTokenMatches(storedIn(app.storage)!.session_id, storedIn(app.storage)!.session_token)).toBe(true);
}

describe('a new session is needed and cannot be created (503)', () => {
  it('at load, after the stored session turned out stale (R2 + R3)', async () => {
    const storage = memoryStorage();
    storage.setItem('session_id', 'ses_' + 'e'.repeat(32));
    storage.setItem('session_token', 't'.repeat(43));
    const origin = nextOrigin();
    const counting = countingFetch();
    failEndpoint('create', '503', origin);
    const app = renderSessionApp({ origin, storage, fetch: counting.fetch });
    await settled(app, counting.stats);
    expect(counting.stats.log[0]).toBe('get');
    await expectNoSessionThenRecovery(app, counting);
    app.close();
  });

  it('after signing out (R7 + R3)', async () => {
    const s = await createSession();
    const storage = memoryStorage();
    storage.setItem('session_id', s.session.session_id);
    storage.setItem('session_token', s.session_token);
    const origin = nextOrigin();
    const counting = countingFetch();
    const app = renderSessionApp({ origin, storage, fetch: counting.fetch });
    await settled(app, counting.stats);
    counting.stats.log.length = 0;
    failEndpoint('create', '503', origin);
    await userEvent.click(screen.getByRole('button', { name: 'Log out' }));
    await settled(app, counting.stats);
    expect(await mockStore.getSession(s.session.session_id)).toBeUndefined();
    await expectNoSessionThenRecovery(app, counting);
    app.close();
  });

  it('during sign-in, after the session expired meanwhile (R6 + R3)', async () => {
    const origin = nextOrigin();
    const counting = countingFetch();
    const app = renderSessionApp({ origin, fetch: counting.fetch });
    await settled(app, counting.stats);
    await mockStore.expireSession(storedIn(app.storage)!.session_id);
    counting.stats.log.length = 0;
    failEndpoint('create', '503', origin);
    await userEvent.click(screen.getByRole('button', { name: 'Log in as Ada' }));
    await settled(app, counting.stats);
    expect(counting.stats.log.slice(0, 2)).toEqual(['login', 'upgrade']);
    await expectNoSessionThenRecovery(app, counting);
    app.close();
  });
});
