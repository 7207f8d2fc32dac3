/**
 * The JavaScript of a demo build (dist/demo, or a build for a real backend), gzipped: what a page
 * load must fetch before the entry can run, next to every chunk the build has.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './library.mjs';

/** The attributes of every `<name ...>` tag of `html` (values in double quotes, as Vite writes them). */
function tagsOf(html, name) {
  const tags = html.match(new RegExp(`<${name}\\b[^>]*>`, 'g')) ?? [];
  return tags.map((tag) => Object.fromEntries([...tag.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].slice(1).map(([, key, value]) => [key, value ?? ''])));
}

/**
 * The scripts index.html makes the browser fetch up front: its module entry and the modules it
 * preloads (Vite lists there the entry's static imports), as paths relative to the build.
 */
function initialScripts(html) {
  const entries = tagsOf(html, 'script').filter((attributes) => attributes.type === 'module' && attributes.src);
  const preloads = tagsOf(html, 'link').filter((attributes) => attributes.rel === 'modulepreload' && attributes.href);
  return [...entries.map((attributes) => attributes.src), ...preloads.map((attributes) => attributes.href)].map((path) => path.replace(/^\//, ''));
}

async function measureFile(outDir, file) {
  const bytes = await readFile(join(outDir, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const sum = (files, key) => files.reduce((total, file) => total + file[key], 0);
const group = (files) => ({ files, raw: sum(files, 'raw'), gzip: sum(files, 'gzip') });

/**
 * Sizes (raw and gzip level 9) of a demo build's JavaScript: `initial` (the entry script of
 * index.html and its static imports), `lazy` (chunks loaded by a dynamic `import()`) and `total`.
 * @param {string} outDir the build's folder, relative to the project
 */
export async function measureDemoJavaScript(outDir) {
  const folder = resolve(ROOT, outDir);
  const html = await readFile(join(folder, 'index.html'), 'utf8');
  const initialFiles = initialScripts(html);
  const allFiles = (await readdir(join(folder, 'assets'))).filter((file) => file.endsWith('.js')).map((file) => `assets/${file}`);
  const missing = initialFiles.filter((file) => !allFiles.includes(file));
  if (missing.length > 0) throw new Error(`${outDir}/index.html loads scripts that are not in ${outDir}/assets: ${missing.join(', ')}`);
  const measured = await Promise.all(allFiles.map((file) => measureFile(folder, file)));
  const isInitial = (entry) => initialFiles.includes(entry.file);
  return {
    outDir,
    initial: group(measured.filter(isInitial)),
    lazy: group(measured.filter((entry) => !isInitial(entry))),
    total: { raw: sum(measured, 'raw'), gzip: sum(measured, 'gzip') },
  };
}
