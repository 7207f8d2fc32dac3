import type { CliCommand, CliIo } from './cliCommand.ts';
import { checkBackendCommand } from './commands/checkBackendCommand.ts';
import { mockServerCommand } from './commands/mockServerCommand.ts';

/** Every subcommand, in the order `--help` lists them. Add a command here to offer it. */
export const commands: readonly CliCommand[] = [mockServerCommand, checkBackendCommand];

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: session-first <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `session-first <command> --help` for the options of a command.',
  ].join('\n');
}

/** Runs the command line `args` (without `node` and the script); resolves with the exit code. */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command: ${name}\n\n${overview()}`);
    return 2;
  }
  return command.run(rest, io);
}
