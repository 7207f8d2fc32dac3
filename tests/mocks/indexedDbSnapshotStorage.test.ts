/**
 * The browser backend's snapshot storage where IndexedDB cannot be used. Node has no IndexedDB
 * (the project has no fake of it): the IndexedDB path itself runs in Chromium, tests/e2e/tabs.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { createMockBackend, SNAPSHOT_STORAGE_KEY } from '../../mocks/index.ts';
import { indexedDbSnapshotStorage, type IndexedDbSnapshotOptions } from '../../mocks/state/indexedDbSnapshotStorage.ts';
import { webStorageSnapshot } from '../../mocks/state/snapshotStorage.ts';
import { createApi, sendTo } from '../support/api.ts';
import { MemoryStorage, throwingStorage } from '../support/memoryStorage.ts';

/** A page whose backend keeps its snapshot as the browser backend does: its own backend instance and its API. */
function pageWith(options: IndexedDbSnapshotOptions) {
  const backend = createMockBackend({ storage: indexedDbSnapshotStorage(options) });
  return { backend, ...createApi(sendTo(backend)) };
}

/** An IndexedDB that refuses to open, as some private modes do. */
const refusingIndexedDb = {
  open(): IDBOpenDBRequest {
    throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
  },
};

describe.each([
  ['is missing', () => undefined],
  ['refuses to open', () => refusingIndexedDb],
])('where IndexedDB %s', (_, indexedDB) => {
  it('keeps the state in the fallback storage: a reload finds the session, the scenario and the latency', async () => {
    const localStorage = new MemoryStorage();
    const page = pageWith({ indexedDB, fallback: webStorageSnapshot(localStorage) });
    const created = await page.createSession();
    await page.backend.setScenario('slow');
    await page.backend.setLatency(250);

    const reloaded = pageWith({ indexedDB, fallback: webStorageSnapshot(localStorage) });

    expect(await reloaded.backend.getState()).toMatchObject({ scenario: 'slow', latency_ms: 250 });
    expect((await reloaded.backend.getSession(created.session.session_id))?.session_id).toBe(created.session.session_id);
    expect([...localStorage.items.keys()]).toEqual([SNAPSHOT_STORAGE_KEY]);
  });

  it('without a fallback, serves from memory: requests still work, nothing outlives the page', async () => {
    const page = pageWith({ indexedDB });
    const created = await page.createSession();

    const read = await page.getSession(created.session.session_id, created.session_token);
    const reloaded = pageWith({ indexedDB });

    expect(read.status).toBe(200);
    expect(await reloaded.backend.listSessions()).toEqual([]);
  });

  it('with a fallback that fails too (a disabled localStorage), serves from memory', async () => {
    const page = pageWith({ indexedDB, fallback: webStorageSnapshot(throwingStorage) });
    const created = await page.createSession();

    const read = await page.getSession(created.session.session_id, created.session_token);

    expect(read.status).toBe(200);
    expect(await page.backend.listSessions()).toHaveLength(1);
  });
});

it('opens no database before the backend is first used', async () => {
  let opened = 0;
  const counting = {
    open(): IDBOpenDBRequest {
      opened += 1;
      return refusingIndexedDb.open();
    },
  };

  const page = pageWith({ indexedDB: () => counting, fallback: webStorageSnapshot(new MemoryStorage()) });
  const openedBeforeUse = opened;
  await page.createSession();
  await page.createSession();

  expect(openedBeforeUse).toBe(0);
  // One refusal decides for the page's life: the fallback serves from then on.
  expect(opened).toBe(1);
});
