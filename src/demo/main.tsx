import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { startDemoMock } from './mock.ts';
import { createDemoRouter } from './router.tsx';
import './styles.css';

// The mock backend must answer before the session actor sends its first request, and the actor
// starts on the provider's first render: so the worker starts first, then React renders.
await startDemoMock();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={createDemoRouter()} />
  </StrictMode>,
);
