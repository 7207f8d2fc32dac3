/**
 * What the library is made of and how it is bundled: shared by the library build
 * (scripts/build-lib.mjs), the size check (tests/package/size.test.ts) and the bench.
 */
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Output name (without `.js`, relative to dist/lib) → source entry. */
export const ENTRIES = {
  index: 'src/index.ts',
  react: 'src/react/index.ts',
  devtools: 'src/devtools/index.ts',
  storybook: 'src/storybook/index.ts',
  playwright: 'src/playwright/index.ts',
  'mocks/index': 'mocks/index.ts',
  'mocks/browser': 'mocks/browser.ts',
  'mocks/node': 'mocks/node.ts',
  // The `session-first` executable (package.json `bin`); Node only, and it never loads MSW.
  cli: 'src/cli/main.ts',
};

/** Entries that are executables: built with a `#!/usr/bin/env node` line first. */
export const EXECUTABLE_ENTRIES = ['cli'];

/**
 * Entries of React components and hooks: built with a `'use client'` directive first, so a React
 * Server Components framework treats them as client modules. (A directive in a source module does
 * not survive bundling, so the build adds it.)
 */
export const CLIENT_ENTRIES = ['react', 'devtools', 'storybook'];

/** Node's own modules (`node:http`...), which only the server side of the mock and the CLI import. */
export const NODE_BUILTINS = /^node:/;

/** Peer dependencies: never bundled into the library (any subpath included, e.g. react/jsx-runtime, msw/node). */
export const PEERS = ['react', 'react-dom', 'xstate', '@xstate/react', 'msw', 'react-router', '@playwright/test'];

/** A rolldown `external` matching the given packages and their subpaths. */
export const externalFor = (packages) => {
  const escaped = packages.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(`^(${escaped.join('|')})(/|$)`);
};

/** The build target, as in tsconfig.json. */
export const TARGET = 'es2022';

/**
 * Rolldown, the bundler Vite 8 is built on. It is Vite's dependency, not ours: resolve it from
 * Vite's own location so this works however npm laid out node_modules.
 */
export async function loadRolldown() {
  const require = createRequire(resolve(ROOT, 'package.json'));
  const fromVite = createRequire(require.resolve('vite/package.json'));
  return import(pathToFileURL(fromVite.resolve('rolldown')).href);
}

/** Input options common to every bundle of the library's sources. */
export const inputOptions = ({ input, external, define = {}, plugins = [], platform = 'neutral' }) => ({
  cwd: ROOT,
  input,
  external,
  platform,
  plugins,
  logLevel: 'warn',
  tsconfig: resolve(ROOT, 'tsconfig.json'),
  transform: { target: TARGET, jsx: 'react-jsx', define },
});
