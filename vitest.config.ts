import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'node',
            include: ['tests/**/*.test.ts'],
            exclude: ['tests/browser/**', 'tests/e2e/**'],
            environment: 'node',
            setupFiles: ['tests/setup/node.ts'],
          },
        },
        {
          extends: true,
          test: {
            name: 'dom',
            include: ['tests/**/*.test.tsx'],
            exclude: ['tests/browser/**', 'tests/e2e/**'],
            environment: 'jsdom',
            setupFiles: ['tests/setup/node.ts', 'tests/setup/dom.ts'],
          },
        },
      ],
    },
  }),
);
