/**
 * The README's getting-started is the app of tests/package/consumer-app, file by file: each code
 * block of the section is a whole file of it, named by the comment above the block, and the app's
 * install.sh and every file of its src/ are shown. The consumer test builds and runs those files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP = 'tests/package/consumer-app/';
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface CodeBlock {
  /** The README line of the opening fence (1-based). */
  line: number;
  /** The file named by the `<!-- path -->` comment just above the fence, if there is one. */
  file: string | undefined;
  code: string;
}

/** The lines of the section `## <title>`, up to the next `## ` heading, with the line number of its first. */
function sectionOf(title: string): { first: number; lines: string[] } {
  const lines = README.split('\n');
  const start = lines.indexOf(`## ${title}`);
  if (start < 0) throw new Error(`README.md has no section "## ${title}"`);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return { first: start + 1, lines: lines.slice(start, end < 0 ? undefined : end) };
}

function codeBlocksOf(title: string): CodeBlock[] {
  const { first, lines } = sectionOf(title);
  const blocks: CodeBlock[] = [];
  let open: CodeBlock | undefined;
  lines.forEach((line, index) => {
    if (open) {
      if (line === '```') {
        blocks.push(open);
        open = undefined;
      } else {
        open.code += `${line}\n`;
      }
    } else if (line.startsWith('```')) {
      const file = /^<!-- (\S+) -->$/.exec(lines[index - 1] ?? '')?.[1];
      open = { line: first + index, file, code: '' };
    }
  });
  if (open) throw new Error(`README.md line ${open.line}: the code block is never closed`);
  return blocks;
}

/** The app's files the README must show: install.sh and everything under src/. */
function appFilesToShow(): string[] {
  const sources = readdirSync(join(ROOT, APP, 'src'), { recursive: true, encoding: 'utf8' }).map((path) => `${APP}src/${path}`);
  return [`${APP}install.sh`, ...sources].sort();
}

describe("the README's getting-started", () => {
  const blocks = codeBlocksOf('Getting started');

  test('every code block is a whole file of the app, named in a comment just above it', () => {
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      expect(block.file, `README.md line ${block.line}: no <!-- ${APP}... --> above the block`).toMatch(new RegExp(`^${APP}`));
      const path = join(ROOT, block.file!);
      expect(existsSync(path), `README.md line ${block.line}: ${block.file} does not exist`).toBe(true);
      expect(block.code, `README.md line ${block.line} differs from ${block.file}`).toBe(readFileSync(path, 'utf8'));
    }
  });

  test("shows the app's install.sh and every file of its src/, each once", () => {
    expect(blocks.map((block) => block.file).sort()).toEqual(appFilesToShow());
  });
});
