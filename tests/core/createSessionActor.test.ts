import { describe, expect, it } from 'vitest';
import { mockBackend } from '../../mocks/index.ts';
import { ExperiencePlaneClient } from '../../src/client/ExperiencePlaneClient.ts';
import { createSessionActor } from '../../src/core/createSessionActor.ts';
import { selectStatus } from '../../src/core/selectors.ts';
import { createSessionStore } from '../../src/core/storage.ts';
import { memoryStorage } from '../support/memoryStorage.ts';

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

async function waitFor(ok: () => boolean, ms = 2000) {
  for (const end = Date.now() + ms; !ok(); await wait(5)) if (Date.now() > end) throw new Error('timed out waiting');
}
