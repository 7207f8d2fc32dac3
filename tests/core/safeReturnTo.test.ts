import { describe, expect, it } from 'vitest';
import { safeReturnTo } from '../../src/core/safeReturnTo.ts';
import { openRedirectPayloads } from '../support/openRedirectPayloads.ts';

const ordinary = [
  '/',
  '/dashboard',
  '/settings?tab=profile',
  '/dashboard?x=1&y=2#section',
  '/search?q=a%20b',
  '/reports/2026/q3#top',
  '/login?next=https%3A%2F%2Fevil.com',
  '/a/b/c/',
  '/@me',
];

describe('safeReturnTo (R9)', () => {
  it(`sends each of ${openRedirectPayloads.length} open-redirect payloads to /`, () => {
    expect(openRedirectPayloads.length).toBeGreaterThanOrEqual(40);
    const escaped = openRedirectPayloads.filter((p) => safeReturnTo(p) != '/');
    expect(escaped).toEqual([]);
  });

  it.each(ordinary)('keeps the ordinary path %s unchanged', (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it('falls back for values that are not strings, and honours a custom fallback', () => {
    for (const v of [undefined, null, 42, {}, ['/dashboard']]) expect(safeReturnTo(v)).toBe('/');
    expect(safeReturnTo('//evil.com', '/home')).toBe('/home');
  });

  it('never returns a path a browser would read as another origin', () => {
    for (const p of [...openRedirectPayloads, ...ordinary]) {
      const out = safeReturnTo(p);
      expect(new URL(out, 'https://app.example').origin).toBe('https://app.example');
    }
  });
});
