import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_MS, parseCheckArguments, runCheckBackend, USAGE } from '../../src/cli/checkBackend/index.ts';
import { closedPortUrl } from './support/faultyServers.ts';
import { ACCOUNT_ARGS } from './support/runCli.ts';

const URL_ARG = 'http://localhost:8000';

function captured() {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
  };
  return { out, io };
}

describe('check-backend arguments', () => {
  it('reads a full command line, with --name value and --name=value alike', () => {
    const parsed = parseCheckArguments([
      'https://api.example.com/base/',
      '--account=ada@acme.test:pass:with:colons',
      '--other-account',
      'grace@globex.test:demo-pass-1',
      '--origin',
      'https://app.example.com',
      '--idle-seconds',
      '60',
      '--json',
      'report.json',
      '--timeout=2500',
    ]);

    expect(parsed).toEqual({
      kind: 'run',
      command: {
        options: {
          baseUrl: 'https://api.example.com/base',
          account: { email: 'ada@acme.test', password: 'pass:with:colons' },
          otherAccount: { email: 'grace@globex.test', password: 'demo-pass-1' },
          origin: 'https://app.example.com',
          idleSeconds: 60,
          timeoutMs: 2500,
        },
        jsonFile: 'report.json',
      },
    });
  });

  it('leaves out what is optional: no origin, no idle check, the default timeout, no JSON file', () => {
    const parsed = parseCheckArguments([URL_ARG, ...ACCOUNT_ARGS]);

    expect(parsed).toMatchObject({ kind: 'run', command: { options: { origin: null, idleSeconds: null, timeoutMs: DEFAULT_TIMEOUT_MS }, jsonFile: null } });
  });

  it.each([
    { args: [], message: 'the base URL of the API is missing' },
    { args: [URL_ARG, URL_ARG, ...ACCOUNT_ARGS], message: 'one base URL expected, got 2' },
    { args: ['localhost:8000', ...ACCOUNT_ARGS], message: 'the base URL must be an http:// or https:// URL' },
    { args: ['ftp://example.com', ...ACCOUNT_ARGS], message: 'the base URL must be an http:// or https:// URL' },
    { args: [`${URL_ARG}?x=1`, ...ACCOUNT_ARGS], message: 'the base URL must not have a query or a fragment' },
    { args: [URL_ARG, '--other-account', 'g@x:p'], message: '--account <email>:<password> is required' },
    { args: [URL_ARG, '--account', 'a@x:p'], message: '--other-account <email>:<password> is required' },
    { args: [URL_ARG, '--account', 'ada@acme.test', '--other-account', 'g@x:p'], message: '--account must be <email>:<password>' },
    { args: [URL_ARG, '--account', 'a@x:', '--other-account', 'g@x:p'], message: '--account must be <email>:<password>' },
    { args: [URL_ARG, '--account', 'a@x:p', '--other-account', 'a@x:q'], message: '--account and --other-account must be two different accounts' },
    { args: [URL_ARG, ...ACCOUNT_ARGS, '--origin', 'https://app.example.com/'], message: '--origin must be an origin' },
    { args: [URL_ARG, ...ACCOUNT_ARGS, '--origin', 'app.example.com'], message: '--origin must be an origin' },
    { args: [URL_ARG, ...ACCOUNT_ARGS, '--idle-seconds', '0'], message: '--idle-seconds must be a whole number from 1' },
    { args: [URL_ARG, ...ACCOUNT_ARGS, '--idle-seconds', '1.5'], message: '--idle-seconds must be a whole number' },
    { args: [URL_ARG, ...ACCOUNT_ARGS, '--timeout', '10'], message: '--timeout must be a whole number from 100' },
    { args: [URL_ARG, ...ACCOUNT_ARGS, '--timeout'], message: '--timeout needs a value' },
    { args: [URL_ARG, ...ACCOUNT_ARGS, '--json', '--timeout', '500'], message: '--json needs a value' },
    { args: [URL_ARG, ...ACCOUNT_ARGS, '--json='], message: '--json needs a file name' },
    { args: [URL_ARG, ...ACCOUNT_ARGS, '--acount', 'x'], message: 'unknown option --acount' },
    { args: [URL_ARG, ...ACCOUNT_ARGS, '-v'], message: 'unknown option -v' },
    { args: [URL_ARG, ...ACCOUNT_ARGS, ...ACCOUNT_ARGS.slice(0, 2)], message: '--account is given twice' },
  ])('rejects $args with "$message", exit 2, usage on stderr, nothing on stdout', async ({ args, message }) => {
    const { out, io } = captured();

    const exitCode = await runCheckBackend(args, io);

    expect(out.stderr.split('\n')[0]).toContain(`check-backend: ${message}`);
    expect(out.stderr).toContain(USAGE);
    expect(out.stdout).toBe('');
    expect(exitCode).toBe(2);
  });

  it('prints the usage on --help and exits 0 without sending anything', async () => {
    const { out, io } = captured();

    const exitCode = await runCheckBackend(['--help'], io);

    expect(out.stdout).toBe(`${USAGE}\n`);
    expect(out.stderr).toBe('');
    expect(exitCode).toBe(0);
  });

  it('says so and exits 2 when the JSON report cannot be written, after printing the run', async () => {
    const url = await closedPortUrl();
    const dir = mkdtempSync(join(tmpdir(), 'check-backend-'));
    const { out, io } = captured();
    try {
      const exitCode = await runCheckBackend([url, ...ACCOUNT_ARGS, '--json', join(dir, 'missing-folder', 'report.json')], io);

      expect(out.stdout).toContain('0 passed, 1 failed');
      expect(out.stderr).toMatch(/^check-backend: could not write the JSON report to .*missing-folder.*ENOENT/);
      expect(exitCode).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
