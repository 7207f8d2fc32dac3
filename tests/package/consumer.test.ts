/**
 * The package as a user gets it: build the library once (scripts/build-lib.mjs, into a staging
 * copy of the package in a temp folder), `npm pack` it, install the tarball with its peers into a
 * throwaway project, type-check a consumer against the published declarations (strict; nodenext
 * and bundler resolution) and run it against the mock backend from `session-first/mocks/node`.
 *
 * Installs use `--prefer-offline`: the local npm cache when it has the packages, the registry
 * otherwise (a fresh machine). Everything runs in child processes, so the MSW server that
 * tests/setup/node.ts starts in this process is not involved.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const requireFromRoot = createRequire(join(ROOT, 'package.json'));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const PEERS = ['react', 'react-dom', 'xstate', '@xstate/react', 'msw'];
const TYPES = ['@types/react', '@types/node'];

/** The versions this repository develops against, so the npm cache can answer. */
const installed = (name: string): string => `${name}@${(requireFromRoot(`${name}/package.json`) as { version: string }).version}`;

interface Result {
  code: number | null;
  /** stdout and stderr, interleaved. */
  output: string;
  stdout: string;
  ms: number;
}

/** The environment of a child process, without what `npm test` exports about *this* package. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_package_|npm_lifecycle_|npm_config_(local_)?prefix$|INIT_CWD$|NODE_OPTIONS$|VITEST)/i.test(key)) continue;
    env[key] = value;
  }
  env.NODE_ENV = 'production';
  return env;
}

function run(command: string, args: string[], cwd: string): Promise<Result> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (d) => ((output += d), (stdout += d)));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, output, stdout, ms: Math.round(performance.now() - started) }));
  });
}

async function ok(command: string, args: string[], cwd: string): Promise<Result> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.code}:\n${result.output}`);
  return result;
}

const CONSUMER_TS = `
import { waitFor } from 'xstate';
import {
  ApiError,
  ExperiencePlaneClient,
  createSessionActor,
  createSessionStore,
  safeReturnTo,
  selectStatus,
  type Session,
  type SessionSnapshot,
  type SessionStatus,
} from 'session-first';
import * as bindings from 'session-first/react';
import { PlatformStateProvider, useSessionSelector, type SessionState } from 'session-first/react';
import { mockBackend, type ScenarioName } from 'session-first/mocks';
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
  Expect<IsAny<typeof import('session-first/mocks/browser').worker>>,
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

  assert(typeof bindings.PlatformStateProvider === 'function' && typeof bindings.useSession === 'function', 'session-first/react resolves');
  assert(safeReturnTo('//evil.test') === '/', 'safeReturnTo is exported');
  assert(new ApiError('network', 'x') instanceof Error, 'ApiError is exported');
  actor.stop();
  console.log(JSON.stringify({ ok: true, session_id: upgraded.session_id, user_id: upgraded.user_id, tenant_id: upgraded.tenant_id }));
} finally {
  server.close();
}
`;

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

let work = '';
let consumer = '';
/** Paths in the tarball, and in what `npm pack` would take from the checkout. */
let packedFiles: string[] = [];
let checkoutFiles: string[] = [];
const timings: Record<string, number> = {};

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
  await writeFile(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...baseCompilerOptions, module: 'NodeNext', moduleResolution: 'NodeNext', outDir: 'out' }, files: ['consumer.ts'] }),
  );
  await writeFile(
    join(consumer, 'tsconfig.bundler.json'),
    JSON.stringify({ compilerOptions: { ...baseCompilerOptions, module: 'ESNext', moduleResolution: 'Bundler', noEmit: true }, files: ['consumer.ts'] }),
  );
  const install = await ok(
    NPM,
    [
      'install',
      '--prefix', consumer,
      '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error',
      join(work, filename),
      ...[...PEERS, ...TYPES].map(installed),
    ],
    consumer,
  );
  timings.install = install.ms;
}, 300_000);

afterAll(async () => {
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
      // A file that only re-exports a chunk has no code of its own to map.
      if (/^(\s*export\s*\{[^}]*\}\s*from\s*["'][^"']+["'];?)+\s*$/.test(code)) continue;
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
      const specifiers = [
        ...code.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']/gm),
        ...code.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
        ...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
      ].map((m) => m[1]!);
      for (const spec of specifiers) if (!spec.startsWith('.')) bare.add(spec);
    }
    const allowed = new RegExp(`^(${PEERS.map((p) => p.replace('/', '\\/')).join('|')})(/|$)`);
    expect([...bare].filter((s) => !allowed.test(s))).toEqual([]);
  });

  test('a strict consumer type-checks (nodenext and bundler resolution) and runs against the mock backend', async () => {
    const tsc = join(dirname(requireFromRoot.resolve('typescript/package.json')), 'bin', 'tsc');
    const [nodenext, bundler] = await Promise.all([
      run(process.execPath, [tsc, '-p', 'tsconfig.json'], consumer),
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
});
