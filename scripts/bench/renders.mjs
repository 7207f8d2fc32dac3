#!/usr/bin/env node
/**
 * Render counting (SPEC §6: a component that reads only `user_id` renders once per change of
 * `user_id`). React in jsdom, the built library (dist/lib, run `npm run build:lib` first) and the
 * MSW node server as backend. Drives load → login → logout and counts the renders of:
 *   - a probe reading only `user_id` via useSessionSelector(s => s.context.session?.user_id),
 *   - for comparison, a component using the whole useSession().
 * Prints one JSON line. Usage: node scripts/bench/renders.mjs
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { JSDOM } from 'jsdom';
import { ROOT } from './library.mjs';

const dom = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', { url: 'http://localhost/' });
for (const key of ['window', 'document', 'navigator', 'location', 'HTMLElement', 'Element', 'Node', 'Text', 'MutationObserver', 'getComputedStyle', 'sessionStorage', 'localStorage']) {
  Object.defineProperty(globalThis, key, { value: key === 'window' ? dom.window : dom.window[key], configurable: true, writable: true });
}
globalThis.IS_REACT_ACT_ENVIRONMENT = false;

const lib = (file) => import(pathToFileURL(resolve(ROOT, 'dist/lib', file)).href);
const { createElement: h } = await import('react');
const { createRoot } = await import('react-dom/client');
const { waitFor } = await import('xstate');
const core = await lib('index.js');
const react = await lib('react.js');
const { mockBackend } = await lib('mocks/index.js');
const { server } = await lib('mocks/node.js');

server.listen({ onUnhandledRequest: 'error' });
await mockBackend.reset();

const client = new core.ExperiencePlaneClient({ baseUrl: 'http://localhost' });
const storage = core.createSessionStore(null);

// The session actor, started before React renders, as the demo's entry does; the provider is given it.
const actor = core.createSessionActor({ client, storage });

// What the probe's selector returns over time, as the machine sees it (from the start on).
const selectUserId = (s) => s.context.session?.user_id;
const values = [selectUserId(actor.getSnapshot())];
actor.subscribe((s) => {
  const v = selectUserId(s);
  if (v !== values.at(-1)) values.push(v);
});

const counts = { userIdProbe: 0, useSession: 0 };
let auth;
function UserIdProbe() {
  const userId = react.useSessionSelector(selectUserId);
  counts.userIdProbe++;
  return h('span', null, String(userId));
}
function WholeSession() {
  react.useSession();
  counts.useSession++;
  return null;
}
function Controls() {
  auth = react.useAuth();
  return null;
}

const status = (s) => core.selectStatus(s);
const settle = () => new Promise((r) => setTimeout(r, 50));
const phases = [];
const phase = async (name, run, done) => {
  const before = { ...counts, values: values.length };
  await run();
  await waitFor(actor, done, { timeout: 5000 });
  await settle();
  phases.push({ phase: name, userIdRenders: counts.userIdProbe - before.userIdProbe, useSessionRenders: counts.useSession - before.useSession, userIdChanges: values.length - Math.max(before.values, 1) });
};

const root = createRoot(document.getElementById('root'));
try {
  await phase(
    'load',
    () => root.render(h(react.PlatformStateProvider, { actor, navigate: () => {} }, h(react.AuthProvider, null, h(UserIdProbe), h(WholeSession), h(Controls)))),
    (s) => status(s) === 'anonymous',
  );
  const firstId = actor.getSnapshot().context.session.session_id;
  await phase('login', () => auth.login({ email: 'ada@acme.test', password: 'demo-pass-1' }), (s) => status(s) === 'authenticated');
  await phase('logout', () => auth.logout(), (s) => status(s) === 'anonymous' && s.context.session?.session_id !== firstId);
} finally {
  root.unmount();
  actor.stop();
  server.close();
}

const changes = values.length - 1;
const result = {
  userIdRenders: counts.userIdProbe,
  useSessionRenders: counts.useSession,
  userIdValues: values.map((v) => (v === undefined ? 'undefined' : v === null ? 'null' : v)),
  // The budget: one render on mount plus one per change of the selected value.
  budget: 1 + changes,
  withinBudget: counts.userIdProbe <= 1 + changes,
  phases,
};
console.log(JSON.stringify(result));
process.exit(0);
