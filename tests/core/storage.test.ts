import { describe, expect, it } from 'vitest';
import { createSessionStore } from '../../src/core/storage.ts';
import { memoryStorage } from '../support/memoryStorage.ts';

const good = { session_id: 'ses_123', session_token: 'tok_abcdefghijklmnopqrstuv' };

const throwingStorage = (): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> => ({
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
  removeItem: () => {
    throw new Error('SecurityError');
  },
});

describe('session storage (R11)', () => {
  it('saves, loads and clears the session id and token under the original design keys', () => {
    const backing = memoryStorage();
    const store = createSessionStore(backing);

    store.save(good);

    expect(store.load()).toEqual(good);
    expect(backing.getItem('session_id')).toBe('ses_123');
    store.save(null);
    expect(store.load()).toBeNull();
    expect(backing.getItem('session_token')).toBeNull();
  });

  it('falls back to memory when the storage throws, keeping what it held', () => {
    const store = createSessionStore(throwingStorage());

    store.save(good);

    expect(store.load()).toEqual(good);
  });

  it('falls back to memory when there is no storage at all', () => {
    const store = createSessionStore(null);
    store.save(good);
    expect(store.load()).toEqual(good);
  });

  it.each([
    ['only an id', { session_id: 'ses_1' }],
    ['only a token', { session_token: 'tok' }],
    ['an empty id', { session_id: '', session_token: 'tok' }],
    ['whitespace in the token', { session_id: 'ses_1', session_token: 'a b' }],
    ['a control character', { session_id: 'ses\n1', session_token: 'tok' }],
    ['an over-long token', { session_id: 'ses_1', session_token: 'x'.repeat(600) }],
    ['non-ASCII', { session_id: 'séance', session_token: 'tok' }],
  ])('reads %s as no session', (_, values) => {
    const backing = memoryStorage();
    for (const [k, v] of Object.entries(values)) backing.setItem(k, v as string);

    expect(createSessionStore(backing).load()).toBeNull();
  });
});

describe('stored ids that would change the request path', () => {
  it.each(['3f2b8c1e-6d4a-4e5f-9a7b-0c1d2e3f4a5b', 'ses.01HZX3', 'tenant:acme:42', 'c2VzXzE=', 'ses+1~a'])(
    'keeps the id %j, which a backend may give',
    (id) => {
      const backing = memoryStorage();
      backing.setItem('session_id', id);
      backing.setItem('session_token', 'tok_abcdefghijklmnopqrstuv');

      expect(createSessionStore(backing).load()?.session_id).toBe(id);
    },
  );

  it.each(['.', '..', 'ses/1', 'ses%2F1', 'ses?x=1'])('reads the id %j as no session', (id) => {
    const backing = memoryStorage();
    backing.setItem('session_id', id);
    backing.setItem('session_token', 'tok_abcdefghijklmnopqrstuv');

    expect(createSessionStore(backing).load()).toBeNull();
  });
});
