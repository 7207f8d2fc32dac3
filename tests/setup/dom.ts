import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { closeOpenPages } from '../support/harness.tsx';

afterEach(() => {
  closeOpenPages();
  cleanup();
  sessionStorage.clear();
  localStorage.clear();
});
