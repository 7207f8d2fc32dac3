import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockBackend, startMockServer, type MockServer } from '../../mocks/index.ts';
import { ACCOUNT_ARGS, ALL_CHECKS, checksWith, runCli } from './support/runCli.ts';

const ORIGIN = 'http://app.example.test';
const IDLE_SECONDS = 2;

let server: MockServer;

beforeAll(async () => {
  const backend = createMockBackend({ settings: { idleTimeoutMs: IDLE_SECONDS * 1000 } });
  server = await startMockServer({ port: 0, cors: ORIGIN, backend });
});

afterAll(async () => {
  await server?.close();
});

describe('check-backend against the mock server (`npx session-first mock-server`, default scenario)', () => {
  it('passes every check, CORS and idle expiry included, and exits 0', async () => {
    const run = await runCli([server.url, ...ACCOUNT_ARGS, '--origin', ORIGIN, '--idle-seconds', String(IDLE_SECONDS)]);

    expect(checksWith(run.report, 'fail')).toEqual([]);
    expect(checksWith(run.report, 'skip')).toEqual([]);
    expect(checksWith(run.report, 'pass')).toEqual(ALL_CHECKS);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(`${ALL_CHECKS.length} passed, 0 failed`);
    expect(run.exitCode).toBe(0);
  }, 30_000);

  it.each(['server-down', 'offline', 'malformed-response'] as const)('under the %s scenario it reports failures and exits 1', async (scenario) => {
    const scenarioServer = await startMockServer({ port: 0, cors: ORIGIN, backend: createMockBackend({ scenario }) });
    try {
      const run = await runCli([scenarioServer.url, ...ACCOUNT_ARGS, '--timeout', '2000']);

      expect(run.exitCode).toBe(1);
      expect(checksWith(run.report, 'fail').length).toBeGreaterThan(0);
      expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ passed, [1-9]\d* failed/);
      expect(run.stderr).toBe('');
    } finally {
      await scenarioServer.close();
    }
  }, 30_000);
});
