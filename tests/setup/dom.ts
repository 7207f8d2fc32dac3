import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { closeOpenPages } from '../support/harness.tsx';

// Testing Library turns React's act environment on only where Jest-style global hooks exist;
// Vitest runs without globals, so say it here: updates inside act() are then expected.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  closeOpenPages();
  cleanup();
  sessionStorage.clear();
  localStorage.clear();
});
