import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/cli/checkBackend/index.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe("the README's section for backend teams", () => {
  it('lists every check with its rule as the tool prints it, in the order it runs them', () => {
    const section = README.slice(README.indexOf('## Checking a backend'), README.indexOf('### A report'));
    const rows = section.split('\n').filter((line) => /^\| `[a-z.-]+` \|/.test(line));

    expect(rows).toEqual(CHECKS.map((check) => `| \`${check.name}\` | ${check.rule} |`));
  });
});
