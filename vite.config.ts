import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The demo app: `npm start` serves it on the mock backend, `npm run build` makes a static site. */
export default defineConfig({
  plugins: [react()],
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
  // The demo ships the whole mock backend (MSW) so it runs from any static host.
  build: { outDir: 'dist/demo', target: 'es2022', chunkSizeWarningLimit: 1200 },
});
