/**
 * `session-first check-backend`: runs the checks, prints one line per check as it finishes
 * (with what was sent and received under a failure), the request count and `N passed, M
 * failed`, optionally writes the JSON report, and answers the exit status.
 */
import { writeFile } from 'node:fs/promises';
import { CHECKS } from './checks.ts';
import { parseCheckArguments, USAGE } from './parseCheckArguments.ts';
import { runChecks, type CheckReport, type CheckResult, type ReportedExchange } from './runChecks.ts';

/** Where the command writes (process.stdout / process.stderr by default). */
export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Exit statuses of the command. */
export const EXIT = { passed: 0, failed: 1, usage: 2 } as const;

const LABELS = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;
const INDENT = '        ';
const LINE_BODY_LIMIT = 240;

const NAME_WIDTH = Math.max(...CHECKS.map((check) => check.name.length));

function oneLine(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
}

function describeSent(request: ReportedExchange['request']): string {
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${oneLine(value, 60)}`);
  const parts = [`${request.method} ${request.path}`];
  if (headers.length > 0) parts.push(`[${headers.join(', ')}]`);
  if (request.body !== null) parts.push(oneLine(request.body, LINE_BODY_LIMIT));
  return parts.join('  ');
}

/** The lines a result prints: the verdict line, then details and, for a failure, the exchange. */
export function formatResult(result: CheckResult): string[] {
  const lines = [`${LABELS[result.status]}  ${result.name.padEnd(NAME_WIDTH)}  ${result.rule}`];
  for (const detail of result.details) lines.push(`${INDENT}${detail}`);
  const exchange = result.exchange;
  if (exchange) {
    lines.push(`${INDENT}sent: ${describeSent(exchange.request)}`);
    const { response } = exchange;
    const got = response ? `${response.status} ${oneLine(response.body, LINE_BODY_LIMIT) || '(empty body)'}` : `nothing: ${exchange.error ?? ''}`;
    lines.push(`${INDENT}got:  ${got}`);
  }
  return lines;
}

/** The closing lines: requests sent, sessions cleaned up, what was skipped, and last `N passed, M failed`. */
export function formatSummary(report: CheckReport): string[] {
  const lines: string[] = [];
  if (report.stopped) lines.push(`stopped: ${report.stopped}`);
  const { sent, cleanup } = report.requests;
  const { sessions, loggedOut, alreadyGone } = report.cleanup;
  const gone = alreadyGone > 0 ? `, ${alreadyGone} already expired` : '';
  lines.push(
    `${sent} requests in ${(report.durationMs / 1000).toFixed(1)} s; cleanup of the ${sessions} sessions this run left open: ${cleanup} logout requests, ${loggedOut} logged out${gone}`,
  );
  const { passed, failed, skipped } = report.totals;
  if (skipped > 0) lines.push(`${skipped} skipped (see SKIP above)`);
  lines.push(`${passed} passed, ${failed} failed`);
  return lines;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `check-backend` with the arguments that follow it on the command line; resolves to the
 * exit status (0 none failed, 1 some failed, 2 usage error or the report could not be written).
 */
export async function runCheckBackend(argv: readonly string[], io: CommandOutput = process): Promise<number> {
  const parsed = parseCheckArguments(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.passed;
  }
  if (parsed.kind === 'error') {
    io.stderr.write(`check-backend: ${parsed.message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const { options, jsonFile } = parsed.command;
  const extras = [
    options.origin === null ? 'no --origin: CORS not checked' : `origin ${options.origin}`,
    options.idleSeconds === null ? 'no --idle-seconds: idle expiry not checked' : `idle timeout ${options.idleSeconds} s`,
  ];
  io.stdout.write(`check-backend ${options.baseUrl} as ${options.account.email} and ${options.otherAccount.email} (${extras.join('; ')})\n`);
  const report = await runChecks(options, {
    onResult: (result) => io.stdout.write(`${formatResult(result).join('\n')}\n`),
  });
  io.stdout.write(`${formatSummary(report).join('\n')}\n`);
  if (jsonFile !== null) {
    try {
      await writeFile(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    } catch (error) {
      io.stderr.write(`check-backend: could not write the JSON report to ${jsonFile}: ${errorMessage(error)}\n`);
      return EXIT.usage;
    }
  }
  return report.totals.failed === 0 ? EXIT.passed : EXIT.failed;
}
