import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { worker } from '../../mocks/browser.ts';

await worker.start({ onUnhandledRequest: 'bypass', quiet: true });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <h1>session-first</h1>
  </StrictMode>,
);
