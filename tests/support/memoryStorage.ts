import type { StorageLike } from '../../mocks/index.ts';

/** An in-memory Storage stand-in, to play "the browser's localStorage" in Node. */
export class MemoryStorage implements StorageLike {
  readonly items = new Map<string, string>();

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }

  /** A new storage holding everything this one holds, as a browser copies a duplicated tab's `sessionStorage`. */
  copy(): MemoryStorage {
    const copy = new MemoryStorage();
    for (const [key, value] of this.items) copy.setItem(key, value);
    return copy;
  }
}

/** A storage whose every call throws, like a disabled or full localStorage. */
export const throwingStorage: StorageLike = {
  getItem() {
    throw new Error('storage disabled');
  },
  setItem() {
    throw new Error('storage disabled');
  },
  removeItem() {
    throw new Error('storage disabled');
  },
};

/** A fresh in-memory Storage, e.g. the backing of a tab's sessionStorage in a test. */
export const memoryStorage = (): MemoryStorage => new MemoryStorage();
