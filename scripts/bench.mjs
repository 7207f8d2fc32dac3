#!/usr/bin/env node
/**
 * `npm run bench`: measures the budgets of SPEC §6 (and a little more), prints a table and
 * writes it to docs/bench.json and docs/bench.md.
 *
 *   - bundle sizes, minified + gzipped (scripts/bench/size.mjs, the same code as the size test);
 *   - in Chromium on the demo: session requests per first load and per reload, in the production
 *     build (`npm run build` + `vite preview`) and in the StrictMode dev server (`vite`);
 *     requests per login and logout; time from navigation start to the session being ready
 *     next to a bare `fetch` of the same endpoint (scripts/bench/browser.mjs);
 *   - renders of a component reading only `user_id` across load, login and logout
 *     (scripts/bench/renders.mjs: jsdom + React + the MSW node server);
 *   - wall time of `npm test`.
 *
 * Options: --skip-suite (do not run `npm test`), --skip-browser (no Chromium, no demo build),
 *          --runs <n> (loads per timing, default 15), --no-write (print only).
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './bench/library.mjs';
import { BUDGET_BYTES, measureSizes } from './bench/size.mjs';

const { values: opts } = parseArgs({
  options: {
    'skip-suite': { type: 'boolean', default: false },
    'skip-browser': { type: 'boolean', default: false },
    runs: { type: 'string', default: '15' },
    'no-write': { type: 'boolean', default: false },
  },
});
const RUNS = Math.max(1, Number.parseInt(opts.runs, 10) || 15);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const log = (...args) => console.error('[bench]', ...args);

function run(command, args, { quiet = true } = {}) {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    let stdout = '';
    const take = (d) => {
      output += d;
      if (!quiet) process.stderr.write(d);
    };
    child.stdout.on('data', (d) => ((stdout += d), take(d)));
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, output, stdout, ms: performance.now() - started }));
  });
}

async function must(command, args, what) {
  const result = await run(command, args);
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.output.slice(-4000)}`);
  return result;
}

const kB = (bytes) => `${(bytes / 1024).toFixed(2)} kB`;
const ms = (x) => `${Math.round(x)} ms`;

// ---------------------------------------------------------------------------------------------

async function measureBrowser() {
  const { startServer } = await import('./bench/servers.mjs');
  const { countRequests, launchChromium, timeToSession } = await import('./bench/browser.mjs');
  log('building the demo (npm run build)…');
  await must(NPM, ['run', 'build'], 'npm run build');
  const browser = await launchChromium();
  const result = { chromium: browser.version() };
  try {
    log('vite preview (production build): counting requests…');
    let server = await startServer('preview');
    try {
      result.production = await countRequests(browser, server.url);
      result.timing = [];
      for (const latencyMs of [0, 100]) {
        log(`timing ${RUNS} loads at ${latencyMs} ms mock latency…`);
        result.timing.push(await timeToSession(browser, server.url, { latencyMs, runs: RUNS }));
      }
    } finally {
      await server.stop();
    }
    log('vite dev server (StrictMode): counting requests…');
    server = await startServer('dev');
    try {
      // A throwaway first load, so the dev server's dependency optimisation is done before we count.
      const warm = await browser.newContext();
      const page = await warm.newPage();
      await page.goto(`${server.url}/`);
      await page.getByTestId('session-status').filter({ hasText: /^anonymous$/ }).waitFor({ timeout: 60_000 });
      await warm.close();
      result.dev = await countRequests(browser, server.url);
    } finally {
      await server.stop();
    }
  } finally {
    await browser.close();
  }
  return result;
}

async function measureRenders() {
  const { code, output, stdout } = await run(process.execPath, [join(ROOT, 'scripts/bench/renders.mjs')]);
  if (code !== 0) throw new Error(`renders harness failed:\n${output}`);
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

async function measureSuite() {
  log('running the test suite (npm test)…');
  const { code, output, ms: wall } = await run(NPM, ['test']);
  const clean = output.replace(/\x1b\[[0-9;]*m/g, '');
  const tests = clean.match(/^\s*Tests\s+(.+)$/m)?.[1]?.trim() ?? null;
  const files = clean.match(/^\s*Test Files\s+(.+)$/m)?.[1]?.trim() ?? null;
  // Playwright's summary, e.g. "  22 passed (46.4s)".
  const e2e = clean.match(/^\s*(\d+ passed)\s+\([\d.]+m?s\)\s*$/m)?.[1] ?? null;
  // When it fails, say where: the first type error or failed test.
  const failure = code === 0 ? null : (clean.match(/^.*(error TS\d+|FAIL|Error:).*$/m)?.[0]?.trim() ?? clean.trim().split('\n').at(-1) ?? null);
  if (failure) log(`npm test failed (exit ${code}): ${failure}`);
  return { wallMs: Math.round(wall), exitCode: code, tests, files, e2e, failure };
}

// ---------------------------------------------------------------------------------------------

const started = Date.now();
log('building the library (scripts/build-lib.mjs)…');
await must(process.execPath, [join(ROOT, 'scripts/build-lib.mjs')], 'build:lib');

log('measuring bundle sizes…');
const sizes = await measureSizes();
log('counting renders (jsdom)…');
const renders = await measureRenders();
const browser = opts['skip-browser'] ? null : await measureBrowser();
const suite = opts['skip-suite'] ? null : await measureSuite();

// ---------------------------------------------------------------------------------------------
// The table: one row per number, with its budget where SPEC §6 sets one.

const rows = [];
/** `value` is what the console shows; `detail` goes to docs/bench.md and .json as well. */
const row = (group, metric, value, { budget = '', ok = null, failed = 'OVER', detail = '' } = {}) =>
  rows.push({ group, metric, value, budget, status: ok === null ? '' : ok ? 'ok' : failed, detail });
const short = (list) => list.map((c) => c.replace(/^(\w+) \/api\/(session\/)?/, '$1 ')).join(', ');

for (const s of sizes) {
  const budgeted = s.id === 'library';
  row('size', s.label, `${s.gzip} B min+gz (${kB(s.gzip)})`, {
    budget: budgeted ? `≤ ${BUDGET_BYTES} B` : '',
    ok: budgeted ? s.gzip <= BUDGET_BYTES : null,
    detail: `${s.minified} B minified; external: ${s.external.join(', ')}`,
  });
}

if (browser) {
  for (const [key, name] of [['production', 'production build'], ['dev', 'StrictMode dev']]) {
    const r = browser[key];
    row('requests', `session requests per first load, ${name}`, String(r.firstLoad.sessionRequests), { budget: '1', ok: r.firstLoad.sessionRequests === 1, detail: short(r.firstLoad.requests) });
    row('requests', `session requests per reload, ${name}`, String(r.reload.sessionRequests), { budget: '1', ok: r.reload.sessionRequests === 1, detail: short(r.reload.requests) });
    row('requests', `requests per login, ${name}`, String(r.login.requests), { budget: '2', ok: r.login.requests === 2, detail: short(r.login.list) });
    row('requests', `requests per logout, ${name}`, String(r.logout.requests), { budget: '2 (R7)', ok: r.logout.requests === 2, detail: short(r.logout.list) });
  }
  for (const t of browser.timing) {
    row('time', `nav start → session ready, ${t.latencyMs} ms latency (median of ${t.runs})`, `${ms(t.readyMs)}; bare fetch ${t.bareFetchMs} ms; ×${t.ratio}`, {
      detail:
        t.requestStartMs === null
          ? ''
          : `session request sent at ${ms(t.requestStartMs)}, answered at ${ms(t.responseEndMs)} (${ms(t.responseEndMs - t.requestStartMs)} in flight), status shown ${t.afterResponseMs} ms after the answer`,
    });
  }
} else {
  row('requests', 'browser measurements', 'skipped (--skip-browser)');
}

const values = renders.userIdValues.map(String).join(' → ');
row('renders', 'user_id-only component, load → login → logout', `${renders.userIdRenders} renders`, {
  budget: `≤ ${renders.budget}`,
  ok: renders.withinBudget,
  detail: `user_id went ${values} (${renders.budget - 1} changes; budget = 1 mount + 1 per change); per phase: ${renders.phases.map((p) => `${p.phase} ${p.userIdRenders}`).join(', ')}`,
});
row('renders', 'for comparison: component using useSession()', `${renders.useSessionRenders} renders`, {
  detail: `per phase: ${renders.phases.map((p) => `${p.phase} ${p.useSessionRenders}`).join(', ')}`,
});

row('suite', 'wall time of `npm test`', suite ? `${(suite.wallMs / 1000).toFixed(1)} s` : 'skipped (--skip-suite)', {
  ok: suite ? suite.exitCode === 0 : null,
  failed: 'FAIL',
  budget: suite ? 'passes' : '',
  detail: suite ? `exit code ${suite.exitCode}; Vitest files: ${suite.files ?? '-'}; Vitest tests: ${suite.tests ?? '-'}; Playwright: ${suite.e2e ?? '-'}${suite.failure ? `; first failure: ${suite.failure}` : ''}` : '',
});

// ---------------------------------------------------------------------------------------------

const environment = {
  node: process.version,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  cpus: `${os.cpus().length} × ${os.cpus()[0]?.model?.trim() ?? 'unknown'}`,
  chromium: browser?.chromium ?? null,
};
const generatedAt = new Date().toISOString();
const report = { generatedAt, durationMs: Date.now() - started, environment, options: { runs: RUNS, skipSuite: opts['skip-suite'], skipBrowser: opts['skip-browser'] }, rows, sizes, browser, renders, suite };

const columns = ['metric', 'value', 'budget', 'status'];
const widths = columns.map((k) => Math.min(k === 'metric' ? 58 : 40, Math.max(k.length, ...rows.map((r) => String(r[k]).length))));
const cut = (text, width) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
const line = (cells) => cells.map((c, i) => cut(String(c), widths[i])).join(' │ ').trimEnd();
const table = [line(columns), widths.map((w) => '─'.repeat(w)).join('─┼─')];
let group = '';
for (const r of rows) {
  if (r.group !== group) table.push(`[${(group = r.group)}]`);
  table.push(line(columns.map((k) => r[k])));
}
console.log(table.join('\n'));

const escape = (text) => String(text).replace(/\|/g, '\\|');
const md = [
  '# session-first: bench',
  '',
  `Generated by \`npm run bench\` (scripts/bench.mjs) on ${generatedAt}. Budgets from SPEC §6.`,
  '',
  '| group | metric | value | budget | status | detail |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${[r.group, r.metric, r.value, r.budget, r.status, r.detail].map(escape).join(' | ')} |`),
  '',
  '## How it is measured',
  '',
  '- **Sizes**: rolldown (the bundler of the library build and of Vite 8), one ESM bundle per row, minified, comments dropped, gzip level 9.',
  '  The peers `react`, `react-dom`, `xstate`, `@xstate/react` are external except in the "total" row, which bundles `xstate` and `@xstate/react` (production builds).',
  '  The size test (tests/package/size.test.ts) computes the budgeted row with the same code.',
  '- **Requests**: Chromium via Playwright on the demo, counting requests to `/api/` as the page sends them (the mock answers from a service worker).',
  '  First load: a fresh browser context (no stored session). Reload: the same tab, session stored. Login and logout: the demo\'s form and `Sign out` button.',
  '  "StrictMode dev server" is `vite` in development, where React runs effects and renders twice.',
  `- **Time to session**: ${RUNS} reloads of \`/\` with \`sessionStorage\` cleared (each creates a session), service worker already installed; from navigation start to the badge (\`data-testid="session-status"\`) showing \`anonymous\`, median.`,
  '  The floor is a bare `fetch` of `POST /api/session/create-anonymous` from the same page through the same mock and latency, median; the ratio is ready time / bare fetch.',
  '  "Request sent / answered" are the Resource Timing entries of the app\'s own session request.',
  '- **Renders**: React 19 in jsdom with the built library and the MSW node server; the provider creates the session actor; counts render calls of a component using',
  '  `useSessionSelector(s => s.context.session?.user_id)` across load, login and logout, next to the values that selector took (`undefined` = no session yet).',
  '- **Suite**: wall time of `npm test` (type-check, Vitest, Playwright), run once.',
  '',
  '## Environment',
  '',
  ...Object.entries(environment).map(([k, v]) => `- ${k}: ${v ?? 'n/a'}`),
  '',
].join('\n');

if (!opts['no-write']) {
  await mkdir(resolve(ROOT, 'docs'), { recursive: true });
  await writeFile(resolve(ROOT, 'docs/bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(resolve(ROOT, 'docs/bench.md'), md);
  log(`wrote docs/bench.json and docs/bench.md (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
