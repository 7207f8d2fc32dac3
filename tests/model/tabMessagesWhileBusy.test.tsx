/**
 * A tab with a request in flight keeps another tab's message in its inbox and acts on it when the
 * request settles. Found by exploring the session model; each test names what SPEC §3 expects.
 */
import { describe, expect, it } from 'vitest';
import { ADA, nextOrigin, renderModes, renderSessionApp, runningRequests, storedIn, tabStorage, type SessionApp } from '../support/harness.tsx';
import { backend } from '../support/mockBackend.ts';
import { gate, type Gate } from '../support/network.ts';
import { duplicateTab, loseSessionThere, signInThere, signOutThere } from './otherTab.ts';
import { actOn, until } from './until.ts';

/** A page whose API requests wait for the test; it loads with what `storage` holds. */
async function heldPage(strict: boolean, kind: 'empty' | 'anonymous') {
  const origin = nextOrigin();
  const requests = gate(origin);
  const storage = await tabStorage(kind);
  const app = renderSessionApp({ origin, strict, storage });
  return { app, requests, storage };
}

/** Lets the mock answer every request the page sends until it rests with none running. */
async function answerAllUntilAtRest(app: SessionApp, requests: Gate) {
  for (;;) {
    await until(() => expect(requests.held().length > 0 || runningRequests(app.actor).length === 0).toBe(true));
    const oldest = requests.held()[0];
    if (!oldest) return;
    await actOn(() => requests.answer(oldest.endpoint, 'pass'));
  }
}

describe.each(renderModes)('a tab busy with a request when another tab acts ($name)', ({ strict }) => {
  it('R14: a check in flight while the other tab signs out and signs in again ends signed in on the other tab’s session and token', { timeout: 15_000 }, async () => {
    const { app, requests, storage } = await heldPage(strict, 'anonymous');
    await answerAllUntilAtRest(app, requests);
    const other = await duplicateTab(storage, 3);
    // A third tab, idle, that only follows: once it holds what the other holds, both messages were delivered.
    const witness = await duplicateTab(storage, 3);
    try {
      await actOn(() => app.view.press('Refresh session'));
      await until(() => expect(requests.held().map((r) => r.endpoint)).toEqual(['get']));

      await signOutThere(other);
      await signInThere(other);
      const there = other.actor.getSnapshot().context.stored!;
      await until(() => expect(witness.actor.getSnapshot().context.stored).toEqual(there));
      await answerAllUntilAtRest(app, requests);

      const here = storedIn(app.storage)!;
      expect({ status: app.view.status(), user: app.view.user(), held: here }).toEqual({ status: 'authenticated', user: ADA.user_id, held: there });
      expect(await backend.sessionTokenMatches(here.session_id, here.session_token)).toBe(true);
    } finally {
      other.actor.stop();
      witness.actor.stop();
    }
  });

  it('R6: a login whose session another tab found gone meanwhile ends signed in on a new session', { timeout: 15_000 }, async () => {
    const { app, requests, storage } = await heldPage(strict, 'empty');
    await answerAllUntilAtRest(app, requests);
    const other = await duplicateTab(storage, 3);
    try {
      await actOn(() => app.view.press('Log in as Ada'));
      await until(() => expect(requests.held().map((r) => r.endpoint)).toEqual(['login']));

      await loseSessionThere(other);
      await until(() => expect(app.actor.getSnapshot().context.inbox).not.toBeNull());
      await answerAllUntilAtRest(app, requests);

      expect({ status: app.view.status(), user: app.view.user(), authError: app.view.authError() }).toEqual({ status: 'authenticated', user: ADA.user_id, authError: null });
    } finally {
      other.actor.stop();
    }
  });
});
