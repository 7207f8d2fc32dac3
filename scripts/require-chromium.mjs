#!/usr/bin/env node
/**
 * The first step of `npm test`: without the Chromium that the browser tests launch
 * (scripts/chromium.mjs), stop at once with one line that says how to get one, instead of a
 * stack trace from the first browser test minutes later.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { chromiumLaunchOptions } from './chromium.mjs';

/** True for a file this process may execute. */
function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const path = chromiumLaunchOptions.executablePath;
if (!isExecutableFile(path)) {
  const where = process.env.CHROMIUM_PATH ? `CHROMIUM_PATH (${path})` : path;
  console.error(
    `npm test needs Chromium and there is none at ${where}: set CHROMIUM_PATH to a Chromium binary, ` +
      `install Debian's (apt-get install chromium), or install Playwright's (npx playwright install chromium) ` +
      `and set CHROMIUM_PATH=$(node -p "require('playwright').chromium.executablePath()").`,
  );
  process.exit(1);
}
