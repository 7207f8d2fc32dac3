import { describe, expect, it } from 'vitest';
import { answerAlways, closedPortUrl, neverAnswer, startFaultyServer, type FaultyServer } from './support/faultyServers.ts';
import { ACCOUNT_ARGS, ALL_CHECKS, checksWith, runCli, type CliRun } from './support/runCli.ts';

// Tests here are bounded by Vitest's timeout: a hang fails them rather than the suite waiting.
const BOUND_MS = 20_000;
// The faulty servers run in this process, so they answer or drop a connection only when its
// event loop gets to it; on a loaded CI machine that can take longer than half a second.
// Only the test that expects a timeout uses a short one.
const FAST_TIMEOUT = ['--timeout', '500'];
const PATIENT_TIMEOUT = ['--timeout', '10000'];

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

/** Runs check-backend against `server` with a patient timeout unless told, then closes the server. */
async function runAgainst(server: FaultyServer, timeout = PATIENT_TIMEOUT): Promise<CliRun> {
  try {
    return await runCli([server.url, ...ACCOUNT_ARGS, ...timeout]);
  } finally {
    await server.close();
  }
}

describe('check-backend when the server cannot be reached', () => {
  it('a closed port: one clear failing line, no other check tried, exit 1', async () => {
    const url = await closedPortUrl();

    const run = await runCli([url, ...ACCOUNT_ARGS, ...FAST_TIMEOUT]);

    expect(run.stdout).toMatch(new RegExp(`FAIL {2}server\\.reachable .*\\n +cannot reach ${url}: network error.*ECONNREFUSED`));
    expect(run.stdout).toContain(`stopped: ${url} does not answer, so no other check was run`);
    expect(lastLine(run.stdout)).toBe('0 passed, 1 failed');
    expect(run.report?.checks.map((check) => check.name)).toEqual(['server.reachable']);
    expect(run.report?.requests.sent).toBe(1);
    expect(run.exitCode).toBe(1);
  }, BOUND_MS);

  it('a server that drops every connection (offline): the same single failure', async () => {
    const server = await startFaultyServer(answerAlways(200, 'application/json', '{}'), 0);

    const run = await runAgainst(server);

    expect(run.stdout).toMatch(/FAIL {2}server\.reachable .*\n +cannot reach .*: network error/);
    expect(lastLine(run.stdout)).toBe('0 passed, 1 failed');
    expect(server.hits).toBe(1);
    expect(run.exitCode).toBe(1);
  }, BOUND_MS);

  it('a server that accepts and never answers: one timeout, not one per check', async () => {
    const server = await startFaultyServer(neverAnswer);

    const run = await runAgainst(server, FAST_TIMEOUT);

    expect(run.stdout).toContain('no answer within 500 ms (timeout)');
    expect(lastLine(run.stdout)).toBe('0 passed, 1 failed');
    expect(server.hits).toBe(1);
    expect(run.exitCode).toBe(1);
  }, BOUND_MS);
});

describe('check-backend when the server answers badly', () => {
  const answers = [
    { name: '503 to everything (server-down)', status: 503, contentType: 'application/json', body: '{"detail":"Service unavailable"}' },
    { name: '200 {"ok": true} to everything (malformed-response)', status: 200, contentType: 'application/json', body: '{"ok":true}' },
    { name: '200 with an HTML page', status: 200, contentType: 'text/html', body: '<html><body>Welcome</body></html>' },
    { name: '200 with JSON null', status: 200, contentType: 'application/json', body: 'null' },
    { name: '200 with an empty body', status: 200, contentType: 'application/json', body: '' },
  ];

  it.each(answers)('$name: every check that needs an answer fails with a reason, none crashes, exit 1', async (answer) => {
    const server = await startFaultyServer(answerAlways(answer.status, answer.contentType, answer.body));

    const run = await runAgainst(server);

    const failed = run.report?.checks.filter((check) => check.status === 'fail') ?? [];
    expect(checksWith(run.report, 'pass')).toContain('server.reachable');
    expect(failed.length).toBeGreaterThan(ALL_CHECKS.length / 2);
    for (const check of failed) {
      expect(check.details.join(' '), check.name).not.toMatch(/could not complete/);
      expect(check.details.join(' ').length, check.name).toBeGreaterThan(10);
    }
    expect(lastLine(run.stdout)).toMatch(/^\d+ passed, \d+ failed$/);
    expect(run.stdout).toContain('\n3 skipped (see SKIP above)\n');
    expect(run.exitCode).toBe(1);
  }, BOUND_MS);

  it('a server that goes offline mid-run: the run stops sending after three failures in a row and exits 1', async () => {
    const answeredBeforeDropping = 5;
    const server = await startFaultyServer(answerAlways(503, 'application/json', '{"detail":"Service unavailable"}'), answeredBeforeDropping);

    const run = await runAgainst(server);

    expect(run.report?.requests.sent).toBe(answeredBeforeDropping + 3);
    expect(run.stdout).toContain('not sent: the server stopped answering (3 requests in a row failed');
    expect(run.report?.checks.map((check) => check.name)).toEqual(ALL_CHECKS);
    expect(run.exitCode).toBe(1);
  }, BOUND_MS);
});
