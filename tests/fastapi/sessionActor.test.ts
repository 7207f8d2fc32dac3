/**
 * The library on a real FastAPI backend (tests/fastapi/app.py, an independent implementation of
 * SPEC section 2): the session actor and the authenticated fetch from `session-first`'s public
 * names, over real HTTP, with the requests counted as they leave the client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import {
  createAuthenticatedFetch,
  createSessionActor,
  createSessionStore,
  ExperiencePlaneClient,
  selectStatus,
  type SessionActorRef,
  type SessionStatus,
  type SessionStore,
} from '../../src/index.ts';
import { startFastApi, type RunningServer } from '../check-backend/support/fastApiServer.ts';
import { memoryStorage } from '../support/memoryStorage.ts';

const ADA = { email: 'ada@acme.test', password: 'demo-pass-1' };

/** A client for the app at `url` that records each request it sends as `METHOD /path`. */
function countingClient(url: string): { client: ExperiencePlaneClient; sent: string[] } {
  const sent: string[] = [];
  const send: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    sent.push(`${request.method} ${new URL(request.url).pathname}`);
    return fetch(request);
  };
  return { client: new ExperiencePlaneClient({ baseUrl: url, fetch: send }), sent };
}

/** A page load: a session actor over the tab's storage (kept across loads, as sessionStorage is). */
function load(url: string, storage: SessionStore) {
  const { client, sent } = countingClient(url);
  const actor = createSessionActor({ client, storage });
  actors.push(actor);
  return { actor, sent };
}

const settledOn = async (actor: SessionActorRef, status: SessionStatus) => {
  const snapshot = await waitFor(actor, (now) => selectStatus(now) === status && now.matches({ session: { [status]: 'idle' } }), { timeout: 5000 });
  return snapshot.context;
};

const statusOnServer = async (url: string, sessionId: string, token: string) =>
  (await fetch(`${url}/api/session/${sessionId}`, { headers: { 'X-Session-Token': token } })).status;

const actors: SessionActorRef[] = [];
let api: RunningServer;

beforeAll(async () => {
  api = await startFastApi();
});

afterAll(async () => {
  for (const actor of actors) actor.stop();
  await api.close();
});

describe('the library on a real FastAPI backend', () => {
  it('first load: one create; a reload restores the same session with one GET', async () => {
    const storage = createSessionStore(memoryStorage());

    const first = load(api.url, storage);
    const created = await settledOn(first.actor, 'anonymous');
    first.actor.stop();
    const reload = load(api.url, storage);
    const restored = await settledOn(reload.actor, 'anonymous');

    expect(first.sent).toEqual(['POST /api/session/create-anonymous']);
    expect(reload.sent).toEqual([`GET /api/session/${created.session!.session_id}`]);
    expect(restored.session?.session_id).toBe(created.session?.session_id);
  });

  it('sign-in upgrades the same session with two requests; the old token is refused', async () => {
    const { actor, sent } = load(api.url, createSessionStore(memoryStorage()));
    const anonymous = await settledOn(actor, 'anonymous');

    actor.send({ type: 'user.login', ...ADA });
    const signedIn = await settledOn(actor, 'authenticated');

    expect(signedIn.session).toMatchObject({ session_id: anonymous.session!.session_id, user_id: 'usr_ada', tenant_id: 'acme' });
    expect(sent.slice(1)).toEqual(['POST /api/auth/login', `PATCH /api/session/${anonymous.session!.session_id}/upgrade`]);
    expect(signedIn.stored?.session_token).not.toBe(anonymous.stored?.session_token);
    expect(await statusOnServer(api.url, anonymous.session!.session_id, anonymous.stored!.session_token)).toBe(401);
    expect(await statusOnServer(api.url, signedIn.session!.session_id, signedIn.stored!.session_token)).toBe(200);
  });

  it('a wrong password: the message for people, the same anonymous session, one request', async () => {
    const { actor, sent } = load(api.url, createSessionStore(memoryStorage()));
    const anonymous = await settledOn(actor, 'anonymous');

    actor.send({ type: 'user.login', email: ADA.email, password: 'not-the-password' });
    await waitFor(actor, (now) => now.context.authError !== null, { timeout: 5000 });
    const after = await settledOn(actor, 'anonymous');

    expect(after.authError).toMatchObject({ code: 'unauthorized', message: 'Wrong email or password.' });
    expect(after.session?.session_id).toBe(anonymous.session?.session_id);
    expect(sent.slice(1)).toEqual(['POST /api/auth/login']);
  });

  it('sign-out ends the session on the server and leaves a new anonymous one', async () => {
    const { actor, sent } = load(api.url, createSessionStore(memoryStorage()));
    await settledOn(actor, 'anonymous');
    actor.send({ type: 'user.login', ...ADA });
    const signedIn = await settledOn(actor, 'authenticated');
    const before = sent.length;

    actor.send({ type: 'user.logout' });
    await waitFor(actor, (now) => now.context.session?.session_id !== signedIn.session!.session_id, { timeout: 5000 });
    const after = await settledOn(actor, 'anonymous');

    expect(sent.slice(before)).toEqual([`POST /api/session/${signedIn.session!.session_id}/logout`, 'POST /api/session/create-anonymous']);
    expect(after.session?.user_id).toBeNull();
    expect(await statusOnServer(api.url, signedIn.session!.session_id, signedIn.stored!.session_token)).toBe(404);
  });

  it('the authenticated fetch carries the session token to the API and to no other origin', async () => {
    const { actor } = load(api.url, createSessionStore(memoryStorage()));
    const session = await settledOn(actor, 'anonymous');
    const authenticatedFetch = createAuthenticatedFetch(actor);

    const own = await authenticatedFetch(`${api.url}/api/session/${session.session!.session_id}`);
    const otherOrigin = await authenticatedFetch(`${api.url.replace('127.0.0.1', 'localhost')}/api/session/${session.session!.session_id}`);

    expect(own.status).toBe(200);
    expect(otherOrigin.status).toBe(401);
  });
});

describe('the library on a real FastAPI backend whose sessions idle out after 1 s', () => {
  let shortLived: RunningServer;
  beforeAll(async () => {
    shortLived = await startFastApi({ idleSeconds: 1 });
  });
  afterAll(async () => {
    await shortLived.close();
  });

  it('R10: a signed-in session found expired at a re-check says so and leaves a new anonymous session', async () => {
    const { actor } = load(shortLived.url, createSessionStore(memoryStorage()));
    await settledOn(actor, 'anonymous');
    actor.send({ type: 'user.login', ...ADA });
    const signedIn = await settledOn(actor, 'authenticated');
    await new Promise((resolve) => setTimeout(resolve, 1500));

    actor.send({ type: 'session.refresh' });
    await waitFor(actor, (now) => now.context.error !== null, { timeout: 5000 });
    const after = await settledOn(actor, 'anonymous');

    expect(after.error).toMatchObject({ code: 'session_expired', message: 'Your session expired. Please sign in again.' });
    expect(after.session?.session_id).not.toBe(signedIn.session?.session_id);
  });
});
