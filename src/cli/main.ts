/** The `session-first` executable (package.json `bin`): `npx session-first --help`. */
import { runCli } from './runCli.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  // Listened to only by a command that waits for it, so Ctrl+C ends any other command as usual.
  stopRequested: () =>
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }),
});
