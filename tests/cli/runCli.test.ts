/** The `session-first` command line, run in-process (the packed executable is in tests/package). */
import { http, passthrough } from 'msw';
import { describe, expect, it } from 'vitest';
import { server as msw } from '../../mocks/node.ts';
import type { CliIo } from '../../src/cli/cliCommand.ts';
import { runCli } from '../../src/cli/runCli.ts';
import { watchResponse } from '../support/contractWatch.ts';

/** Collects what a command prints; `stop()` plays Ctrl+C. */
function recordingIo() {
  const out: string[] = [];
  const err: string[] = [];
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line), stopRequested: () => stopped };
  return { io, out, err, stop: () => stop() };
}

describe('session-first', () => {
  it('--help lists the commands', async () => {
    const { io, out } = recordingIo();

    const code = await runCli(['--help'], io);

    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/Usage: session-first <command>[\s\S]*mock-server/);
  });

  it('without a command, or with an unknown one, shows the usage and fails', async () => {
    const none = recordingIo();
    const unknown = recordingIo();

    const codes = [await runCli([], none.io), await runCli(['serve'], unknown.io)];

    expect(codes).toEqual([2, 2]);
    expect(unknown.err.join('\n')).toMatch(/Unknown command: serve[\s\S]*mock-server/);
  });

  it.each([
    [['--port', '65536'], /--port must be a number from 0 to 65535/],
    [['--port', 'http'], /--port must be a number/],
    [['--verbose'], /Unknown option '--verbose'/],
  ])('mock-server %j is refused: %s', async (args, message) => {
    const { io, err } = recordingIo();

    const code = await runCli(['mock-server', ...args], io);

    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });

  it('mock-server prints its URL, serves until stopped, then exits 0', async () => {
    const { io, out, stop } = recordingIo();

    const running = runCli(['mock-server', '--port', '0', '--cors', 'http://app.example'], io);
    await expect.poll(() => out.join('\n')).toMatch(/Mock experience API on http:\/\/127\.0\.0\.1:\d+/);
    const url = /on (http:\S+)/.exec(out[0] ?? '')![1]!;
    msw.use(http.all(`${url}/*`, () => passthrough()));
    const request = new Request(`${url}/__mock/state`, { headers: { origin: 'http://app.example' } });
    const state = await fetch(request.clone());
    watchResponse(request, state, null);
    stop();
    const code = await running;

    expect(state.status).toBe(200);
    expect(state.headers.get('access-control-allow-origin')).toBe('http://app.example');
    expect(out.join('\n')).toMatch(/CORS: http:\/\/app\.example/);
    // How to sign in, without the README at hand.
    expect(out.join('\n')).toContain('sign in as ada@acme.test, grace@globex.test, alan@acme.test (password demo-pass-1)');
    expect(out.at(-1)).toBe('Mock server stopped.');
    expect(code).toBe(0);
  });
});
