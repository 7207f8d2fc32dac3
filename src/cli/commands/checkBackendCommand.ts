import { runCheckBackend, USAGE } from '../checkBackend/index.ts';
import type { CliCommand, CliIo } from '../cliCommand.ts';

/** The command's text output, written through the command line's lines. */
const linesOf = (write: (line: string) => void) => ({
  write: (text: string) => {
    for (const line of text.replace(/\n$/, '').split('\n')) write(line);
  },
});

/** `session-first check-backend`: checks a live experience API against the contract. */
export const checkBackendCommand: CliCommand = {
  name: 'check-backend',
  summary: 'check a live experience API against the contract and its security rules',
  usage: USAGE,
  run: (args, io: CliIo) => runCheckBackend(args, { stdout: linesOf(io.out), stderr: linesOf(io.err) }),
};
