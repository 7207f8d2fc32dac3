/**
 * Runs the checks one after another against a live server, then logs out every session the
 * run made, and returns the report. Never throws for anything the server does.
 */
import { CheckContext, CheckFailure, type CheckOptions } from './checkContext.ts';
import { CHECKS, REACHABILITY_CHECK, type Check } from './checks.ts';
import { createHttpClient, type Exchange, type HttpClient } from './httpClient.ts';
import { isJsonObject } from './jsonSchema.ts';

/** The outcome of one check. */
export type CheckStatus = 'pass' | 'fail' | 'skip';

/** An exchange as the report shows it: secrets shortened, bodies trimmed. */
export interface ReportedExchange {
  request: { method: string; path: string; headers: Record<string, string>; body: string | null };
  response: { status: number; headers: Record<string, string>; body: string } | null;
  error: string | null;
}

/** One line of the report. */
export interface CheckResult {
  name: string;
  rule: string;
  status: CheckStatus;
  /** Why it failed or was skipped, or a note on a pass (e.g. the entropy estimate). */
  details: string[];
  /** For a failure: what was sent and what came back. */
  exchange: ReportedExchange | null;
}

/** The whole report, as `--json` writes it. */
export interface CheckReport {
  baseUrl: string;
  startedAt: string;
  durationMs: number;
  /** Requests sent in all; `cleanup` of them were the final logouts. */
  requests: { sent: number; cleanup: number };
  /** Sessions of this run still open at the end: how many the cleanup logged out, how many had already gone (expired). */
  cleanup: { sessions: number; loggedOut: number; alreadyGone: number };
  /** Why the run stopped before the last check, or null. */
  stopped: string | null;
  checks: CheckResult[];
  totals: { passed: number; failed: number; skipped: number };
}

/** Knobs for tests and the command line. */
export interface RunSettings {
  /** The checks to run (default: all of {@link CHECKS}). */
  checks?: readonly Check[];
  /** Called as each check finishes, for output that streams. */
  onResult?: (result: CheckResult) => void;
  sleep?: (ms: number) => Promise<void>;
}

const BODY_LIMIT = 500;

function trim(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length} characters)` : text;
}

/** A sent body with any `password` field masked. */
function maskPasswords(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (isJsonObject(parsed) && typeof parsed.password === 'string') return JSON.stringify({ ...parsed, password: '********' });
  } catch {
    // Not JSON: nothing to mask.
  }
  return body;
}

function reportExchange(exchange: Exchange, http: HttpClient): ReportedExchange {
  const { request, response } = exchange;
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, http.redact(value)]));
  return {
    request: {
      method: request.method,
      path: trim(request.path, 120),
      headers,
      body: request.body === null ? null : trim(http.redact(maskPasswords(request.body)), BODY_LIMIT),
    },
    response: response && { status: response.status, headers: response.headers, body: trim(http.redact(response.text), BODY_LIMIT) },
    error: exchange.error,
  };
}

async function runOne(check: Check, context: CheckContext): Promise<CheckResult> {
  const base = { name: check.name, rule: check.rule };
  const skipReason = check.skipReason?.(context.options) ?? null;
  if (skipReason !== null) return { ...base, status: 'skip', details: [skipReason], exchange: null };
  try {
    const note = await check.run(context);
    return { ...base, status: 'pass', details: note ? [note] : [], exchange: null };
  } catch (error) {
    if (error instanceof CheckFailure) {
      return {
        ...base,
        status: 'fail',
        details: [context.http.redact(error.message)],
        exchange: error.exchange && reportExchange(error.exchange, context.http),
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, status: 'fail', details: [`the check could not complete: ${message}`], exchange: null };
  }
}

async function logOutHeldSessions(context: CheckContext): Promise<CheckReport['cleanup']> {
  const held = [...context.heldTokens];
  let loggedOut = 0;
  let alreadyGone = 0;
  for (const [sessionId, token] of held) {
    if (context.http.stoppedBecause !== null) break;
    const status = (await context.logout(sessionId, token)).response?.status;
    if (status === 204) loggedOut++;
    if (status === 404) alreadyGone++;
  }
  return { sessions: held.length, loggedOut, alreadyGone };
}

/** Runs the checks against `options.baseUrl` and reports on each. */
export async function runChecks(options: CheckOptions, settings: RunSettings = {}): Promise<CheckReport> {
  const startedAt = new Date();
  const http = createHttpClient({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs });
  const sleep = settings.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const context = new CheckContext(options, http, sleep);
  const results: CheckResult[] = [];
  let stopped: string | null = null;

  for (const check of settings.checks ?? CHECKS) {
    const result = await runOne(check, context);
    results.push(result);
    settings.onResult?.(result);
    if (check.name === REACHABILITY_CHECK && result.status === 'fail') {
      stopped = `${options.baseUrl} does not answer, so no other check was run`;
      break;
    }
  }

  const sentByChecks = http.sentCount;
  const cleanup = stopped === null ? await logOutHeldSessions(context) : { sessions: 0, loggedOut: 0, alreadyGone: 0 };
  const count = (status: CheckStatus) => results.filter((result) => result.status === status).length;
  return {
    baseUrl: options.baseUrl,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    requests: { sent: http.sentCount, cleanup: http.sentCount - sentByChecks },
    cleanup,
    stopped,
    checks: results,
    totals: { passed: count('pass'), failed: count('fail'), skipped: count('skip') },
  };
}
