import { describe, expect, it } from 'vitest';
import { safeReturnTo } from '../../src/core/safeReturnTo.ts';

/** Open-redirect payloads (R9): each must fall back to `/`. */
export const openRedirectPayloads: string[] = [
  // protocol-relative and backslash forms
  '//evil.com',
  '//evil.com/path',
  '///evil.com',
  '////evil.com',
  '/\\evil.com',
  '\\\\evil.com',
  '\\/evil.com',
  '/\\/evil.com',
  '/path\\..\\..\\evil',
  // schemes
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'http:evil.com',
  'http://evil.com',
  'https://evil.com/dashboard',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'ftp://evil.com',
  // control characters
  '/\t/evil.com',
  '/\n/evil.com',
  '/\r\n/evil.com',
  '/\x00/evil.com',
  '/dashboard\x7f',
  '\t//evil.com',
  // user-info tricks
  'http://example.com@evil.com',
  '//example.com@evil.com',
  'https://user:pass@evil.com',
  '@evil.com',
  // percent-encoded forms
  '/%2Fevil.com',
  '%2F%2Fevil.com',
  '/%2F%2Fevil.com',
  '/%5Cevil.com',
  '/%5C%5Cevil.com',
  '%2f%2fevil.com',
  'javascript%3Aalert(1)',
  '/%09/evil.com',
  '/%0a/evil.com',
  '/%00/evil.com',
  // double- and triple-encoded forms
  '/%252Fevil.com',
  '/%25252Fevil.com',
  '/%255Cevil.com',
  '/%2509/evil.com',
  // malformed or not a string
  '/%E0%A4%A',
  '',
  'dashboard',
  './dashboard',
  '../dashboard',
  '/' + 'a'.repeat(5000),
];

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
