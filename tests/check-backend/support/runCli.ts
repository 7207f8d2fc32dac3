/** Runs `check-backend` as its command line would, capturing the output and the JSON report. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKS, runCheckBackend, type CheckReport } from '../../../src/cli/checkBackend/index.ts';

/** The demo accounts of SPEC §4, as the command line takes them. */
export const ACCOUNT_ARGS = ['--account', 'ada@acme.test:demo-pass-1', '--other-account', 'grace@globex.test:demo-pass-1'];

/** What one run printed, returned and reported. */
export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The `--json` report; null when none was written (usage errors). */
  report: CheckReport | null;
}

function collector(): { write(text: string): boolean; text(): string } {
  const chunks: string[] = [];
  return {
    write(text: string) {
      chunks.push(text);
      return true;
    },
    text: () => chunks.join(''),
  };
}

/** Runs `check-backend <args> --json <temp file>`. */
export async function runCli(args: readonly string[]): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), 'check-backend-'));
  const jsonFile = join(dir, 'report.json');
  const stdout = collector();
  const stderr = collector();
  try {
    const exitCode = await runCheckBackend([...args, '--json', jsonFile], { stdout, stderr });
    let report: CheckReport | null = null;
    try {
      report = JSON.parse(readFileSync(jsonFile, 'utf8')) as CheckReport;
    } catch {
      report = null;
    }
    return { exitCode, stdout: stdout.text(), stderr: stderr.text(), report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Names of the checks with `status` in a report. */
export function checksWith(report: CheckReport | null, status: 'pass' | 'fail' | 'skip'): string[] {
  return (report?.checks ?? []).filter((check) => check.status === status).map((check) => check.name);
}

/** Every check's name, in order. */
export const ALL_CHECKS = CHECKS.map((check) => check.name);
