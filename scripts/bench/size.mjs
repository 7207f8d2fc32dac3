/**
 * Bundle sizes of the library, minified and gzipped (level 9), with the same bundler and
 * transform settings as the library build (rolldown, see ./library.mjs).
 * Used by `npm run bench` and by the size budget in tests/package/size.test.ts.
 */
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { ROOT, externalFor, inputOptions, loadRolldown } from './library.mjs';

/** SPEC §6: the library's own code (core + React bindings), min+gz, peers external. */
export const BUDGET_BYTES = 5120;
/**
 * What `npm test` enforces today: the size the library has reached with every rule of SPEC §3
 * plus a little room, so it cannot grow unnoticed (6728 B; 6790 B after a `baseUrl` with a
 * trailing slash, session ids with dots or colons, Node scripts that end without `actor.stop()`
 * and `useSession()` holding no session in `none`; 7072 B once `createSessionActor` sends the
 * session request before it builds the machine, which took SPEC §6's time from 1.11x to 1.07x).
 * SPEC §6's 5 kB (BUDGET_BYTES) is not met yet: the machine alone is about 4.7 kB (its
 * statechart, R13-R16 included); the bench reports the SPEC row as OVER until it is.
 */
export const CEILING_BYTES = 7080;

/** The four peers SPEC §6 keeps out of the library's own size. */
export const SIZE_EXTERNALS = ['react', 'react-dom', 'xstate', '@xstate/react'];

export const CORE = 'src/index.ts';
export const REACT = 'src/react/index.ts';

const VIRTUAL = '\0session-first-size-entry';

/** One ESM file exporting everything the given entries export (a consumer using all of it). */
const virtualEntry = (files) => ({
  name: 'session-first-size-entry',
  resolveId: (id) => (id === VIRTUAL ? id : null),
  load: (id) => (id === VIRTUAL ? files.map((f) => `export * from ${JSON.stringify(resolve(ROOT, f))};`).join('\n') : null),
});

/**
 * Bundles `files` as one module, minified, and measures it.
 * @param {{ files: string[], external: string[] }} options
 * @returns {Promise<{ minified: number, gzip: number, code: string }>}
 */
export async function measureBundle({ files, external }) {
  const { rolldown } = await loadRolldown();
  const bundle = await rolldown({
    ...inputOptions({
      input: VIRTUAL,
      external: external.length > 0 ? externalFor(external) : undefined,
      plugins: [virtualEntry(files)],
      platform: 'browser',
      // Bundled dependencies (only for the "total" row) read NODE_ENV; measure what production ships.
      define: { 'process.env.NODE_ENV': '"production"' },
    }),
    resolve: { conditionNames: ['production', 'module', 'browser', 'import', 'default'] },
  });
  try {
    const { output } = await bundle.generate({ format: 'esm', minify: true, codeSplitting: false, comments: false });
    const code = output[0].code;
    const bytes = Buffer.from(code);
    return { minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, code };
  } finally {
    await bundle.close();
  }
}

/** The budgeted number: core + React bindings together, peers external. */
export async function librarySize() {
  const { minified, gzip } = await measureBundle({ files: [CORE, REACT], external: SIZE_EXTERNALS });
  return { minified, gzip, budget: BUDGET_BYTES };
}

/** Every size the bench reports, in table order. */
export async function measureSizes() {
  const rows = [
    { id: 'core', label: 'core: session-first', files: [CORE], external: SIZE_EXTERNALS },
    { id: 'react', label: 'session-first/react (with the core it uses)', files: [REACT], external: SIZE_EXTERNALS },
    { id: 'library', label: 'core + React bindings together (SPEC §6)', files: [CORE, REACT], external: SIZE_EXTERNALS },
    { id: 'total', label: 'total: core + React + xstate + @xstate/react', files: [CORE, REACT], external: ['react', 'react-dom'] },
  ];
  const results = [];
  for (const row of rows) {
    const { minified, gzip } = await measureBundle(row);
    results.push({ id: row.id, label: row.label, external: row.external, minified, gzip });
  }
  return results;
}
