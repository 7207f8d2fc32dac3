/**
 * Child processes for the package tests: each runs with the environment a user's shell would
 * give it, not the one `npm test` and Vitest set up for this repository.
 */
import { spawn } from 'node:child_process';

export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
export const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

export interface Result {
  code: number | null;
  /** stdout and stderr, interleaved. */
  output: string;
  stdout: string;
  ms: number;
}

/**
 * The environment of a child process, without what `npm test` exports about *this* package;
 * `NODE_ENV` is production unless `overrides` says otherwise.
 */
export function childEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_package_|npm_lifecycle_|npm_config_(local_)?prefix$|INIT_CWD$|NODE_OPTIONS$|VITEST)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NODE_ENV: 'production', ...overrides };
}

export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Result> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, output, stdout, ms: Math.round(performance.now() - started) }));
  });
}

/** Like {@link run}, but rejects with the command's output when it exits with anything but 0. */
export async function ok(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Result> {
  const result = await run(command, args, cwd, env);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.code}:\n${result.output}`);
  return result;
}
