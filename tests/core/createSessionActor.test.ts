import { describe, expect, it } from 'vitest';
import { mockBackend } from '../../mocks/index.ts';
import { ExperiencePlaneClient } from '../../src/client/ExperiencePlaneClient.ts';
import { createSessionActor } from '../../src/core/createSessionActor.ts';
import { selectStatus } from '../../src/core/selectors.ts';
import { createSessionStore, type SessionStore, type StoredSession } from '../../src/core/storage.ts';
import { memoryStorage } from '../support/memoryStorage.ts';
import { countingFetch } from '../support/harness.tsx';
import { GET } from '../support/mockBackend.ts';
import { idempotencyKeysOf, loseAnswers, routes } from '../support/network.ts';

const CREATE = { method: 'POST', path: '/api/session/create-anonymous' };
const countRequests = mockBackend.requestLog.count;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createSessionActor without React', () => {
  it('creates an anonymous session on start and reports it through the snapshot', async () => {
    const actor = createSessionActor({ client: new ExperiencePlaneClient({ baseUrl: 'http://localhost' }), storage: createSessionStore(memoryStorage()) });

    await waitFor(() => selectStatus(actor.getSnapshot()) == 'anonymous');

    expect(actor.getSnapshot().context.session?.user_id).toBeNull();
    expect(countRequests(CREATE)).toBe(1);
    actor.stop();
  });

  it('stops retrying once the actor is stopped during a backoff', async () => {
    await mockBackend.setScenario('server-down');
    const actor = createSessionActor({
      client: new ExperiencePlaneClient({ baseUrl: 'http://localhost' }),
      storage: createSessionStore(memoryStorage()),
      attempts: 3,
      backoff: 40,
    });
    await waitFor(() => countRequests(CREATE) == 1);

    actor.stop();
    await wait(200);

    expect(countRequests(CREATE)).toBe(1);
  });
});

describe('createSessionActor sends the session request before it builds the machine (SPEC §6)', () => {
  /** A client whose requests are counted, and an inspector that notes how many had left at the machine's first sign of life. */
  const watchRequests = () => {
    const counting = countingFetch();
    const client = new ExperiencePlaneClient({ baseUrl: 'http://localhost', fetch: counting.fetch });
    let sentBeforeMachine: number | null = null;
    const inspect = () => {
      sentBeforeMachine ??= counting.stats.calls;
    };
    return { client, inspect, sent: counting.stats.log, sentBeforeMachine: () => sentBeforeMachine };
  };
  const anonymous = (actor: ReturnType<typeof createSessionActor>) => waitFor(() => selectStatus(actor.getSnapshot()) == 'anonymous');

  it('a tab with nothing stored: the create leaves first, and the machine takes its answer', async () => {
    const { client, inspect, sent, sentBeforeMachine } = watchRequests();

    const actor = createSessionActor({ client, storage: createSessionStore(memoryStorage()) }, { inspect });
    await anonymous(actor);

    expect(sentBeforeMachine()).toBe(1);
    expect(sent).toEqual(['create']);
    expect(countRequests(CREATE)).toBe(1);
    actor.stop();
  });

  it('a stored session: its check leaves first, and the machine takes its answer', async () => {
    const storage = createSessionStore(memoryStorage());
    const first = createSessionActor({ client: new ExperiencePlaneClient({ baseUrl: 'http://localhost' }), storage });
    await anonymous(first);
    first.stop();
    const { client, inspect, sent, sentBeforeMachine } = watchRequests();

    const actor = createSessionActor({ client, storage }, { inspect });
    await anonymous(actor);

    expect(sentBeforeMachine()).toBe(1);
    expect(sent).toEqual(['get']);
    expect(countRequests(GET)).toBe(1);
    expect(actor.getSnapshot().context.session?.session_id).toBe(storage.load()?.session_id);
    actor.stop();
  });

  it("the early create's answer is lost: the machine's retry sends the same key, and the server holds one session", async () => {
    const lost = loseAnswers(routes.create);
    const keys = idempotencyKeysOf(routes.create);

    const actor = createSessionActor({ client: new ExperiencePlaneClient({ baseUrl: 'http://localhost' }), storage: createSessionStore(memoryStorage()), backoff: 10 });
    await anonymous(actor);

    expect(lost.lost).toBe(1);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect((await mockBackend.listSessions()).map((s) => s.session_id)).toEqual([actor.getSnapshot().context.session?.session_id]);
    actor.stop();
  });

  it("under 'browser' persistence nothing is created before the machine: tabs create under the session lock", async () => {
    const { client, inspect, sent, sentBeforeMachine } = watchRequests();

    const actor = createSessionActor({ client, persistence: 'browser', storage: createSessionStore(memoryStorage()) }, { inspect });
    await anonymous(actor);

    expect(sentBeforeMachine()).toBe(0);
    expect(sent).toEqual(['create']);
    actor.stop();
  });

  it('the early request is a guess: when the store holds another session by the time the machine reads it, that one is checked, once the early request is over', async () => {
    const storage = createSessionStore(memoryStorage());
    const sessions: StoredSession[] = [];
    for (let i = 0; i < 2; i++) {
      const made = createSessionActor({ client: new ExperiencePlaneClient({ baseUrl: 'http://localhost' }), storage: createSessionStore(memoryStorage()) });
      await anonymous(made);
      sessions.push(made.getSnapshot().context.stored!);
      made.stop();
    }
    // The first read sees the older session, every later one the newer (another tab wrote meanwhile).
    let reads = 0;
    const changing: SessionStore = { ...storage, load: () => sessions[Math.min(reads++, 1)]! };

    const counting = countingFetch();
    const client = new ExperiencePlaneClient({ baseUrl: 'http://localhost', fetch: counting.fetch });

    const actor = createSessionActor({ client, storage: changing });
    await anonymous(actor);

    expect(actor.getSnapshot().context.session?.session_id).toBe(sessions[1]!.session_id);
    expect(countRequests(GET)).toBe(2);
    expect(counting.stats.maxInFlight).toBe(1);
    actor.stop();
  });
});

async function waitFor(ok: () => boolean, ms = 2000) {
  for (const end = Date.now() + ms; !ok(); await wait(5)) if (Date.now() > end) throw new Error('timed out waiting');
}
