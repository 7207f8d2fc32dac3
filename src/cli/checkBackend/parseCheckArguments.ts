/** The command line of `check-backend`, read into {@link CheckOptions} or a usage error. */
import type { CheckOptions, Credentials } from './checkContext.ts';

/** The usage text printed with `--help` and after a usage error. */
export const USAGE = `Usage: session-first check-backend <baseUrl> --account <email>:<password> --other-account <email>:<password>
         [--origin <origin>] [--idle-seconds <n>] [--json <file>] [--timeout <ms>]

Checks a live experience API against the session-first contract: the OpenAPI document's
shapes, FastAPI's error shapes and the security rules of sessions (token rotation, identity
from the access token, idempotency, expiry, CORS).

  <baseUrl>                 where the API is served, e.g. http://localhost:8000 (/api/... is appended)
  --account <email>:<pw>    an account to sign in as; sessions are upgraded to it
  --other-account <e>:<pw>  a second account of another user (for the 403 and 409 checks)
  --origin <origin>         a web origin the API allows by CORS (the CORS checks are skipped without it)
  --idle-seconds <n>        the API's idle timeout; the check waits n + 1 s (skipped without it)
  --json <file>             also write the report to <file> as JSON
  --timeout <ms>            time allowed per request (default 5000)
  --help                    this text

Exit status: 0 when no check failed, 1 when one did, 2 for a usage error.`;

/** Default per-request timeout. */
export const DEFAULT_TIMEOUT_MS = 5000;

/** The options of a run and where to write the JSON report. */
export interface CheckCommand {
  options: CheckOptions;
  jsonFile: string | null;
}

/** What the command line asks for: a run, the usage text, or a usage error. */
export type ParsedArguments =
  | { kind: 'run'; command: CheckCommand }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

const VALUE_OPTIONS = ['account', 'other-account', 'origin', 'idle-seconds', 'json', 'timeout'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];

const MAX_IDLE_SECONDS = 24 * 60 * 60;
const MIN_TIMEOUT_MS = 100;
const MAX_TIMEOUT_MS = 10 * 60 * 1000;

class UsageError extends Error {}

function isValueOption(name: string): name is ValueOption {
  return (VALUE_OPTIONS as readonly string[]).includes(name);
}

function parseCredentials(option: string, value: string): Credentials {
  const separator = value.indexOf(':');
  const email = separator === -1 ? '' : value.slice(0, separator);
  const password = separator === -1 ? '' : value.slice(separator + 1);
  if (email === '' || password === '') throw new UsageError(`--${option} must be <email>:<password>, got ${JSON.stringify(value)}`);
  return { email, password };
}

function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`the base URL must be an http:// or https:// URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`the base URL must be an http:// or https:// URL, got ${JSON.stringify(value)}`);
  }
  if (url.search !== '' || url.hash !== '') throw new UsageError('the base URL must not have a query or a fragment');
  return url.href.replace(/\/+$/, '');
}

function parseOrigin(value: string): string {
  let origin: string | undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') origin = url.origin;
  } catch {
    origin = undefined;
  }
  if (origin === undefined || origin !== value) {
    throw new UsageError(`--origin must be an origin such as https://app.example.com (scheme, host and port, no path), got ${JSON.stringify(value)}`);
  }
  return origin;
}

function parseInteger(option: string, value: string, min: number, max: number): number {
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new UsageError(`--${option} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return number;
}

function readFlags(argv: readonly string[]): { positionals: string[]; values: Map<ValueOption, string>; help: boolean } {
  const positionals: string[] = [];
  const values = new Map<ValueOption, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i]!;
    if (argument === '--help' || argument === '-h') {
      help = true;
      continue;
    }
    if (!argument.startsWith('--')) {
      if (argument.startsWith('-') && argument !== '-') throw new UsageError(`unknown option ${argument}`);
      positionals.push(argument);
      continue;
    }
    const equals = argument.indexOf('=');
    const name = argument.slice(2, equals === -1 ? undefined : equals);
    if (!isValueOption(name)) throw new UsageError(`unknown option --${name}`);
    if (values.has(name)) throw new UsageError(`--${name} is given twice`);
    const value = equals === -1 ? argv[++i] : argument.slice(equals + 1);
    if (value === undefined || (equals === -1 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    values.set(name, value);
  }
  return { positionals, values, help };
}

/** Reads the arguments that follow `check-backend` on the command line. */
export function parseCheckArguments(argv: readonly string[]): ParsedArguments {
  try {
    const { positionals, values, help } = readFlags(argv);
    if (help) return { kind: 'help' };
    if (positionals.length === 0) throw new UsageError('the base URL of the API is missing');
    if (positionals.length > 1) throw new UsageError(`one base URL expected, got ${positionals.length}: ${positionals.join(' ')}`);
    const accountValue = values.get('account');
    const otherValue = values.get('other-account');
    if (accountValue === undefined) throw new UsageError('--account <email>:<password> is required');
    if (otherValue === undefined) throw new UsageError('--other-account <email>:<password> is required');
    const account = parseCredentials('account', accountValue);
    const otherAccount = parseCredentials('other-account', otherValue);
    if (account.email === otherAccount.email) throw new UsageError('--account and --other-account must be two different accounts');
    const origin = values.get('origin');
    const idle = values.get('idle-seconds');
    const timeout = values.get('timeout');
    const jsonFile = values.get('json');
    if (jsonFile === '') throw new UsageError('--json needs a file name');
    return {
      kind: 'run',
      command: {
        options: {
          baseUrl: parseBaseUrl(positionals[0]!),
          account,
          otherAccount,
          origin: origin === undefined ? null : parseOrigin(origin),
          idleSeconds: idle === undefined ? null : parseInteger('idle-seconds', idle, 1, MAX_IDLE_SECONDS),
          timeoutMs: timeout === undefined ? DEFAULT_TIMEOUT_MS : parseInteger('timeout', timeout, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS),
        },
        jsonFile: jsonFile ?? null,
      },
    };
  } catch (error) {
    if (error instanceof UsageError) return { kind: 'error', message: error.message };
    throw error;
  }
}
