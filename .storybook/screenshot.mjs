// Takes docs/screenshots/storybook.png from the built Storybook (run `npm run build-storybook` first):
// serves dist/storybook on a local port, opens a story with the addon panel in Chromium, waits
// for its play function to pass, and screenshots the whole Storybook UI.
//
//   node .storybook/screenshot.mjs [story-id] [output.png]
//
// Uses CHROMIUM_PATH (default /usr/bin/chromium), like the Vitest browser project.
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from '../scripts/chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const site = join(root, 'dist/storybook');
const story = process.argv[2] ?? 'demo-developer-panel--authenticated';
const out = resolve(root, process.argv[3] ?? 'docs/screenshots/storybook.png');

if (!existsSync(join(site, 'index.html'))) {
  console.error('dist/storybook is missing: run `npm run build-storybook` first.');
  process.exit(1);
}

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  let file = normalize(join(site, path));
  if (!file.startsWith(site)) return void res.writeHead(403).end();
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());

const browser = await chromium.launch(chromiumLaunchOptions);
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`http://localhost:${port}/?path=/story/${story}&addonPanel=storybook/interactions/panel`);
  const canvas = page.frameLocator('#storybook-preview-iframe');
  await canvas.getByTestId('session-status').waitFor({ timeout: 30_000 });
  // The Interactions panel reports the play function's result.
  await page.getByText(/^Pass$/).first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`Saved ${out}`);
} finally {
  await browser.close();
  server.close();
}
