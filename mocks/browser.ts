import { setupWorker } from 'msw/browser';
import { handlers } from './handlers/index.ts';

/** The mock backend in the browser (demo, Storybook): `await worker.start()` before rendering. */
export const worker = setupWorker(...handlers);
