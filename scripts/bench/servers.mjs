/**
 * Starts the demo's servers for the bench: `vite preview` (the production build in dist/demo)
 * and `vite` (the dev server, React StrictMode in development). Each is spawned from
 * ./node_modules/.bin directly, so the pid we hold is the server's own and killing it stops it.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { ROOT } from './library.mjs';

export const HOST = '127.0.0.1';
const VITE = resolve(ROOT, 'node_modules/.bin/vite');
/** The dev server's config: the demo's own, with a separate dependency cache (see the file). */
const DEV_CONFIG = resolve(ROOT, 'scripts/bench/vite.bench.config.mjs');

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
 * @param {'preview' | 'dev'} kind
 * @returns {Promise<{ url: string, pid: number, stop: () => Promise<void> }>}
 */
export async function startServer(kind, { timeoutMs = 60_000 } = {}) {
  const port = await freePort();
  const args =
    kind === 'preview'
      ? ['preview', '--host', HOST, '--port', String(port), '--strictPort']
      : ['--config', DEV_CONFIG, '--host', HOST, '--port', String(port), '--strictPort'];
  const child = spawn(VITE, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BROWSER: 'none' } });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = `http://${HOST}:${port}`;
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
    await waitUntilServing(`${url}/`, child, () => log, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid, stop };
}
