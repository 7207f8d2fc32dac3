import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The package's entries by their public names, so the demo, the stories and the tests import
 * `session-first/...` as a user's app does (the same map is in tsconfig.json's `paths`).
 */
export const packageEntries = {
  'session-first': source('./src/index.ts'),
  'session-first/react': source('./src/react/index.ts'),
  'session-first/devtools': source('./src/devtools/index.ts'),
  'session-first/storybook': source('./src/storybook/index.ts'),
  'session-first/playwright': source('./src/playwright/index.ts'),
  'session-first/mocks': source('./mocks/index.ts'),
  'session-first/mocks/browser': source('./mocks/browser.ts'),
  'session-first/mocks/node': source('./mocks/node.ts'),
};

/**
 * The demo built for a real experience API (`VITE_EXPERIENCE_API_URL=... npm run build`) has no
 * mock: public/ holds only the mock's service worker script, so it is left out too.
 */
const forRealBackend = Boolean(process.env.VITE_EXPERIENCE_API_URL);

/** The demo app: `npm start` serves it on the mock backend, `npm run build` makes a static site. */
export default defineConfig({
  plugins: [react()],
  publicDir: forRealBackend ? false : 'public',
  resolve: {
    alias: Object.entries(packageEntries).map(([name, path]) => ({ find: new RegExp(`^${name}$`), replacement: path })),
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
  build: { outDir: 'dist/demo', target: 'es2022' },
});
