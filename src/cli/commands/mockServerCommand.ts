import { parseArgs } from 'node:util';
import { accounts, DEMO_PASSWORD } from '../../../mocks/accounts.ts';
import { startMockServer } from '../../../mocks/server/startMockServer.ts';
import type { CliCommand } from '../cliCommand.ts';

const USAGE = `Usage: session-first mock-server [--port N] [--host 127.0.0.1] [--cors <origin>]

Serves the mock experience API (/api/...) and its admin API (/__mock/...) over HTTP, in memory,
until Ctrl+C.

Options:
  --port N          port to listen on (default 4010; 0 picks a free one)
  --host <address>  interface to listen on (default 127.0.0.1, this machine only)
  --cors <origin>   the one origin browsers may call from (default: any origin)
  -h, --help        show this help`;

/** A port number from the command line, or null when it is not one. */
function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

/** `session-first mock-server`: the mock backend over real HTTP, with CORS. */
export const mockServerCommand: CliCommand = {
  name: 'mock-server',
  summary: 'serve the mock experience API and its admin API over HTTP, with CORS',
  usage: USAGE,
  async run(args, io) {
    let values: { port?: string; host?: string; cors?: string; help?: boolean };
    try {
      ({ values } = parseArgs({
        args,
        options: {
          port: { type: 'string' },
          host: { type: 'string' },
          cors: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
      }));
    } catch (error) {
      io.err(error instanceof Error ? error.message : String(error));
      io.err(USAGE);
      return 2;
    }
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const port = parsePort(values.port ?? '4010');
    if (port === null) {
      io.err(`--port must be a number from 0 to 65535, got ${values.port}`);
      return 2;
    }
    const cors = values.cors ?? '*';
    let server;
    try {
      server = await startMockServer({ port, host: values.host ?? '127.0.0.1', cors });
    } catch (error) {
      io.err(`Could not start the mock server: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    io.out(`Mock experience API on ${server.url}`);
    io.out(`  sign in as ${accounts.map((account) => account.email).join(', ')} (password ${DEMO_PASSWORD})`);
    io.out(`  admin API: ${server.url}/__mock/state, /__mock/sessions, /__mock/scenario, /__mock/latency, /__mock/clock, /__mock/requests, /__mock/reset`);
    io.out(`  CORS: ${cors === '*' ? 'any origin' : cors}. Ctrl+C stops it.`);
    await io.stopRequested();
    await server.close();
    io.out('Mock server stopped.');
    return 0;
  },
};
