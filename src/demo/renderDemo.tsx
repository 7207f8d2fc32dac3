import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import type { SessionActorRef } from 'session-first';
import { DemoBackendProvider, type DemoBackend } from './DemoBackend.tsx';
import { createDemoRouter } from './router.tsx';
import './styles.css';

export interface DemoStart {
  /** The page's session actor, already started. */
  actor: SessionActorRef;
  backend: DemoBackend;
}

/** Renders the demo app into `root`, on the session that is already under way. */
export function renderDemo(root: HTMLElement, { actor, backend }: DemoStart): void {
  createRoot(root).render(
    <StrictMode>
      <DemoBackendProvider value={backend}>
        <RouterProvider router={createDemoRouter(actor)} />
      </DemoBackendProvider>
    </StrictMode>,
  );
}
