/**
 * Starts the servers of the bench: `vite preview` (a production build of the demo), `vite` (the
 * dev server, React StrictMode in development) and the mock experience API over HTTP. Each is
 * spawned directly (./node_modules/.bin, or node), so the pid we hold is the server's own and
 * killing it stops it.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { ROOT } from './library.mjs';

export const HOST = '127.0.0.1';
const VITE = resolve(ROOT, 'node_modules/.bin/vite');
/** The dev server's config: the demo's own, with a separate dependency cache (see the file). */
const DEV_CONFIG = resolve(ROOT, 'scripts/bench/vite.bench.config.mjs');
/** The package's executable as built by scripts/build-lib.mjs (package.json `bin`). */
const CLI = resolve(ROOT, 'dist/lib/cli.js');

// Servers still running when the bench exits (an error, Ctrl-C) are stopped by their pid.
const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitUntilServing(url, child, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before serving ${url}:\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Spawns a server (no shell, so its pid is the server's own) and resolves once `readyUrl` answers.
 * @returns {Promise<{ pid: number, stop: () => Promise<void> }>}
 */
async function startProcess(command, args, readyUrl, { env = {}, timeoutMs }) {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      child.kill('SIGTERM');
    });
  try {
    await waitUntilServing(readyUrl, child, () => log, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: child.pid, stop };
}

/**
 * Serves the demo: `preview` serves a production build (`outDir`, default dist/demo), `dev` runs
 * the dev server (React StrictMode in development).
 * @param {'preview' | 'dev'} kind
 * @param {{ outDir?: string, timeoutMs?: number }} [options]
 * @returns {Promise<{ url: string, pid: number, stop: () => Promise<void> }>}
 */
export async function startServer(kind, { outDir = 'dist/demo', timeoutMs = 60_000 } = {}) {
  const port = await freePort();
  const args =
    kind === 'preview'
      ? ['preview', '--outDir', outDir, '--host', HOST, '--port', String(port), '--strictPort']
      : ['--config', DEV_CONFIG, '--host', HOST, '--port', String(port), '--strictPort'];
  const url = `http://${HOST}:${port}`;
  const server = await startProcess(VITE, args, `${url}/`, { env: { BROWSER: 'none' }, timeoutMs });
  return { url, ...server };
}

/**
 * The mock experience API over HTTP (`session-first mock-server` from the library build in
 * dist/lib), as a real backend is reached: another origin, CORS, no service worker.
 * @param {{ port: number, timeoutMs?: number }} options
 * @returns {Promise<{ url: string, pid: number, stop: () => Promise<void> }>}
 */
export async function startMockApiServer({ port, timeoutMs = 30_000 }) {
  const args = [CLI, 'mock-server', '--host', HOST, '--port', String(port)];
  const url = `http://${HOST}:${port}`;
  const server = await startProcess(process.execPath, args, `${url}/__mock/state`, { timeoutMs });
  return { url, ...server };
}
