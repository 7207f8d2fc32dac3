/**
 * The package as a user gets it: build the library once (scripts/build-lib.mjs, into a staging
 * copy of the package in a temp folder), `npm pack` it, and install the tarball with its peers
 * into a throwaway project. There:
 * - a strict consumer type-checks against the published declarations (nodenext and bundler
 *   resolution) and runs against the mock backend from `session-first/mocks/node`;
 * - every entry imports in plain Node, and the React entries are marked `'use client'`;
 * - `npx session-first mock-server` answers over HTTP to another process;
 * - the README's getting-started app (tests/package/consumer-app, see userApp.ts) is installed
 *   as the README says, type-checked, built for production (no mock code in it) and, built for
 *   development, used in Chromium.
 *
 * Installs use `--prefer-offline`: the local npm cache when it has the packages, the registry
 * otherwise (a fresh machine). Everything runs in child processes or in Chromium, so the MSW
 * server that tests/setup/node.ts starts in this process is not involved.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { access, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page, type Request } from 'playwright';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromiumLaunchOptions } from '../../scripts/chromium.mjs';
import { validateResponse } from '../support/contract.ts';
import { childEnv, NPM, NPX, ok, run, type Result } from './childProcess.ts';
import {
  APP_TOOLS,
  buildApp,
  copyAppFiles,
  filesOf,
  linkDevTools,
  MSW_MARKERS,
  readInstallScript,
  serveBuild,
  startStatusPage,
  TEMPLATE_PACKAGES,
  TSC,
  type BuildMode,
  type StatusPage,
} from './userApp.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const requireFromRoot = createRequire(join(ROOT, 'package.json'));
const manifest = requireFromRoot('./package.json') as { peerDependencies: Record<string, string>; exports: Record<string, unknown> };
const PEERS = Object.keys(manifest.peerDependencies);

/** The versions this repository develops against, so the npm cache can answer. */
const installed = (name: string): string => `${name}@${(requireFromRoot(`${name}/package.json`) as { version: string }).version}`;

/** Every entry of the package, by the name a user imports (from package.json's `exports`). */
const ENTRIES = Object.keys(manifest.exports)
  .filter((key) => key !== './package.json')
  .map((key) => posix.join('session-first', key));
/** The entries built with `'use client'` (they hold React components and hooks), by their file. */
const CLIENT_ENTRY_FILES = ['dist/lib/react.js', 'dist/lib/devtools.js', 'dist/lib/storybook.js'];

const CONSUMER_TS = `
import { waitFor } from 'xstate';
import {
  ApiError,
  ExperiencePlaneClient,
  createSessionActor,
  createSessionStore,
  safeReturnTo,
  selectIsLoggingIn,
  selectStatus,
  type Session,
  type SessionSnapshot,
  type SessionStatus,
} from 'session-first';
import * as bindings from 'session-first/react';
import { PlatformStateProvider, useSessionSelector, type SessionState } from 'session-first/react';
import { handlers, mockBackend, type ScenarioName } from 'session-first/mocks';
import { server } from 'session-first/mocks/node';

// Type-level: the published declarations resolve to real types, not \`any\`.
type IsAny<T> = 0 extends 1 & T ? true : false;
type Expect<T extends false> = T;
export type Checks = [
  Expect<IsAny<SessionSnapshot>>,
  Expect<IsAny<Session>>,
  Expect<IsAny<SessionState>>,
  Expect<IsAny<ScenarioName>>,
  Expect<IsAny<typeof PlatformStateProvider>>,
  Expect<IsAny<typeof import('session-first/mocks/browser').getWorker>>,
  Expect<IsAny<typeof import('session-first/mocks/browser').startMockBackend>>,
];
const userIdOf = (s: SessionSnapshot): string | null | undefined => s.context.session?.user_id;
export const useUserId = (): string | null | undefined => useSessionSelector(userIdOf);

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error('consumer: ' + message);
}

const countRequests = mockBackend.requestLog.count;
server.listen({ onUnhandledRequest: 'error' });
await mockBackend.reset();
await mockBackend.setScenario('default');
try {
  const client = new ExperiencePlaneClient({ baseUrl: 'http://localhost' });
  const actor = createSessionActor({ client, storage: createSessionStore(null), navigate: () => {} });
  const status = (s: SessionSnapshot): SessionStatus => selectStatus(s);

  const anonymous = await waitFor(actor, (s) => status(s) === 'anonymous', { timeout: 5000 });
  const session = anonymous.context.session;
  assert(session && session.user_id === null, 'the first session is anonymous');
  assert(countRequests({ path: /\\/api\\/session/ }) === 1, 'one session request per load');

  actor.send({ type: 'user.login', email: 'ada@acme.test', password: 'demo-pass-1' });
  const authenticated = await waitFor(actor, (s) => status(s) === 'authenticated', { timeout: 5000 });
  const upgraded = authenticated.context.session;
  assert(upgraded?.session_id === session.session_id, 'login upgrades the same session');
  assert(typeof upgraded.user_id === 'string' && typeof upgraded.tenant_id === 'string', 'the session is bound to the user');
  assert(countRequests() === 3, 'login costs two requests (login + upgrade)');
  assert(!selectIsLoggingIn(authenticated), 'selectors are exported');
  assert(handlers.length > 0 && handlers === mockBackend.handlers, 'the default backend’s handlers are exported');

  assert(typeof bindings.PlatformStateProvider === 'function' && typeof bindings.useSession === 'function', 'session-first/react resolves');
  assert(safeReturnTo('//evil.test') === '/', 'safeReturnTo is exported');
  assert(new ApiError({ code: 'network', message: 'x' }) instanceof Error, 'ApiError is exported');
  // The actor is not stopped: a Node script still ends once its work is done.
  console.log(JSON.stringify({ ok: true, session_id: upgraded.session_id, user_id: upgraded.user_id, tenant_id: upgraded.tenant_id }));
} finally {
  server.close();
}
`;

/** The modules a built file imports (static, side-effect and dynamic imports, re-exports). */
function specifiersOf(code: string): string[] {
  return [
    ...code.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']/gm),
    ...code.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
    ...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => m[1]!);
}

/** False for a built file that only imports and re-exports chunks (after a directive, if any): it has nothing to map. */
function hasCodeOfItsOwn(code: string): boolean {
  const links = /\s*(?:(["'])use client\1|(?:import|export)\s*\{[^}]*\}(?:\s*from\s*["'][^"']+["'])?)\s*;?/y;
  let end = 0;
  while (links.exec(code)) end = links.lastIndex;
  return code.slice(end).trim() !== '';
}

/** Every package a built file loads, following its relative imports through the package. */
async function packagesLoadedBy(file: string): Promise<Set<string>> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const pending = [file];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    for (const spec of specifiersOf(await readFile(next, 'utf8'))) {
      if (spec.startsWith('.')) pending.push(resolve(dirname(next), spec));
      else packages.add(spec);
    }
  }
  return packages;
}

/**
 * A client of the mock server that is not a browser page: plain `fetch` in its own Node process
 * (no MSW there), printing every answer as JSON for the test to check.
 */
const CHECK_SERVER_MJS = `
const [url] = process.argv.slice(2);
const origin = 'http://app.example';
const answers = [];
async function call(method, path, { body, headers = {} } = {}) {
  const response = await fetch(url + path, {
    method,
    headers: { origin, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const answer = { method, path, status: response.status, headers: Object.fromEntries(response.headers), body: text };
  answers.push(answer);
  return text === '' ? undefined : JSON.parse(text);
}
const preflightResponse = await fetch(url + '/api/session/ses_x/upgrade', {
  method: 'OPTIONS',
  headers: { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'content-type, x-session-token, idempotency-key' },
});
const preflight = { status: preflightResponse.status, headers: Object.fromEntries(preflightResponse.headers) };

const created = await call('POST', '/api/session/create-anonymous', { body: { metadata: { via: 'http' } } });
const id = created.session.session_id;
await call('GET', '/api/session/' + id, { headers: { 'x-session-token': created.session_token } });
const grant = await call('POST', '/api/auth/login', { body: { email: 'ada@acme.test', password: 'demo-pass-1' } });
const upgradeBody = { user_id: grant.user_id, tenant_id: grant.tenant_id, access_token: grant.access_token };
const key = 'key-0123456789abcdef0123456789abcdef';
const upgraded = await call('PATCH', '/api/session/' + id + '/upgrade', { body: upgradeBody, headers: { 'x-session-token': created.session_token, 'idempotency-key': key } });
const replayed = await call('PATCH', '/api/session/' + id + '/upgrade', { body: upgradeBody, headers: { 'x-session-token': created.session_token, 'idempotency-key': key } });
await call('GET', '/api/session/' + id, { headers: { 'x-session-token': created.session_token } });
await call('GET', '/__mock/sessions');
await call('PUT', '/__mock/scenario', { body: { name: 'server-down' } });
await call('GET', '/api/session/' + id, { headers: { 'x-session-token': upgraded.session_token } });
await call('GET', '/__mock/state');
await call('PUT', '/__mock/scenario', { body: { name: 'default' } });
await call('PUT', '/__mock/latency', { body: { ms: 5 } });
await call('POST', '/__mock/clock', { body: { advance_ms: 60000 } });
await call('GET', '/__mock/requests');
await call('POST', '/api/session/' + id + '/logout', { headers: { 'x-session-token': upgraded.session_token } });
await call('POST', '/__mock/reset');
await call('GET', '/api/nothing-here');
console.log(JSON.stringify({ preflight, answers, sameToken: replayed.session_token === upgraded.session_token }));
`;

/**
 * Imports each entry named on its command line in turn, in plain Node (no DOM, no test runner),
 * and prints what became of each: 'ok' or the first line of the error.
 */
const IMPORTS_MJS = `
const imported = {};
for (const entry of process.argv.slice(2)) {
  try {
    await import(entry);
    imported[entry] = 'ok';
  } catch (error) {
    imported[entry] = String(error?.message ?? error).split('\\n')[0];
  }
}
const dom = typeof window !== 'undefined' || typeof document !== 'undefined';
console.log(JSON.stringify({ dom, imported }));
`;

interface NodeImports {
  /** Whether the process had a DOM at the end (an entry must not bring one either). */
  dom: boolean;
  imported: Record<string, string>;
}

let nodeImports: Promise<NodeImports> | undefined;
/** Every entry imported in one plain `node` process, run once for all the tests that ask. */
const importEveryEntryInNode = (): Promise<NodeImports> =>
  (nodeImports ??= ok(process.execPath, ['imports.mjs', ...ENTRIES], consumer).then((result) => JSON.parse(result.stdout) as NodeImports));

/** Runs `npx session-first mock-server ...` in the consumer project; resolves with its URL once it prints it. */
function startCli(cwd: string, args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  // Its own process group, so stopping it reaches the server behind npx too.
  const child = spawn(NPX, ['--no-install', 'session-first', ...args], { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const url = /Mock experience API on (http:\/\/\S+)/.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolvePromise({ child, url, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`exited with ${code} before printing its URL:\n${output}`)));
  });
}

/**
 * Ctrl+C: SIGINT to the CLI's process group (npx and the server behind it). Resolves once every
 * process holding its output has ended, so all the server printed has been read.
 */
function interrupt(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    child.removeAllListeners('exit');
    child.on('close', () => resolvePromise());
    process.kill(-child.pid!, 'SIGINT');
  });
}

/** True when nothing accepts connections at `url` any more. */
function refusesConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolvePromise) => {
    const socket = connect(Number(port), hostname);
    socket.on('connect', () => {
      socket.destroy();
      resolvePromise(false);
    });
    socket.on('error', () => resolvePromise(true));
  });
}

const baseCompilerOptions = {
  target: 'ES2022',
  lib: ['ES2023', 'DOM'],
  types: ['node'],
  strict: true,
  noUncheckedIndexedAccess: true,
  // Checking every library's declarations (ours, react's, msw's, xstate's) costs ~5 s; instead the
  // test checks that the relative imports inside ours resolve and that the main types are not
  // \`any\` (see CONSUMER_TS).
  skipLibCheck: true,
  verbatimModuleSyntax: true,
};

/** What a page sent, in order. */
interface Sent {
  method: string;
  url: URL;
  headers: Record<string, string>;
}

/** Records every request the page sends (those the mock's service worker answers included). */
function recordRequests(page: Page): () => Promise<Sent[]> {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  return () => Promise.all(requests.map(async (request) => ({ method: request.method(), url: new URL(request.url()), headers: await request.allHeaders() })));
}

/** The session id the app's header shows. */
const sessionIdOn = (page: Page): Promise<string | null> => page.getByRole('banner').locator('code').textContent();


let work = '';
let consumer = '';
/** Paths in the tarball, and in what `npm pack` would take from the checkout. */
let packedFiles: string[] = [];
let checkoutFiles: string[] = [];
const timings: Record<string, number> = {};
/** A page on another origin that the app's development build calls (VITE_STATUS_URL). */
let statusPage: StatusPage;

const BUILDS: Record<BuildMode, string> = { production: 'dist', development: 'dist-dev' };
const DEVELOPMENT_BUILD = BUILDS.development;
const appBuilds = new Map<BuildMode, Promise<Map<string, string>>>();
/** The app built once in `mode` for every test that asks; resolves with the build's files. */
function appBuild(mode: BuildMode): Promise<Map<string, string>> {
  let build = appBuilds.get(mode);
  if (!build) {
    const env = mode === 'development' ? { VITE_STATUS_URL: statusPage.url } : {};
    build = buildApp(consumer, mode, BUILDS[mode], env).then((result) => {
      timings[`${mode}Build`] = result.ms;
      return filesOf(join(consumer, BUILDS[mode]));
    });
    appBuilds.set(mode, build);
  }
  return build;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'session-first-consumer-'));
  consumer = join(work, 'consumer');
  await mkdir(consumer);

  // The package is staged in the temp folder (package.json, README, LICENSE + a fresh build in
  // its dist/lib), so this test never touches the checkout's dist/ while others use it. What
  // `npm pack` would take from the checkout itself is listed with a dry run, for the file check.
  const staged = join(work, 'package');
  await mkdir(staged);
  for (const name of await readdir(ROOT)) if (/^(package\.json|README(\.md)?|LICEN[CS]E(\.\w+)?)$/i.test(name)) await copyFile(join(ROOT, name), join(staged, name));
  const [build, dryRun] = await Promise.all([
    ok(process.execPath, [join(ROOT, 'scripts/build-lib.mjs'), '--out-dir', join(staged, 'dist/lib')], ROOT),
    ok(NPM, ['pack', '--dry-run', '--ignore-scripts', '--json'], ROOT),
  ]);
  timings.build = build.ms;
  checkoutFiles = (JSON.parse(dryRun.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  // The build just ran; --ignore-scripts keeps `prepack` from building a second time.
  const pack = await ok(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], staged);
  timings.pack = pack.ms;
  const packed = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  const { filename, files } = packed[0]!;
  packedFiles = files.map((f) => f.path);

  await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  await writeFile(join(consumer, 'consumer.ts'), CONSUMER_TS);
  await writeFile(join(consumer, 'check-server.mjs'), CHECK_SERVER_MJS);
  await writeFile(join(consumer, 'imports.mjs'), IMPORTS_MJS);
  await writeFile(
    join(consumer, 'tsconfig.nodenext.json'),
    JSON.stringify({ compilerOptions: { ...baseCompilerOptions, module: 'NodeNext', moduleResolution: 'NodeNext', outDir: 'out' }, files: ['consumer.ts'] }),
  );
  await writeFile(
    join(consumer, 'tsconfig.bundler.json'),
    JSON.stringify({ compilerOptions: { ...baseCompilerOptions, module: 'ESNext', moduleResolution: 'Bundler', noEmit: true }, files: ['consumer.ts'] }),
  );
  // The same project is the getting-started app: its files, then its install.sh followed, with
  // the tarball for `session-first` and this repository's versions for the rest.
  await copyAppFiles(consumer);
  const { packages, commands } = await readInstallScript();
  const specs = [...new Set([...packages, ...TEMPLATE_PACKAGES, '@types/node'])].map((name) =>
    name === 'session-first' ? join(work, filename) : installed(name),
  );
  const install = await ok(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...specs], consumer);
  timings.install = install.ms;
  for (const command of commands) await ok(NPX, command, consumer);
  // @playwright/test is the optional peer that session-first/playwright is for.
  await linkDevTools(consumer, [...APP_TOOLS, '@playwright/test']);
  statusPage = await startStatusPage();
}, 300_000);

afterAll(async () => {
  await statusPage?.close();
  if (work) await rm(work, { recursive: true, force: true });
  console.log(`consumer test steps (ms): ${JSON.stringify(timings)}`);
});

// Generous: under `npm test` these child processes share the CPU with every other test file.
describe('the packed library in a consumer project', { timeout: 120_000 }, () => {
  test('the package holds the built library only (no sources, no demo)', () => {
    const stray = (list: string[]) => list.filter((f) => !/^(dist\/lib\/|package\.json$|README(\.md)?$|LICEN[CS]E)/i.test(f));
    expect(stray(packedFiles)).toEqual([]);
    expect(stray(checkoutFiles), '`npm pack` in the checkout would add these').toEqual([]);
    for (const entry of ['index.js', 'react.js', 'mocks/index.js', 'mocks/browser.js', 'mocks/node.js']) expect(packedFiles).toContain(`dist/lib/${entry}`);
    expect(packedFiles.some((f) => f.startsWith('dist/lib/types/') && f.endsWith('.d.ts'))).toBe(true);
  });

  test('every built file has a source map carrying its TypeScript sources', async () => {
    const lib = join(consumer, 'node_modules/session-first/dist/lib');
    const missing: string[] = [];
    for (const file of packedFiles.filter((f) => f.endsWith('.js'))) {
      const rel = file.slice('dist/lib/'.length);
      const code = await readFile(join(lib, rel), 'utf8');
      if (!hasCodeOfItsOwn(code)) continue;
      const name = code.match(/\/\/# sourceMappingURL=(\S+)\s*$/)?.[1];
      const map = name && packedFiles.includes(posix.join(posix.dirname(file), name)) ? JSON.parse(await readFile(join(lib, posix.dirname(rel), name), 'utf8')) : null;
      const ok = map?.sources?.length > 0 && map.sources.every((s: string) => /\.tsx?$/.test(s)) && map.sourcesContent?.every((c: unknown) => typeof c == 'string' && c.length > 0);
      if (!ok) missing.push(file);
    }
    expect(missing).toEqual([]);
  });

  test('the built JavaScript imports nothing but its peers', async () => {
    const bare = new Set<string>();
    const lib = join(consumer, 'node_modules/session-first/dist/lib');
    for (const file of packedFiles.filter((f) => f.endsWith('.js'))) {
      const code = await readFile(join(lib, file.slice('dist/lib/'.length)), 'utf8');
      for (const spec of specifiersOf(code)) if (!spec.startsWith('.')) bare.add(spec);
    }
    // Node's own modules only in the server side of the mock and the CLI (see the mock-server test).
    const allowed = new RegExp(`^(${PEERS.map((p) => p.replace('/', '\\/')).join('|')})(/|$)|^node:`);
    expect([...bare].filter((s) => !allowed.test(s))).toEqual([]);
  });

  test("the React entries (react, devtools, storybook) open with 'use client', and no other entry does", async () => {
    const entryFiles = packedFiles.filter((f) => /^dist\/lib\/(mocks\/)?[\w-]+\.js$/.test(f));
    const marked: string[] = [];
    for (const file of entryFiles) {
      const code = await readFile(join(consumer, 'node_modules/session-first', file), 'utf8');
      if (/^(["'])use client\1/.test(code)) marked.push(file);
    }
    expect(entryFiles).toEqual(expect.arrayContaining(CLIENT_ENTRY_FILES));
    expect(marked.sort()).toEqual([...CLIENT_ENTRY_FILES].sort());
  });

  test.each(ENTRIES)('`%s` imports in plain Node, with no DOM, without throwing', async (entry) => {
    const { dom, imported } = await importEveryEntryInNode();
    expect(imported[entry]).toBe('ok');
    expect(dom).toBe(false);
  });

  test.concurrent('a strict consumer type-checks (nodenext and bundler resolution) and runs against the mock backend', async ({ expect }) => {
    const tsc = join(dirname(requireFromRoot.resolve('typescript/package.json')), 'bin', 'tsc');
    const [nodenext, bundler] = await Promise.all([
      run(process.execPath, [tsc, '-p', 'tsconfig.nodenext.json'], consumer),
      run(process.execPath, [tsc, '-p', 'tsconfig.bundler.json'], consumer),
    ]);
    timings.typecheck = Math.max(nodenext.ms, bundler.ms);
    expect(nodenext.output, 'tsc (nodenext)').toBe('');
    expect(bundler.output, 'tsc (bundler)').toBe('');
    expect(nodenext.code).toBe(0);
    expect(bundler.code).toBe(0);
    // Relative imports inside the declarations (tsc skips them under skipLibCheck) all point at a shipped file.
    const shipped = new Set(packedFiles);
    const broken: string[] = [];
    for (const file of packedFiles.filter((f) => f.endsWith('.d.ts'))) {
      const text = await readFile(join(consumer, 'node_modules/session-first', file), 'utf8');
      for (const [, spec] of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
        const target = posix.join(posix.dirname(file), spec!.replace(/\.js$/, '.d.ts'));
        if (!spec!.endsWith('.js') || !shipped.has(target)) broken.push(`${file}: ${spec}`);
      }
    }
    expect(broken).toEqual([]);

    const result = await run(process.execPath, ['out/consumer.js'], consumer);
    timings.run = result.ms;
    expect(result.code, result.output).toBe(0);
    const line = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { ok: boolean; user_id: string; tenant_id: string };
    expect(line).toMatchObject({ ok: true, tenant_id: 'acme' });
  });

  test.concurrent('`npx session-first mock-server` serves the five endpoints and the admin API over HTTP, CORS preflights included, without MSW; `check-backend` passes it', async ({ expect }) => {
    const help = await run(NPX, ['--no-install', 'session-first', '--help'], consumer);
    const server = await startCli(consumer, ['mock-server', '--port', '0']);
    let checked: Result;
    let contract: Result;
    try {
      checked = await run(process.execPath, ['check-server.mjs', server.url], consumer);
      contract = await run(
        NPX,
        ['--no-install', 'session-first', 'check-backend', server.url, '--account', 'ada@acme.test:demo-pass-1', '--other-account', 'grace@globex.test:demo-pass-1', '--origin', 'http://localhost:5173'],
        consumer,
      );
    } finally {
      await interrupt(server.child);
    }
    const cliFile = join(consumer, 'node_modules/session-first/dist/lib/cli.js');
    const cli = await readFile(cliFile, 'utf8');
    const cliLoads = await packagesLoadedBy(cliFile);

    expect(help.stdout).toMatch(/mock-server/);
    expect(help.stdout).toMatch(/check-backend/);
    expect(checked.code, checked.output).toBe(0);
    // The packed `check-backend` finds nothing wrong with the packed mock server.
    expect(contract.code, contract.output).toBe(0);
    expect(contract.stdout.trimEnd().split('\n').slice(-2)).toEqual(['1 skipped (see SKIP above)', expect.stringMatching(/^\d+ passed, 0 failed$/)]);
    const { preflight, answers, sameToken } = JSON.parse(checked.stdout) as {
      preflight: { status: number; headers: Record<string, string> };
      answers: { method: string; path: string; status: number; headers: Record<string, string>; body: string }[];
      sameToken: boolean;
    };
    expect(preflight.status).toBe(200);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/X-Session-Token/);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Idempotency-Key/);
    expect(preflight.headers['access-control-allow-methods']).toMatch(/PATCH/);
    expect(answers.map((a) => `${a.method} ${a.path.replace(/ses_\w+/, ':id')} ${a.status}`)).toEqual([
      'POST /api/session/create-anonymous 201',
      'GET /api/session/:id 200',
      'POST /api/auth/login 200',
      'PATCH /api/session/:id/upgrade 200',
      'PATCH /api/session/:id/upgrade 200',
      'GET /api/session/:id 401',
      'GET /__mock/sessions 200',
      'PUT /__mock/scenario 204',
      'GET /api/session/:id 503',
      'GET /__mock/state 200',
      'PUT /__mock/scenario 204',
      'PUT /__mock/latency 204',
      'POST /__mock/clock 204',
      'GET /__mock/requests 200',
      'POST /api/session/:id/logout 204',
      'POST /__mock/reset 204',
      'GET /api/nothing-here 404',
    ]);
    expect(sameToken, 'the replayed upgrade answers the same new token').toBe(true);
    for (const answer of answers) {
      expect(answer.headers['access-control-allow-origin'], `${answer.method} ${answer.path}`).toBe('*');
      expect(validateResponse(answer), `${answer.method} ${answer.path}`).toEqual([]);
    }
    // Ctrl+C stopped the server itself, not only npx in front of it.
    expect(server.output()).toMatch(/Mock server stopped/);
    expect(await refusesConnections(server.url)).toBe(true);
    // Node only: the executable and everything it loads need nothing but Node (no MSW).
    expect(cli.startsWith('#!/usr/bin/env node')).toBe(true);
    expect([...cliLoads].filter((spec) => !spec.startsWith('node:'))).toEqual([]);
  });

  test.concurrent('the getting-started app: `npx msw init public --save` ran without asking; the worker is in public/ and package.json names that folder', async ({ expect }) => {
    const pkg = JSON.parse(await readFile(join(consumer, 'package.json'), 'utf8')) as { msw?: { workerDirectory?: string[] } };
    expect(pkg.msw?.workerDirectory).toEqual(['public']);
    await access(join(consumer, 'public/mockServiceWorker.js'));
  });

  test.concurrent("the getting-started app type-checks with the Vite template's strict settings", async ({ expect }) => {
    const result = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], consumer);
    timings.appTypecheck = result.ms;
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  test.concurrent("the getting-started app's production build holds no MSW or mock code and registers no service worker", async ({ expect }) => {
    const [production, development] = await Promise.all([appBuild('production'), appBuild('development')]);
    const withMarkers = (files: Map<string, string>) =>
      [...files].filter(([, text]) => MSW_MARKERS.some((marker) => text.includes(marker))).map(([path]) => path);

    // `vite build` copies public/ as it is, the worker script included; nothing loads it.
    expect(withMarkers(production)).toEqual(['mockServiceWorker.js']);
    expect(production.get('index.html')).toMatch(/<script type="module"[^>]* src="\/assets\/index-[\w-]+\.js"/);
    // The development build's code holds every marker, so the search above would find them.
    const developmentCode = [...development].filter(([path]) => path.startsWith('assets/')).map(([, text]) => text);
    for (const marker of MSW_MARKERS) expect(developmentCode.some((text) => text.includes(marker)), marker).toBe(true);
  });

  test.concurrent('the getting-started app in Chromium (development build, with the mock): 1 session request on the first load; protected page, login and back on one session; the token goes to the API only', async ({ expect }) => {
    await appBuild('development');
    const served = await serveBuild(consumer, DEVELOPMENT_BUILD);
    const browser = await chromium.launch(chromiumLaunchOptions);
    const started = performance.now();
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(30_000);
      const sent = recordRequests(page);
      const banner = page.getByRole('banner');

      await page.goto(`${served.url}/`);
      await banner.getByText(/: anonymous$/).waitFor();
      const apiCalls = (await sent()).filter((r) => r.url.origin === served.url && r.url.pathname.startsWith('/api/'));
      expect(apiCalls.map((r) => `${r.method} ${r.url.pathname}`)).toEqual(['POST /api/session/create-anonymous']);
      const sessionId = await sessionIdOn(page);
      expect(sessionId).toMatch(/^ses_\w+$/);

      await page.getByRole('link', { name: 'Account' }).click();
      await page.waitForURL(`${served.url}/login?returnTo=%2Faccount`);
      expect(await sessionIdOn(page)).toBe(sessionId);
      await page.getByLabel('Email').fill('ada@acme.test');
      await page.getByLabel('Password').fill('demo-pass-1');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${served.url}/account`);
      await banner.getByText(/: authenticated$/).waitFor();
      expect(await sessionIdOn(page)).toBe(sessionId);

      // The account page's two calls through useAuthenticatedFetch: to the experience API's origin
      // (the mock answers it only with the session's token) and to the status page's.
      await page.getByText('The server knows this session as usr_ada of acme', { exact: false }).waitFor();
      await page.getByText('Service status: operational').waitFor();
      const token = await page.evaluate(() => sessionStorage.getItem('session_token'));
      const all = await sent();
      const afterLogin = all.slice(all.findIndex((r) => r.method === 'PATCH' && r.url.pathname === `/api/session/${sessionId}/upgrade`) + 1);
      const toApi = afterLogin.filter((r) => r.method === 'GET' && r.url.href === `${served.url}/api/session/${sessionId}`);
      expect(toApi.length).toBeGreaterThan(0);
      expect(toApi.map((r) => r.headers['x-session-token'])).toEqual(toApi.map(() => token));
      const toStatusPage = all.filter((r) => r.url.href === statusPage.url);
      expect(toStatusPage.length).toBeGreaterThan(0);
      expect(toStatusPage.filter((r) => 'x-session-token' in r.headers)).toEqual([]);
      // What reached the other origin, preflights included.
      expect(statusPage.requests.length).toBeGreaterThan(0);
      expect(statusPage.requests.filter((r) => 'x-session-token' in r.headers || /x-session-token/i.test(r.headers['access-control-request-headers'] ?? ''))).toEqual([]);
    } finally {
      await browser.close();
      served.close();
    }
    timings.chromium = Math.round(performance.now() - started);
  });
});
