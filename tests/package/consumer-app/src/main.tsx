import { createSessionActor, ExperiencePlaneClient } from 'session-first';
import { experienceApiUrl } from './config.ts';

// The UI's code starts loading now, while the mock and the session start.
const ui = import('./App.tsx');

// The mock backend in development only: a production build holds none of its code.
if (import.meta.env.DEV) {
  const { startMockBackend } = await import('session-first/mocks/browser');
  await startMockBackend();
}

// The session's first request leaves before React and the UI's code have arrived.
const actor = createSessionActor({ client: new ExperiencePlaneClient({ baseUrl: experienceApiUrl }) });

const { renderApp } = await ui;
renderApp(document.getElementById('root')!, actor);
