/**
 * The demo's entry: the session starts before the UI, whose code loads while the session request
 * is in flight. With `VITE_EXPERIENCE_API_URL` set the demo talks to that experience API and
 * never loads the mock.
 */
import { createSessionActor, ExperiencePlaneClient } from 'session-first';
import type { DemoBackend } from './DemoBackend.tsx';
import { readPersistence } from './persistence.ts';

performance.mark('session-first:demo-entry');

// Tested as it is: the build replaces it with a string, so a build for a real backend drops the
// mock's import below and has none of its code.
const experienceApiUrl = import.meta.env.VITE_EXPERIENCE_API_URL;

let backend: DemoBackend;
if (experienceApiUrl) {
  backend = { kind: 'api', url: experienceApiUrl.replace(/\/+$/, '') };
} else {
  const { startDemoMock } = await import('./startDemoMock.ts');
  backend = await startDemoMock();
}

const actor = createSessionActor({
  client: new ExperiencePlaneClient({ baseUrl: backend.kind === 'api' ? backend.url : '', timeout: 8000 }),
  persistence: readPersistence(),
});

// Only now: issuing the import costs the main thread a few milliseconds the session request would
// wait for, and the UI's chunk competes with the mock's while that one loads and starts.
const ui = import('./renderDemo.tsx');
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const { renderDemo } = await ui;
renderDemo(root, { actor, backend });
