import { describe, expect, it } from 'vitest';
import { internalsIn } from '../../src/cli/checkBackend/internalsIn.ts';

function inJson(value: unknown): string | null {
  const text = JSON.stringify(value);
  return internalsIn(text, JSON.parse(text));
}

describe('internalsIn (what errors.no-internals looks for)', () => {
  it.each([
    ['a Python traceback', { detail: 'Traceback (most recent call last):\n  File "/srv/app/main.py", line 12, in get' }],
    ['a Python stack frame', { detail: 'boom\n  File "main.py", line 12, in get' }],
    ['a JavaScript stack frame', { detail: 'TypeError: x is undefined\n    at handler (/app/server.js:10:5)' }],
    ['a JavaScript stack frame', { detail: 'Error\n    at file:///srv/api/index.mjs:3:9' }],
    ['a file path', { detail: 'cannot open /var/lib/api/sessions.db' }],
    ['a file path', { detail: 'C:\\inetpub\\api\\web.config missing' }],
    ['a package folder', { detail: 'error in site-packages' }],
    ['a source file and line', { detail: 'failed at sessions.py:88' }],
    ['a file path', { 'Internal error in /home/api/app.py': true }],
  ])('finds %s', (expected, body) => {
    expect(inJson(body)).toBe(expected);
  });

  it('finds them in a body that is not JSON too', () => {
    expect(internalsIn('<pre>Traceback (most recent call last):</pre>', undefined)).toBe('a Python traceback');
  });

  it.each([
    { detail: 'Session not found' },
    { detail: 'Not Found' },
    { detail: [{ loc: ['body', 12], msg: 'Expecting value: line 1 column 13 (char 12)', type: 'value_error.jsondecode', ctx: { doc: '{"metadata": ' } }] },
    { session: { session_id: 'ses_0e462c98753ac8c2eb8286d0ab720ac2', expires_at: '2030-01-01T10:00:00.000Z', metadata: { path: '/dashboard' } } },
    { detail: 'Session expired\nat 2030-01-01T10:00:00' },
    { detail: 'see https://errors.example.test/api/session.html' },
  ])('finds nothing in an ordinary answer: %j', (body) => {
    expect(inJson(body)).toBeNull();
  });

  it('reads JSON nested deeper than the stack without failing', () => {
    const depth = 100_000;
    const text = `${'['.repeat(depth)}"File \\"/srv/x.py\\", line 1"${']'.repeat(depth)}`;

    expect(internalsIn(text, JSON.parse(text))).toBe('a Python stack frame');
  });
});
