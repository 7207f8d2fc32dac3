/** One subcommand of the `session-first` command line. */
export interface CliCommand {
  /** What follows `session-first` on the command line, e.g. `mock-server`. */
  name: string;
  /** One line for `session-first --help`. */
  summary: string;
  /** The full help of the command (`session-first <name> --help`). */
  usage: string;
  /** Runs the command with the arguments after its name; resolves with the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Where a command writes, and how it learns that it should stop. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Resolves when the user asks the program to stop (Ctrl+C, SIGTERM). */
  stopRequested(): Promise<void>;
}
