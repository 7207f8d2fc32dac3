import type { StorageLike } from '../../src/core/storage.ts';
import type { SnapshotStorage } from './snapshotStorage.ts';

/**
 * Runs `critical` while holding the lock called `name` (until the promise it returns settles),
 * and resolves with its result. Every read-change-write of the backend's state runs inside one.
 */
export type MockLock = <T>(name: string, critical: () => T | Promise<T>) => Promise<T>;

/** Web Locks (`navigator.locks`): one holder at a time across every tab and worker of the origin. */
export function webLock(locks: LockManager): MockLock {
  return (name, critical) => locks.request(name, () => critical());
}

// One queue per shared storage object (or per backend without storage), so two backends over the
// same storage in one JavaScript realm take turns as two tabs do under Web Locks.
const queues = new WeakMap<object, Promise<unknown>>();

/** A lock within this JavaScript realm, one per `key` object. */
export function inProcessLock(key: object): MockLock {
  return (_name, critical) => {
    const previous = queues.get(key) ?? Promise.resolve();
    const turn = previous.then(critical);
    queues.set(key, turn.catch(() => undefined));
    return turn;
  };
}

/**
 * The default: Web Locks when the backend shares a storage and the runtime has them (a browser);
 * otherwise a lock within this realm keyed by the storage, or by `owner` for a memory backend.
 * `navigator.locks` is looked up on every call, not when the backend is made.
 */
export function defaultLock(storage: StorageLike | SnapshotStorage | null, owner: object): MockLock {
  const local = inProcessLock(storage ?? owner);
  return (name, critical) => {
    const locks = storage ? globalThis.navigator?.locks : undefined;
    return locks ? webLock(locks)(name, critical) : local(name, critical);
  };
}
