#!/usr/bin/env node
/**
 * Builds the installable library into dist/lib (dist/demo stays the demo's):
 *   dist/lib/index.js, react.js, mocks/{index,browser,node}.js   ESM, peers external, not minified
 *   dist/lib/cli.js                                                the `session-first` executable (bin)
 *   dist/lib/chunks/*.js, dist/lib/mocks/chunks/*.js              code shared between entries
 *   *.js.map next to each                                          source maps with the sources inlined
 *   dist/lib/types/{src,mocks}/**.d.ts                            declarations (tsc), `.js` specifiers
 *
 * Usage: node scripts/build-lib.mjs [--out-dir <dir>]
 * The output is assembled in a sibling temporary folder and swapped in at the end, so a reader
 * (npm pack, a test) never sees half a build.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ENTRIES, CLIENT_ENTRIES, EXECUTABLE_ENTRIES, NODE_BUILTINS, PEERS, ROOT, externalFor, inputOptions, loadRolldown } from './bench/library.mjs';

const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'dist/lib' } } });
const outDir = resolve(ROOT, values['out-dir']);
const workDir = `${outDir}.build-${process.pid}`;

/** Chunks made only of mock-backend modules go under mocks/ (package.json marks those as having side effects). */
const chunkFileNames = (chunk) =>
  chunk.moduleIds.length > 0 && chunk.moduleIds.every((id) => relative(ROOT, id).startsWith('mocks/'))
    ? 'mocks/chunks/[name]-[hash].js'
    : 'chunks/[name]-[hash].js';

async function bundle() {
  const { rolldown } = await loadRolldown();
  const input = Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, resolve(ROOT, file)]));
  const bundle = await rolldown(inputOptions({ input, external: [externalFor(PEERS), NODE_BUILTINS] }));
  try {
    // Source maps carry the TypeScript sources, so a stack trace or a debugger shows them.
    const { output } = await bundle.write({
      dir: workDir,
      format: 'esm',
      entryFileNames: '[name].js',
      chunkFileNames,
      sourcemap: true,
      banner: (chunk) => {
        if (!chunk.isEntry) return '';
        if (EXECUTABLE_ENTRIES.includes(chunk.name)) return '#!/usr/bin/env node';
        return CLIENT_ENTRIES.includes(chunk.name) ? "'use client';" : '';
      },
    });
    return output.map((o) => o.fileName).filter((f) => f.endsWith('.js'));
  } finally {
    await bundle.close();
  }
}

function run(command, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${out}`))));
  });
}

/** Relative `.ts`/`.tsx` specifiers (the sources use them) become `.js`, which resolves to the `.d.ts` for every consumer. */
const rewriteSpecifiers = (text) =>
  text.replace(/((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*?)\.(?:ts|tsx|mts)\2/g, '$1$2$3.js$2');

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

async function declarations() {
  const require = createRequire(resolve(ROOT, 'package.json'));
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  const typesDir = join(workDir, 'types');
  await run(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', typesDir]);
  let count = 0;
  for await (const file of walk(typesDir)) {
    if (!file.endsWith('.d.ts')) continue;
    const text = await readFile(file, 'utf8');
    const rewritten = rewriteSpecifiers(text);
    if (rewritten !== text) await writeFile(file, rewritten);
    count++;
  }
  return count;
}

const started = performance.now();
await rm(workDir, { recursive: true, force: true });
await mkdir(workDir, { recursive: true });
try {
  const [files, dts] = await Promise.all([bundle(), declarations()]);
  // Swap in the new build; retried, in case a concurrent build swapped its own in meanwhile.
  for (let attempt = 1; ; attempt++) {
    await rm(outDir, { recursive: true, force: true });
    try {
      await rename(workDir, outDir);
      break;
    } catch (error) {
      if (attempt >= 5 || !['ENOTEMPTY', 'EEXIST'].includes(error?.code)) throw error;
    }
  }
  const ms = Math.round(performance.now() - started);
  console.log(`build:lib → ${relative(ROOT, outDir)}: ${files.length} JS files (${files.filter((f) => !f.includes('chunks/')).join(', ')}), ${dts} declaration files, ${ms} ms`);
} catch (error) {
  await rm(workDir, { recursive: true, force: true });
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
