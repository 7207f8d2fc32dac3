/** Importing the browser's mock backend does nothing: localStorage is read only once it is used. */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../support/memoryStorage.ts';

/** A localStorage that counts how often it is touched. */
class CountingStorage extends MemoryStorage {
  calls = 0;
  override getItem(key: string): string | null {
    this.calls++;
    return super.getItem(key);
  }
  override setItem(key: string, value: string): void {
    this.calls++;
    super.setItem(key, value);
  }
}

const globals = globalThis as { window?: unknown };

afterEach(() => {
  delete globals.window;
});

describe('importing mocks/browserBackend.ts', () => {
  it('touches no storage until the backend serves or is asked something', async () => {
    const localStorage = new CountingStorage();
    globals.window = { localStorage };

    const { browserBackend } = await import('../../mocks/browserBackend.ts');
    const callsAfterImport = localStorage.calls;
    const state = await browserBackend.getState();

    expect(callsAfterImport).toBe(0);
    expect(state.scenario).toBe('default');
    expect(localStorage.calls).toBeGreaterThan(0);
  });
});
