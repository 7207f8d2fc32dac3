import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKEN_BACKENDS, type BrokenBackend } from './support/brokenBackends.ts';
import { startProxy } from './support/httpProxy.ts';
import { ACCOUNT_ARGS, ALL_CHECKS, checksWith, runCli } from './support/runCli.ts';
import { startUpstream, type Upstream } from './support/upstream.ts';

let upstream: Upstream;

beforeAll(async () => {
  upstream = await startUpstream();
}, 30_000);

afterAll(async () => {
  await upstream?.close();
});

describe('check-backend against backends that break one rule each', () => {
  it('has at least 12 broken backends besides the controls, each naming checks that exist', () => {
    const broken = BROKEN_BACKENDS.filter((backend) => backend.breaks.length > 0);

    expect(broken.length).toBeGreaterThanOrEqual(12);
    for (const backend of BROKEN_BACKENDS) expect(ALL_CHECKS, backend.name).toEqual(expect.arrayContaining(backend.breaks));
  });

  it.each(BROKEN_BACKENDS)('$name: fails exactly $breaks', async (backend) => {
    const run = await runBehindProxy(backend);

      const skipped = backend.args?.includes('--idle-seconds') ? [] : ['expiry.idle'];
      expect(checksWith(run.report, 'fail')).toEqual(ALL_CHECKS.filter((name) => backend.breaks.includes(name)));
      expect(checksWith(run.report, 'skip')).toEqual(skipped);
      expect(checksWith(run.report, 'pass')).toEqual(ALL_CHECKS.filter((name) => !backend.breaks.includes(name) && !skipped.includes(name)));
      expect(run.exitCode).toBe(backend.breaks.length === 0 ? 0 : 1);
  }, 30_000);
});

async function runBehindProxy(backend: BrokenBackend) {
  const proxy = await startProxy(upstream.url, backend.handler());
  try {
    return await runCli([proxy.url, ...ACCOUNT_ARGS, '--origin', upstream.origin, ...(backend.args ?? [])]);
  } finally {
    await proxy.close();
  }
}

function backendThatBreaks(check: string): BrokenBackend {
  const found = BROKEN_BACKENDS.find((backend) => backend.breaks[0] === check);
  if (!found) throw new Error(`no broken backend breaks ${check}`);
  return found;
}

// A session token, an access token or an idempotency key: 43 base64url characters.
const WHOLE_SECRET = /[A-Za-z0-9_-]{40,}/;

describe('what a failure shows', () => {
  it('the rule, the expectation, what was sent and what came back, in the text and in the JSON report', async () => {
    const run = await runBehindProxy(backendThatBreaks('session-token.missing'));

    const failure = run.report?.checks.find((check) => check.name === 'session-token.missing');
    expect(run.stdout).toMatch(
      /FAIL {2}session-token\.missing +GET, upgrade and logout without X-Session-Token answer 401.*\n {8}GET without X-Session-Token: expected 401, got 422\n {8}sent: GET \/api\/session\/ses_\w+\n {8}got: {2}422 \{"detail":\[\{"loc":\["header","x-session-token"\]/,
    );
    expect(failure?.details).toEqual(['GET without X-Session-Token: expected 401, got 422']);
    expect(failure?.exchange?.request).toMatchObject({ method: 'GET', headers: {} });
    expect(failure?.exchange?.response?.status).toBe(422);
  }, 30_000);

  it('never a whole token, access token, key or password, in the text or the JSON report', async () => {
    const run = await runBehindProxy(backendThatBreaks('upgrade.old-token-refused'));

    const json = JSON.stringify(run.report);
    expect(run.stdout).toMatch(/X-Session-Token: [A-Za-z0-9_-]{6}…/);
    expect(run.stdout).not.toMatch(WHOLE_SECRET);
    expect(json).not.toMatch(WHOLE_SECRET);
    expect(run.stdout + json).not.toContain('demo-pass-1');
  }, 30_000);
});
