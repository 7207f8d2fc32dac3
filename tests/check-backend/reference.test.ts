import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFastApi, type RunningServer } from './support/fastApiServer.ts';
import { ACCOUNT_ARGS, ALL_CHECKS, checksWith, runCli } from './support/runCli.ts';

const ORIGIN = 'http://app.example.test';
// Long enough that no check's own requests are ever split by it, short enough to wait for.
const IDLE_SECONDS = 3;

let server: RunningServer;

beforeAll(async () => {
  server = await startFastApi({ idleSeconds: IDLE_SECONDS, corsOrigin: ORIGIN });
}, 30_000);

afterAll(async () => {
  await server?.close();
});

describe('check-backend against the reference FastAPI app (FastAPI 0.92, pydantic 1)', () => {
  it('passes every check, CORS and idle expiry included, prints one line per check and exits 0', async () => {
    const run = await runCli([server.url, ...ACCOUNT_ARGS, '--origin', ORIGIN, '--idle-seconds', String(IDLE_SECONDS)]);

    const lines = run.stdout.trimEnd().split('\n');
    expect(checksWith(run.report, 'fail')).toEqual([]);
    expect(checksWith(run.report, 'skip')).toEqual([]);
    expect(checksWith(run.report, 'pass')).toEqual(ALL_CHECKS);
    expect(lines.filter((line) => /^(PASS|FAIL|SKIP) {2}\S+ {2,}\S/.test(line))).toHaveLength(ALL_CHECKS.length);
    expect(lines.at(-1)).toBe(`${ALL_CHECKS.length} passed, 0 failed`);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
  }, 30_000);

  it('stays within a few hundred requests, says how many, and logs out every session it made', async () => {
    const run = await runCli([server.url, ...ACCOUNT_ARGS]);

    const report = run.report!;
    expect(report.requests.sent).toBeGreaterThan(50);
    expect(report.requests.sent).toBeLessThan(300);
    expect(run.stdout).toContain(`${report.requests.sent} requests in `);
    expect(report.cleanup.sessions).toBeGreaterThan(10);
    expect(report.cleanup.loggedOut).toBe(report.cleanup.sessions);
    expect(report.requests.cleanup).toBe(report.cleanup.sessions);
    expect(run.stdout.trimEnd().split('\n').slice(-2)).toEqual(['3 skipped (see SKIP above)', `${ALL_CHECKS.length - 3} passed, 0 failed`]);
    expect(run.exitCode).toBe(0);
  }, 30_000);
});
