/**
 * `npm test` on a machine without Chromium: its first step, scripts/require-chromium.mjs, stops
 * it at once with one line that says how to get one.
 */
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/require-chromium.mjs', import.meta.url));
const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

let folder = '';

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'require-chromium-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Runs the script with `CHROMIUM_PATH` set and a PATH that holds nothing at all. */
function requireChromium(chromiumPath: string) {
  const { status, stdout, stderr } = spawnSync(process.execPath, [SCRIPT], {
    env: { PATH: folder, CHROMIUM_PATH: chromiumPath },
    encoding: 'utf8',
  });
  return { status, stdout, lines: stderr.split('\n').filter((line) => line !== '') };
}

describe('npm test without Chromium', () => {
  test("runs scripts/require-chromium.mjs before anything else", async () => {
    const { scripts } = JSON.parse(await readFile(PACKAGE_JSON, 'utf8')) as { scripts: Record<string, string> };

    expect(scripts.test).toMatch(/^node scripts\/require-chromium\.mjs && /);
  });

  test('stops with exit code 1 and one line naming CHROMIUM_PATH, Debian and Playwright when CHROMIUM_PATH points nowhere', () => {
    const result = requireChromium(join(folder, 'no-such-chromium'));

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toContain(`CHROMIUM_PATH (${join(folder, 'no-such-chromium')})`);
    expect(result.lines[0]).toContain('apt-get install chromium');
    expect(result.lines[0]).toContain('npx playwright install chromium');
  });

  test('stops the same way when CHROMIUM_PATH names a folder or a file that cannot run', async () => {
    const notExecutable = join(folder, 'chromium.txt');
    await writeFile(notExecutable, 'not a browser');

    for (const path of [folder, notExecutable]) {
      const result = requireChromium(path);
      expect(result.status, path).toBe(1);
      expect(result.lines, path).toHaveLength(1);
    }
  });

  test('lets the tests run, saying nothing, when CHROMIUM_PATH names an executable file', async () => {
    const executable = join(folder, 'chromium');
    await writeFile(executable, '#!/bin/sh\n');
    await chmod(executable, 0o755);

    expect(requireChromium(executable)).toEqual({ status: 0, stdout: '', lines: [] });
  });
});
