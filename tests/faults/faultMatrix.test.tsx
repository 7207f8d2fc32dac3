/**
 * Runs every cell of the fault matrix (tests/faults/matrix.ts) against the real providers, client
 * and MSW mock backend, then heals the network and signs in without a reload; and checks that
 * docs/fault-matrix.md is what the matrix data generates.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { countingFetch, nextOrigin, renderModes, renderSessionApp, settled, storedIn, tabStorage, type RenderMode, type SessionApp } from '../support/harness.tsx';
import { backend } from '../support/mockBackend.ts';
import { fail, idempotencyKeysOf, loseAnswers, onOrigin, routes, serve } from '../support/network.ts';
import { expectNoDeadToken, expectSignInWithoutReload, orphansOf } from './recovery.ts';
import { CELLS, describeRequests, FAULTS, PHASES, renderFaultMatrix, type Cell, type MatrixEndpoint, type MatrixFault, type Phase } from './matrix.ts';

const DOC = resolve(process.cwd(), 'docs/fault-matrix.md');

const TAB = { nothing: 'empty', 'anonymous session': 'anonymous', 'signed-in session': 'authenticated' } as const;

// Small enough that `timeout` cells end quickly, large enough for the in-process mock. Only those
// cells use it, and only while the fault is on: every other request is one the mock answers,
// and on a busy machine an answer can take longer than this (a cell then saw a timeout it was
// not testing).
const CLIENT_TIMEOUT_MS = 200;
const ANSWERED_TIMEOUT_MS = 5000;
const timeoutWhileFaulty = (fault: MatrixFault) => (fault === 'timeout' ? CLIENT_TIMEOUT_MS : ANSWERED_TIMEOUT_MS);

/** Makes `endpoint` of the page's API fail with `fault`; `hits` counts the requests it caught. */
function inject(endpoint: Phase['endpoint'], fault: MatrixFault, origin: string) {
  const route = onOrigin(routes[endpoint], origin);
  if (fault === 'lost') {
    const lost = loseAnswers(route, 1);
    return { hits: () => lost.lost, bodies: [] as string[] };
  }
  const seen = fail(route, fault);
  return { hits: () => seen.count, bodies: seen.bodies };
}

/** Records the Idempotency-Key of every create and upgrade of the page from now on (after the faults: it sees them first). */
function recordKeys(origin: string) {
  return { create: idempotencyKeysOf(onOrigin(routes.create, origin)), upgrade: idempotencyKeysOf(onOrigin(routes.upgrade, origin)) };
}

/** What the tab holds now compared with `before`, in the matrix's words (anything else verbatim). */
async function describeStored(before: ReturnType<typeof storedIn>, after: ReturnType<typeof storedIn>): Promise<string> {
  if (!after) return 'nothing';
  if (after.session_id === before?.session_id && after.session_token === before.session_token) return 'kept';
  const signedIn = !!(await backend.getSession(after.session_id))?.user_id;
  if (after.session_id === before?.session_id) return signedIn ? 'same session, signed in' : 'same session, another token';
  return signedIn ? 'new signed-in session' : 'new anonymous session';
}

/** R16: creates until one succeeds share one key; an upgrade's retries share its key, a new session gets a new upgrade. */
function expectRetrySafeKeys(requests: MatrixEndpoint[], keys: ReturnType<typeof recordKeys>) {
  for (const key of [...keys.create, ...keys.upgrade]) expect(key).toMatch(/^[0-9a-f]{32}$/);
  expect(new Set(keys.create).size).toBeLessThanOrEqual(1);
  let upgrades = 0;
  let newSessionSince = false;
  for (const request of requests) {
    if (request === 'create') newSessionSince = true;
    if (request !== 'upgrade') continue;
    const key = keys.upgrade[upgrades];
    if (upgrades > 0 && !newSessionSince) expect(key, 'a retried upgrade carries the key of the first try').toBe(keys.upgrade[upgrades - 1]);
    if (upgrades > 0 && newSessionSince) expect(key, 'the upgrade of a new session has a key of its own').not.toBe(keys.upgrade[upgrades - 1]);
    upgrades++;
    newSessionSince = false;
  }
}

/** R12: an error shown is written for people: words, no HTTP method, path or status code. */
function expectMessageForPeople(message: string | null) {
  if (message === null) return;
  expect(message).toMatch(/[a-z]{3}/i);
  expect(message).not.toMatch(/\b(GET|POST|PATCH|api|[1-5]\d\d)\b/);
}

/** What the user does in the moment of `phase` (a page load needs nothing more). */
async function perform(phase: Phase, app: SessionApp) {
  if (phase.id === 'login' || phase.id === 'upgrade') await app.view.press('Log in as Ada');
  if (phase.id === 'moved') await act(() => screen.getByRole('link', { name: 'About' }).click());
  if (phase.id === 'refused') {
    serve(`${app.origin}/app/*`, { status: 401 });
    await app.view.press('Call the app API');
  }
  if (phase.id === 'logout') await app.view.press('Sign out');
}

async function runCell({ phase, fault, expected }: Cell, strict: boolean) {
  // Arrange: the tab's storage, and for a page load the fault before the page starts.
  const storage = await tabStorage(TAB[phase.before]);
  const origin = nextOrigin();
  const counting = countingFetch();
  const atLoad = phase.id === 'restore' || phase.id === 'create';
  let injected = atLoad ? inject(phase.endpoint, fault, origin) : undefined;
  let keys = recordKeys(origin);
  let before = storedIn(storage);
  const app = renderSessionApp({
    strict,
    origin,
    storage,
    fetch: counting.fetch,
    timeout: atLoad ? timeoutWhileFaulty(fault) : ANSWERED_TIMEOUT_MS,
    ...(phase.staleAfter === undefined ? {} : { staleAfter: phase.staleAfter }),
  });
  if (!atLoad) {
    await settled(app, counting.stats);
    expect(app.view.status()).toBe(phase.before === 'signed-in session' ? 'authenticated' : 'anonymous');
    counting.stats.log.length = 0;
    before = storedIn(storage);
    injected = inject(phase.endpoint, fault, origin);
    app.client.options.timeout = timeoutWhileFaulty(fault);
    keys = recordKeys(origin);
    // Act
    await perform(phase, app);
  }
  await settled(app, counting.stats);

  // Assert: where the tab ended, as the user and the server see it.
  const after = storedIn(storage);
  const requests = counting.stats.log.map((endpoint): MatrixEndpoint => endpoint ?? 'app');
  const actual = {
    status: app.view.status(),
    error: app.view.error(),
    authError: app.view.authError(),
    stored: await describeStored(before, after),
    requests: describeRequests(requests),
    orphans: (await orphansOf(app)).length,
  };
  // Soft: the sign-in afterwards is reported even when the cell ends elsewhere.
  expect.soft(actual).toEqual({ ...expected, requests: describeRequests(expected.requests) });
  expect(injected!.hits()).toBeGreaterThan(0);
  await expectNoDeadToken(app);
  expectRetrySafeKeys(requests, keys);
  expectMessageForPeople(app.actor.getSnapshot().context.error?.message ?? null);
  expectMessageForPeople(app.view.authMessage() || null);
  if (actual.status === 'none') expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  expect(screen.getByRole('heading')).toBeInTheDocument();
  // R6: the upgrade after a new session uses the access token of the first.
  if (phase.id === 'upgrade' && fault === '404') {
    const [first, second] = injected!.bodies.map((body) => JSON.parse(body).access_token);
    expect(second).toBe(first);
  }

  // Afterwards the network heals: the user signs in without a reload and leaves nothing behind.
  // Every request is answered from now on: on a busy machine an answer can take longer than the
  // short timeout a `timeout` cell tests, and must not be taken for that fault.
  app.client.options.timeout = ANSWERED_TIMEOUT_MS;
  await expectSignInWithoutReload(app, counting.stats);
}

/**
 * The render modes a cell runs in. Cell by cell the mode alternates, so that every endpoint moment
 * and every fault runs under both StrictMode and plain rendering without doubling the matrix; the
 * lost answers (R16) run under both.
 */
const modesOf = (cell: Cell): RenderMode[] =>
  cell.fault === 'lost' ? [...renderModes] : [renderModes[(PHASES.indexOf(cell.phase) + FAULTS.indexOf(cell.fault)) % renderModes.length]!];

describe(`fault matrix: ${PHASES.length} endpoint moments × ${FAULTS.length} faults = ${CELLS.length} cases`, () => {
  for (const phase of PHASES) {
    describe(`${phase.endpoint} — ${phase.when}`, () => {
      const runs = CELLS.filter((cell) => cell.phase === phase).flatMap((cell) => modesOf(cell).map((mode) => [cell.fault, mode.name, cell, mode] as const));
      it.each(runs)('%s (%s)', async (_, __, cell, mode) => {
        await runCell(cell, mode.strict);
      });
    });
  }
});

it('docs/fault-matrix.md is what the matrix data generates (npm run docs:faults)', () => {
  expect(readFileSync(DOC, 'utf8')).toBe(renderFaultMatrix());
});
