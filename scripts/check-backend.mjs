// Runs check-backend from a clone of the repository, before the package's `session-first`
// command has it: node scripts/check-backend.mjs <baseUrl> --account ... (see --help).
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const entry = fileURLToPath(new URL('../src/cli/checkBackend/index.ts', import.meta.url));
const { module } = await runnerImport(entry, { configFile: false, logLevel: 'silent' });
process.exitCode = await module.runCheckBackend(process.argv.slice(2));
