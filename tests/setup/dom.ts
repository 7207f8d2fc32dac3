import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { closeOpenPages } from '../support/harness.tsx';

// Testing Library turns React's act environment on only where Jest-style global hooks exist;
// Vitest runs without globals, so say it here: updates inside act() are then expected.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// findBy* and waitFor wait for what a user would see. Drawing it takes ~100 ms here, past
// Testing Library's 1 s default when the machine runs more test files than it has cores:
// room for a busy machine, still a failure for something that never shows.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  closeOpenPages();
  cleanup();
  sessionStorage.clear();
  localStorage.clear();
});
