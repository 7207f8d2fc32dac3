/**
 * Starts the reference FastAPI app (tests/fastapi/app.py) as a child process on a free port of
 * 127.0.0.1 and stops it again. Debian's Python runs it: FastAPI 0.92 with pydantic 1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The Python that has FastAPI (Debian's by default; FASTAPI_PYTHON names another). */
export const FASTAPI_PYTHON = process.env.FASTAPI_PYTHON || '/usr/bin/python3';

/** The launcher that binds a free port, prints it and serves app.py. */
export const FASTAPI_LAUNCHER = fileURLToPath(new URL('../../fastapi/serve.py', import.meta.url));

/** Exit status of the launcher when FastAPI or uvicorn is not installed. */
export const FASTAPI_MISSING_EXIT = 3;

/** Settings of the app (see the docstring of tests/fastapi/app.py). */
export interface FastApiSettings {
  idleSeconds?: number;
  absoluteSeconds?: number;
  corsOrigin?: string;
  /** The port to serve on (default: a free one). */
  port?: number;
}

/** A running app. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 15_000;

/**
 * An error shown as its message alone: a missing install is a setup problem, and a stack trace
 * pointing into this helper would only hide the one line that says what to do.
 */
function setupError(message: string): Error {
  const error = new Error(message);
  error.stack = message;
  return error;
}

function environment(settings: FastApiSettings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
  if (settings.idleSeconds !== undefined) env.SESSION_IDLE_SECONDS = String(settings.idleSeconds);
  if (settings.absoluteSeconds !== undefined) env.SESSION_ABSOLUTE_SECONDS = String(settings.absoluteSeconds);
  if (settings.corsOrigin !== undefined) env.CORS_ORIGIN = settings.corsOrigin;
  // Always set: a PORT inherited from the environment must not pick the port.
  env.PORT = String(settings.port ?? 0);
  return env;
}

function waitForUrl(child: ChildProcess, python: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(setupError(`the FastAPI app did not start within ${START_TIMEOUT_MS} ms: ${stderr.trim() || '(no output)'}`));
    }, START_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(setupError(`cannot run ${python} (${error.message}): apt-get install -y python3-fastapi python3-uvicorn`));
    });
    // 'close', not 'exit': by then stderr has been read to the end.
    child.on('close', (code) => {
      clearTimeout(timer);
      const lastLine = stderr.trim().split('\n').at(-1) ?? '';
      reject(
        setupError(
          code === FASTAPI_MISSING_EXIT ? lastLine : `the FastAPI app exited with status ${String(code)} before serving: ${stderr.trim()}`,
        ),
      );
    });
  });
}

/** Starts the reference app with `python`; rejects with one line when FastAPI is missing. */
export async function startFastApi(settings: FastApiSettings = {}, python = FASTAPI_PYTHON): Promise<RunningServer> {
  const child = spawn(python, [FASTAPI_LAUNCHER], { env: environment(settings), stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await waitForUrl(child, python);
  return {
    url,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
