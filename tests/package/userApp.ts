/**
 * The app of the README's getting-started (tests/package/consumer-app) as a project of its own
 * around the packed package: its files copied, its install commands followed, its dev tools
 * linked; then type-checked, built and served as its owner would.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv, ok, type Result } from './childProcess.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The app's files, as the README shows them. */
export const APP_SOURCE = join(ROOT, 'tests/package/consumer-app');
const INSTALL_SCRIPT = 'install.sh';

/** What the Vite template (`npm create vite@latest -- --template react-ts`) installs before the README's commands. */
export const TEMPLATE_PACKAGES = ['react', 'react-dom', '@types/react', '@types/react-dom'];

/**
 * The dev tools the app runs (the template's build tool and compiler), linked from this
 * repository's install instead of installed again, which keeps the test fast. A check that needs
 * another tool in the app (Storybook, Playwright) adds it here.
 */
export const APP_TOOLS = ['vite', '@vitejs/plugin-react', 'typescript'];

/** What install.sh asks for: the packages of its `npm install` lines, then the commands to run. */
export interface InstallScript {
  packages: string[];
  commands: string[][];
}

/** Reads install.sh; a line of another kind fails, so that the README never shows a step the test skips. */
export async function readInstallScript(): Promise<InstallScript> {
  const script: InstallScript = { packages: [], commands: [] };
  const lines = (await readFile(join(APP_SOURCE, INSTALL_SCRIPT), 'utf8')).split('\n').filter((line) => line.trim() !== '');
  for (const line of lines) {
    const [tool, ...args] = line.trim().split(/\s+/);
    if (tool === 'npm' && args[0] === 'install') script.packages.push(...args.slice(1).filter((arg) => !arg.startsWith('-')));
    else if (tool === 'npx') script.commands.push(args);
    else throw new Error(`${INSTALL_SCRIPT}: no way to follow "${line}"`);
  }
  return script;
}

/** Copies the app's files (all but install.sh, which is followed instead) into `project`. */
export async function copyAppFiles(project: string): Promise<void> {
  await cp(APP_SOURCE, project, { recursive: true, filter: (source) => relative(APP_SOURCE, source) !== INSTALL_SCRIPT });
}

/** Links `tools` from this repository's node_modules into the project's, after its last `npm install`. */
export async function linkDevTools(project: string, tools: string[]): Promise<void> {
  for (const tool of tools) {
    const link = join(project, 'node_modules', tool);
    await mkdir(dirname(link), { recursive: true });
    await symlink(join(ROOT, 'node_modules', tool), link, 'dir');
  }
}

const VITE = 'node_modules/vite/bin/vite.js';
export const TSC = 'node_modules/typescript/bin/tsc';

export type BuildMode = 'production' | 'development';

/**
 * `vite build` of the app into `outDir`. Vite's `import.meta.env.DEV` follows `NODE_ENV`, so a
 * development build has it true and starts the mock, as the dev server does.
 */
export function buildApp(project: string, mode: BuildMode, outDir: string, env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return ok(process.execPath, [VITE, 'build', '--mode', mode, '--outDir', outDir], project, { ...env, NODE_ENV: mode });
}

/** Every file of a build, by its path inside it. */
export async function filesOf(outDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(outDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(outDir, path), await readFile(path, 'utf8'));
  }
  return files;
}

/** Strings that MSW's browser code and the mock's own carry into any bundle that holds them. */
export const MSW_MARKERS = ['setupWorker', 'serviceWorker.register', 'mockServiceWorker', '[MSW]', 'mswjs', 'MOCK_RESPONSE', '/__mock/'];

export interface Served {
  url: string;
  close(): void;
}

/** `vite preview` of a build (history fallback included) on a free port of 127.0.0.1. */
export function serveBuild(project: string, outDir: string): Promise<Served> {
  const child = spawn(process.execPath, [VITE, 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', '0'], {
    cwd: project,
    env: childEnv({ NO_COLOR: '1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      const url = /Local:\s+(http:\/\/\S+?)\/?\s/.exec(output)?.[1];
      if (url) resolvePromise({ url, close: () => child.kill() });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`vite preview exited with ${code}:\n${output}`)));
  });
}

export interface StatusPage {
  /** The JSON document's URL, on an origin of its own. */
  url: string;
  /** Every request that reached it, preflights included. */
  requests: { method: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/**
 * A status page on another origin than the app's, as a third-party service would be: it answers
 * `{ status: 'operational' }` to any origin and lets through any header, so that whatever the page
 * sends it arrives and is recorded.
 */
export async function startStatusPage(): Promise<StatusPage> {
  const requests: StatusPage['requests'] = [];
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? '', headers: request.headers });
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Access-Control-Allow-Headers', '*');
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'operational' }));
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/status.json`,
    requests,
    close: () => new Promise((resolvePromise) => server.close(() => resolvePromise())),
  };
}

