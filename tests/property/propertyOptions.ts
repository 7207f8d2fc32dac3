import fc from 'fast-check';

/**
 * fast-check options for the property and race tests: `runs` in CI; locally
 * `PROPERTY_RUNS=3000` hunts longer, and `PROPERTY_SEED` + `PROPERTY_PATH` (as a failure reports
 * them) replay one counterexample and shrink it.
 */
export const propertyOptions = (runs: number): fc.Parameters<unknown> => {
  const { PROPERTY_RUNS, PROPERTY_SEED, PROPERTY_PATH } = process.env;
  return {
    numRuns: Number(PROPERTY_RUNS) || runs,
    ...(PROPERTY_SEED ? { seed: Number(PROPERTY_SEED), ...(PROPERTY_PATH ? { path: PROPERTY_PATH } : {}) } : {}),
  };
};

/**
 * `replayPath` of `fc.commands`: a failure of a property over commands reports it next to its
 * counterexample (`replayPath="..."`); `PROPERTY_REPLAY` hands it back with `PROPERTY_SEED` and
 * `PROPERTY_PATH` to replay that run.
 */
export const commandsReplayPath = (): { replayPath?: string } => (process.env.PROPERTY_REPLAY ? { replayPath: process.env.PROPERTY_REPLAY } : {});

/** One failure a hunt found, with what replays it. */
export interface Failure {
  seed: number;
  path: string;
  /** The assertion that failed, first line. */
  error: string;
  /** fast-check's report (shrunk for the first failure of its kind) and where it failed. */
  report: string;
}

/** What a hunt did: the runs made and every failure met on the way. */
export interface Hunt {
  runs: number;
  failures: Failure[];
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
/** Failures of one kind read the same once ids and numbers are left out. */
const kindOf = (error: string) => error.replace(/ses_[0-9a-f]+/g, 'ses_…').replace(/\d+/g, 'N');

function failureOf<T>(details: fc.RunDetails<T>): Failure {
  const where = details.errorInstance instanceof Error ? (details.errorInstance.stack ?? '').split('\n').slice(1, 6).join('\n') : '';
  return {
    seed: details.seed,
    path: details.counterexamplePath ?? '',
    error: firstLine(details.errorInstance),
    report: `${fc.defaultReportMessage(details) ?? ''}\n${where}`,
  };
}

/**
 * Runs `property` for as many runs as {@link propertyOptions} says. In CI it stops at the first
 * failure and reports what replays it, without shrinking (which can take minutes). A longer hunt
 * (`PROPERTY_RUNS`) goes on after each failure with a new seed until all its runs are made, so
 * that it reports every failure it meets, the first of each kind shrunk. A replay
 * (`PROPERTY_SEED`) runs the one counterexample, shrinks it and fails with its own error.
 */
export async function hunt<T>(property: fc.IAsyncPropertyWithHooks<T>, runs: number): Promise<Hunt> {
  const options = propertyOptions(runs) as fc.Parameters<T>;
  if (options.seed !== undefined) {
    await fc.assert(property, options);
    return { runs: 1, failures: [] };
  }
  const wanted = options.numRuns!;
  const goOn = !!process.env.PROPERTY_RUNS;
  const found: Hunt = { runs: 0, failures: [] };
  const kinds = new Set<string>();
  while (found.runs < wanted) {
    const details = await fc.check(property, { ...options, numRuns: wanted - found.runs, endOnFailure: true });
    found.runs += details.numRuns;
    if (!details.failed) break;
    const failure = failureOf(details);
    const kind = kindOf(failure.error);
    if (goOn && !kinds.has(kind)) {
      kinds.add(kind);
      // The first failure of its kind is shrunk, from where it was found.
      const shrunk = await fc.check(property, { seed: details.seed, path: failure.path });
      if (shrunk.failed) Object.assign(failure, failureOf(shrunk));
    }
    found.failures.push(failure);
    if (!goOn) break;
  }
  return found;
}

/**
 * The message a test fails with when its hunt met failures: how many of each kind, and for each
 * kind the (shrunk) first one with the seed and path that replay it, then the others' seeds.
 */
export function failuresOf({ runs, failures }: Hunt): string {
  const byKind = new Map<string, Failure[]>();
  for (const failure of failures) byKind.set(kindOf(failure.error), [...(byKind.get(kindOf(failure.error)) ?? []), failure]);
  const kinds = [...byKind.values()].map((same) => {
    const [first, ...others] = same;
    const replays = others.map((f) => `PROPERTY_SEED=${f.seed} PROPERTY_PATH=${f.path}`).join(', ');
    return `${same.length} × ${first!.error}\n   replay: PROPERTY_SEED=${first!.seed} PROPERTY_PATH=${first!.path}${replays ? `\n   also: ${replays}` : ''}\n${first!.report}`;
  });
  return `${failures.length} failure(s) of ${byKind.size} kind(s) in ${runs} runs:\n${kinds.join('\n\n')}`;
}
