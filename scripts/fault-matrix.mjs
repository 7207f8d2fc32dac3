// Writes docs/fault-matrix.md from the fault matrix data the tests run (tests/faults/matrix.ts).
// `--check` only compares, and exits 1 when the file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const data = fileURLToPath(new URL('../tests/faults/matrix.ts', import.meta.url));
const doc = fileURLToPath(new URL('../docs/fault-matrix.md', import.meta.url));
const { module } = await runnerImport(data, { configFile: false, logLevel: 'silent' });
const text = module.renderFaultMatrix();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(doc, 'utf8');
  } catch {}
  if (current !== text) {
    console.error('docs/fault-matrix.md is out of date: run npm run docs:faults');
    process.exit(1);
  }
  console.log('docs/fault-matrix.md is up to date');
} else {
  writeFileSync(doc, text);
  console.log(`wrote docs/fault-matrix.md (${module.CELLS.length} cases)`);
}
