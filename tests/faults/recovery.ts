/**
 * What is left after a fault, and whether the user can go on: the sessions the server holds that
 * the tab lost hold of, and a sign-in once the network heals, without a reload.
 */
import { expect } from 'vitest';
import { ADA, settled, storedIn, type SessionApp } from '../support/harness.tsx';
import { backend } from '../support/mockBackend.ts';
import { heal } from '../support/network.ts';

/** Live sessions at the server other than the one the tab holds. */
export async function orphansOf(app: SessionApp): Promise<string[]> {
  const held = storedIn(app.storage)?.session_id;
  return (await backend.listSessions()).map((s) => s.session_id).filter((id) => id !== held);
}

/** The tab holds a session the server accepts with the tab's token (or nothing at all). */
export async function expectNoDeadToken(app: SessionApp) {
  const held = storedIn(app.storage);
  if (held) expect(await backend.sessionTokenMatches(held.session_id, held.session_token), 'the tab holds a token the server refuses').toBe(true);
}

/**
 * The network heals; the user presses Retry if the page has no session, then signs in as Ada,
 * without a reload: the page ends signed in on a token the server accepts.
 */
export async function signInWithoutReload(app: SessionApp, stats?: { inFlight: number }) {
  heal();
  if (app.view.status() === 'none') {
    await app.view.press('Retry');
    await settled(app, stats);
  }
  await app.view.press('Log in as Ada');
  await settled(app, stats);
  expect({ status: app.view.status(), user: app.view.user(), authError: app.view.authError() }).toEqual({
    status: 'authenticated',
    user: ADA.user_id,
    authError: null,
  });
  expect(storedIn(app.storage)?.session_id).toBe(app.view.sessionId());
  await expectNoDeadToken(app);
}

/** {@link signInWithoutReload}, leaving no orphan session behind that was not there before. */
export async function expectSignInWithoutReload(app: SessionApp, stats?: { inFlight: number }) {
  const orphansBefore = await orphansOf(app);
  await signInWithoutReload(app, stats);
  expect(await orphansOf(app)).toEqual(orphansBefore);
}
