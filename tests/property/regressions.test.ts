/**
 * Counterexamples the property and race tests found, shrunk and written out as scripts: each
 * names the rule it broke, holds back exactly what the counterexample delivered late, and expects
 * what SPEC §3 says. Each one fails while the machine has the bug it describes, and guards the fix
 * once the machine has none.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ADA, duplicatedTabStorage, tabStorage } from '../support/harness.tsx';
import { memoryStorage } from '../support/memoryStorage.ts';
import { backend } from '../support/mockBackend.ts';
import { loseAnswers, heal, routes } from '../support/network.ts';
import { ScheduledTabs, ScriptedOrder, type ScheduledTab } from './scheduledTabs.ts';

let world: ScheduledTabs | undefined;
afterEach(() => {
  world?.close();
  world = undefined;
  heal();
});

/** A script's tabs, everything happening as it comes unless the script holds it back. */
function script() {
  const order = new ScriptedOrder();
  world = new ScheduledTabs(order);
  return { order, world };
}

/** Tab A, at rest on a session (anonymous unless said), and B, its duplicate. */
async function duplicatedTabs(world: ScheduledTabs, kind: 'anonymous' | 'authenticated' = 'anonymous') {
  const a = world.open('A', { storage: await tabStorage(kind) });
  await world.settle();
  const b = world.open('B', { storage: duplicatedTabStorage(a.storage) });
  await world.settle();
  return { a, b };
}

/** What the tab holds, and whether the server takes its token. */
async function held(tab: ScheduledTab) {
  const stored = tab.actor.getSnapshot().context.stored!;
  return { ...stored, accepted: await backend.sessionTokenMatches(stored.session_id, stored.session_token) };
}

describe('R13: an intent asked for during a re-check whose answer is lost', () => {
  // Found by "a lost answer to a re-check or a restore keeps the session": `checking` went back
  // to `idle` on a transient error, not through `deciding`, so the queued intent was never acted
  // on (and `isPending` stayed true with no error shown). Fixed: it goes through `deciding`.
  it('a login still runs: the tab ends signed in', async () => {
    const { world } = script();
    const tab = world.open('tab');
    await world.settle();
    loseAnswers(routes.get, 1);

    tab.actor.send({ type: 'session.refresh' });
    tab.login(ADA);
    await world.settle();

    expect(tab.actor.getSnapshot().context.pendingLogin, 'nothing left queued').toBeNull();
    expect(tab.status).toBe('authenticated');
  });

  it('a logout still runs: the tab ends anonymous on a new session', async () => {
    const { world } = script();
    const tab = world.open('tab', { storage: await tabStorage('authenticated') });
    await world.settle();
    const before = tab.sessionId;
    loseAnswers(routes.get, 1);

    tab.actor.send({ type: 'session.refresh' });
    tab.logout();
    await world.settle();

    expect(tab.actor.getSnapshot().context.pendingLogout, 'nothing left queued').toBe(false);
    expect(tab.status).toBe('anonymous');
    expect(tab.sessionId).not.toBe(before);
  });
});

describe('R16: an upgrade answer lost on every try', () => {
  // Found by the race of the same name. The server upgraded the session and rotated its token;
  // every answer was lost. The tab probes its session (401: the token rotated), replaces it with
  // a new one and upgrades that: the user ends signed in, but the first session, signed in as the
  // user, stays live on the server with no tab holding it. The upgrade's key (which the mock would
  // replay) is dropped when the login gives up, so nothing can recover that session.
  it('leaves no session signed in as the user behind on the server', async () => {
    const { world } = script();
    const tab = world.open('tab', { attempts: 1 });
    await world.settle();
    loseAnswers(routes.upgrade, 1);

    tab.login(ADA);
    await world.settle();

    const stored = tab.actor.getSnapshot().context.stored!;
    expect(await backend.sessionTokenMatches(stored.session_id, stored.session_token), 'the server takes the token the tab holds').toBe(true);
    const left = (await backend.listSessions()).filter((s) => s.session_id !== tab.sessionId).map((s) => `${s.session_id} as ${s.user_id ?? 'nobody'}`);
    expect(left, `sessions the server keeps that no tab holds (the tab is ${tab.status})`).toEqual([]);
  });
});

describe('R14: a re-check that meets the token another tab just rotated', () => {
  // Found by "another tab's sign-in, sign-out or expiry reaches a tab with a request in flight"
  // and, under 'browser' persistence, by "tabs opened together share one session": the 401 of a
  // rotated token is taken for a session gone when it comes before the other tab's message.
  // Fixed: a refused token waits a moment for that message (and, under 'browser', reads storage).
  it('a duplicated tab does not sign the other tab out', async () => {
    const { order, world } = script();
    const { a, b } = await duplicatedTabs(world);
    const getOfB = order.hold('B sends get');
    const messagesToB = order.hold('message A → B');

    b.actor.send({ type: 'session.refresh' });
    a.login(ADA);
    await world.until(() => a.status === 'authenticated', 'A signed in');
    getOfB();
    await world.until(() => world.trace.includes('B get 401'), "B's re-check refused");
    messagesToB();
    await world.settle();

    expect(a.status, 'A, who signed in').toBe('authenticated');
    expect(b.status).toBe('authenticated');
    expect(b.sessionId).toBe(a.sessionId);
  });

  it("under 'browser' persistence, a tab restoring the session does not split the tabs", async () => {
    const { order, world } = script();
    const shared = await tabStorage('anonymous');
    const first = world.open('tab 1', { storage: shared, persistence: 'browser' });
    await world.settle();
    const getOfSecond = order.hold('tab 2 sends get');
    const messagesToSecond = order.hold('message tab 1 → tab 2');
    const second = world.open('tab 2', { storage: shared, persistence: 'browser' });

    first.login(ADA);
    await world.until(() => first.status === 'authenticated', 'tab 1 signed in');
    getOfSecond();
    await world.until(() => second.quiet, 'tab 2 at rest');
    messagesToSecond();
    await world.settle();

    expect(second.sessionId, 'one session for both tabs').toBe(first.sessionId);
    expect(shared.getItem('session_id'), 'the one the browser keeps').toBe(first.sessionId);
    expect(second.status).toBe('authenticated');
  });
});

describe('R13, R14: a login in flight meets another tab’s message about its session', () => {
  // Found by "another tab's sign-in, sign-out or expiry reaches a tab with a request in flight":
  // the upgrade failed on the session the other tab found gone, the message in the inbox won at
  // `deciding`, and the credentials were dropped on leaving `upgrading`: no sign-in, no error.
  // Fixed: `overtaken` queues the login again.
  it('the login is not dropped: the tab ends signed in', async () => {
    const { order, world } = script();
    const { a, b } = await duplicatedTabs(world);
    const upgradeOfB = order.hold('B sends upgrade');

    b.login(ADA);
    await world.until(() => b.sent('upgrade').length === 1, 'B upgrading');
    await backend.expireSession(a.sessionId!);
    a.actor.send({ type: 'session.refresh' });
    await world.until(() => a.quiet && a.sessionId !== b.sessionId, 'A on a new session');
    upgradeOfB();
    await world.settle();

    expect(b.status, `B (error: ${b.actor.getSnapshot().context.authError?.code ?? 'none'})`).toBe('authenticated');
  });
});

describe('R7, R14: a logout refused because another tab rotated the token', () => {
  // Found by "another tab's sign-in, sign-out or expiry reaches a tab with a request in flight":
  // the logout was sent with the token B's sign-in had just rotated; the 401 is taken for "ended",
  // A forgets the session and tells B it is over, and the signed-in session stays live on the
  // server, held by no tab: the user sees every tab signed out while that session still works.
  it('does not leave the signed-in session live on the server', async () => {
    const { order, world } = script();
    const { a, b } = await duplicatedTabs(world);
    const logoutOfA = order.hold('A sends logout');

    a.logout();
    b.login(ADA);
    await world.until(() => b.status === 'authenticated', 'B signed in');
    logoutOfA();
    await world.settle();

    const held = new Set([a.sessionId, b.sessionId]);
    const left = (await backend.listSessions()).filter((s) => !held.has(s.session_id)).map((s) => `${s.session_id} as ${s.user_id ?? 'nobody'}`);
    expect(left, `sessions the server keeps that no tab holds (A ${a.status}, B ${b.status})`).toEqual([]);
  });
});

describe('R10, R14: a signed-in tab that learns from another tab that its session expired', () => {
  // Found by the property test: the message says only "this session is over, here is the next
  // one"; the tab that gets it moves to the new anonymous session with no error, so a signed-in
  // user there is signed out without the "session expired" notice the tab that found out shows.
  it('shows the "session expired" notice too', async () => {
    const { world } = script();
    const { a, b } = await duplicatedTabs(world, 'authenticated');
    await backend.expireSession(a.sessionId!);

    a.actor.send({ type: 'session.refresh' });
    await world.settle();

    expect(a.actor.getSnapshot().context.error?.code, 'A, which found out').toBe('session_expired');
    expect(b.sessionId).toBe(a.sessionId);
    expect(b.actor.getSnapshot().context.error?.code, 'B, which A told').toBe('session_expired');
  });
});

describe("R14: under 'browser' persistence, a tab that finds the session gone while loading", () => {
  // Found by the property test: a tab's first `deciding` announces nothing (`announced` is still
  // null), so the tab that restored, found the session gone and created another wrote it to the
  // shared storage without telling the tabs that hold the old one.
  it('tells the other tabs, which follow it within a second', async () => {
    const { world } = script();
    const shared = await tabStorage('anonymous');
    const first = world.open('tab 1', { storage: shared, persistence: 'browser' });
    await world.settle();
    await backend.expireSession(first.sessionId!);

    const second = world.open('tab 2', { storage: shared, persistence: 'browser' });
    await world.settle();

    expect(second.sessionId).not.toBeNull();
    expect(first.sessionId, 'tab 1 follows tab 2').toBe(second.sessionId);
  });
});

describe('R3, R13: a login or logout asked for while the session failed', () => {
  // Found by the property test: `queueLogin` and `queueLogout` cleared the error, so the tab
  // stayed in `none.failed` with the intent queued, no error and no Retry on screen (after a
  // login, isPending stayed true) until the browser came back online. Fixed: asking tries again.
  it.each(['login', 'logout'] as const)('a %s either starts the session again or leaves the error (and its Retry) on screen', async (intent) => {
    const { world } = script();
    loseAnswers(routes.create, 1);
    const tab = world.open('tab', { attempts: 1 });
    await world.settle();
    expect(tab.actor.getSnapshot().context.error?.code).toBe('network');

    if (intent === 'login') tab.login(ADA);
    else tab.logout();
    await world.settle();

    const snapshot = tab.actor.getSnapshot();
    const stuck = snapshot.matches({ session: { none: 'failed' } }) && snapshot.context.error === null;
    expect(stuck, `failed with no error to show and the ${intent} queued (${JSON.stringify(snapshot.value)})`).toBe(false);
  });
});

describe("R16: under 'browser' persistence, a create whose answer was lost in one tab", () => {
  // Found by the property test: the first tab's create answer is lost and it fails, letting go of
  // the lock; the next tab creates another session with its own key; on Retry the first tab finds
  // that one stored and takes it, and the session its own key made stays on the server.
  it('leaves no session on the server that no tab holds', async () => {
    const { world } = script();
    const shared = memoryStorage();
    loseAnswers(routes.create, 1);
    const first = world.open('tab 1', { storage: shared, persistence: 'browser', attempts: 1 });
    await world.settle();
    const second = world.open('tab 2', { storage: shared, persistence: 'browser' });
    await world.settle();

    first.actor.send({ type: 'session.retry' });
    await world.settle();

    expect(first.sessionId).toBe(second.sessionId);
    expect((await backend.listSessions()).map((s) => s.session_id), 'live sessions on the server').toEqual([second.sessionId]);
  });
});

describe("R16: under 'browser' persistence, a logout whose new session's create answer was lost", () => {
  // Found by the property test's long run: the tab that signed out keeps its create key in the
  // shared storage; the other tab, following the sign-out, wrote its own empty key over it and
  // created another session, so the one the lost answer made stayed on the server.
  // Fixed: a tab with no key and no session leaves another tab's key alone.
  it('the other tab creates with the same key: one session for both, none left behind', async () => {
    const { world } = script();
    const shared = memoryStorage();
    const first = world.open('tab 1', { storage: shared, persistence: 'browser' });
    await world.settle();
    const second = world.open('tab 2', { storage: shared, persistence: 'browser', attempts: 1 });
    await world.settle();
    loseAnswers(routes.create, 1);

    second.logout();
    await world.settle();
    second.actor.send({ type: 'session.retry' });
    await world.settle();

    expect(second.sessionId, 'one session for both tabs').toBe(first.sessionId);
    expect((await backend.listSessions()).map((s) => s.session_id), 'live sessions on the server').toEqual([first.sessionId]);
  });
});

describe("R14, R16: under 'browser' persistence, a sign-in whose session was replaced by the one another tab created", () => {
  // Found by the property test's long run: tab 1's upgrade found its session gone and replaced it,
  // creating with the key it keeps in the shared storage; tab 2 had created with that key first, so
  // both joined one session. Tab 1's sign-in message named the token of the session it had lost,
  // which tab 2 never held, so tab 2 stayed anonymous on the token the sign-in rotated away.
  // Fixed: the sign-in of a session a tab holds anonymously is news for it, whatever token it names.
  it('the other tab follows the sign-in on the session they share', async () => {
    const { order, world } = script();
    const shared = memoryStorage();
    const first = world.open('tab 1', { storage: shared, persistence: 'browser' });
    await world.settle();
    await backend.expireSession(first.sessionId!);
    const createOfFirst = order.hold('tab 1 sends create');
    first.login(ADA);
    await world.until(() => first.sent('create').length === 2, 'tab 1 replaces its session');

    const second = world.open('tab 2', { storage: shared, persistence: 'browser' });
    await world.until(() => second.resting, 'tab 2 has a session');
    createOfFirst();
    await world.settle();

    expect(first.status).toBe('authenticated');
    expect(second.sessionId, 'one session for both tabs').toBe(first.sessionId);
    expect(second.status, 'tab 2 follows the sign-in').toBe('authenticated');
    expect(second.actor.getSnapshot().context.stored).toEqual(first.actor.getSnapshot().context.stored);
  });
});

describe('R7, R14: a tab that signs out and goes away before its new session is made', () => {
  // Found by the property test's long run: the tab tells the others of a sign-out once its new
  // session is made; reloaded or closed before that, it told nobody, and its duplicate stayed on
  // the ended session until its next check. Fixed: a page that goes away (`pagehide`) tells the
  // other tabs what they have not heard yet.
  it('its duplicate leaves the ended session at once', async () => {
    const { order, world } = script();
    const { a, b } = await duplicatedTabs(world, 'authenticated');
    const ended = a.sessionId;
    const createOfA = order.hold('A sends create');
    a.logout();
    await world.until(() => a.sent('create').length === 1, 'A starts a new session');

    a.actor.send({ type: 'page.leaving' });
    a.kill();
    createOfA();
    await world.settle();

    expect(b.status).toBe('anonymous');
    expect(b.sessionId).not.toBe(ended);
    expect((await held(b)).accepted, 'the server takes B’s token').toBe(true);
  });
});

describe("R7, R14: under 'browser' persistence, a sign-out while a new tab restores the session", () => {
  // Found by the race "tabs opened together share one session, whoever logs in or out meanwhile":
  // tab 2 restored the stored session (the server answered before tab 1's sign-out ended it, the
  // answer arrived after); tab 3 took the tabs' lock next, found the storage empty and made a new
  // session; tab 1, after it, found that one in storage and took it as news it had told already:
  // tab 2 stayed on the ended session. Fixed: a tab keeps telling what it last held.
  it('every tab ends on the one new session, and the server keeps no other', async () => {
    const { order, world } = script();
    const shared = memoryStorage();
    const first = world.open('tab 1', { storage: shared, persistence: 'browser' });
    await world.settle();
    const ended = first.sessionId!;
    const answerToSecond = order.hold('tab 2 get');
    const restores = () => backend.requestLog.count({ method: 'GET', path: `/api/session/${ended}` });
    const restoresBefore = restores();
    const second = world.open('tab 2', { storage: shared, persistence: 'browser' });
    await world.until(() => restores() === restoresBefore + 1, 'the server answered tab 2’s restore');
    const third = world.open('tab 3', { storage: shared, persistence: 'browser' });

    first.logout();
    await world.until(() => world.trace.includes('tab 1 logout 204'), 'the server ended the session');
    answerToSecond();
    await world.settle();

    const tabs = [first, second, third];
    expect(new Set(tabs.map((tab) => tab.sessionId)).size, 'one session for every tab').toBe(1);
    expect(second.sessionId).not.toBe(ended);
    expect(shared.getItem('session_id'), 'the one the browser keeps').toBe(second.sessionId);
    expect((await backend.listSessions()).map((s) => s.session_id), 'live sessions on the server').toEqual([second.sessionId]);
  });
});
