import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The demo app: `npm start` serves it on the mock backend, `npm run build` makes a static site. */
export default defineConfig({
  plugins: [react()],
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
  build: { outDir: 'dist/demo', target: 'es2022' },
});
