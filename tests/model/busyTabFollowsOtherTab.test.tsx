/**
 * A tab with a request in flight keeps another tab's message in its inbox until the request
 * settles. When the other tab speaks twice meanwhile (it signs out, then signs in on its new
 * session), the second message is about a session this tab does not hold yet: R14 says the tab
 * still ends where the other tab is, on a token the server takes.
 */
import { describe, expect, it } from 'vitest';
import { ADA, nextOrigin, renderModes, renderSessionApp, runningRequests, storedIn, tabStorage } from '../support/harness.tsx';
import { backend } from '../support/mockBackend.ts';
import { gate } from '../support/network.ts';
import { duplicateTab, signInThere, signOutThere } from './otherTab.ts';
import { actOn, until } from './until.ts';

describe.each(renderModes)('a tab busy with a request follows another tab that speaks twice ($name)', ({ strict }) => {
  it('a check in flight while the other tab signs out and signs in again ends signed in on the other tab’s session and token', { timeout: 15_000 }, async () => {
    const origin = nextOrigin();
    const requests = gate(origin);
    const storage = await tabStorage('anonymous');
    const app = renderSessionApp({ origin, strict, storage });
    await until(() => expect(requests.held().map((r) => r.endpoint)).toEqual(['get']));
    await actOn(() => requests.answer('get', 'pass'));
    await until(() => expect(app.view.status()).toBe('anonymous'));
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
      await actOn(() => requests.answer('get', 'pass'));

      await until(() => expect(runningRequests(app.actor)).toEqual([]));
      const here = storedIn(app.storage)!;
      expect({ status: app.view.status(), user: app.view.user(), held: here }).toEqual({ status: 'authenticated', user: ADA.user_id, held: there });
      expect(await backend.sessionTokenMatches(here.session_id, here.session_token)).toBe(true);
    } finally {
      other.actor.stop();
      witness.actor.stop();
    }
  });
});
