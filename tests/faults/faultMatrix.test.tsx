/**
 * Runs every cell of the fault matrix (tests/faults/matrix.ts) against the real providers, client
 * and MSW mock backend, and checks that docs/fault-matrix.md is what the matrix data generates.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockBackend as mockStore } from '../../mocks/index.ts';
import { countingFetch, nextOrigin, renderSessionApp, settled, storedIn, tabStorage, view } from '../support/app.tsx';
import { failEndpoint } from './backend.ts';
import { CELLS, describeRequests, FAULTS, PHASES, renderFaultMatrix, type Cell } from './matrix.ts';

const DOC = resolve(process.cwd(), 'docs/fault-matrix.md');

const TAB = { nothing: 'empty', 'anonymous session': 'anonymous', 'signed-in session': 'authenticated' } as const;

async function runCell({ phase, fault, expected }: Cell) {
  const ue = userEvent.setup();
  const storage = await tabStorage(TAB[phase.before]);
  const origin = nextOrigin();
  const counting = countingFetch();
  const atLoad = phase.id === 'restore' || phase.id === 'create';
  const failing = atLoad ? failEndpoint(phase.endpoint, fault, origin) : undefined;
  // A small client timeout, so `timeout` cells end quickly.
  const app = renderSessionApp({ origin, storage, fetch: counting.fetch, timeout: 150 });
  try {
    let seen = failing;
    let before = storedIn(storage);
    if (!atLoad) {
      await settled(app, counting.stats);
      expect(view.status()).toBe(phase.before === 'signed-in session' ? 'authenticated' : 'anonymous');
      counting.stats.log.length = 0;
      before = storedIn(storage);
      seen = failEndpoint(phase.endpoint, fault, origin);
      if (phase.id === 'login' || phase.id === 'upgrade') await ue.click(screen.getByRole('button', { name: 'Log in as Ada' }));
      if (phase.id === 'verify') await ue.click(screen.getByRole('link', { name: 'About' }));
      if (phase.id === 'logout') await ue.click(screen.getByRole('button', { name: 'Sign out' }));
    }
    await settled(app, counting.stats);

    const after = storedIn(storage);
    const actual = {
      status: view.status(),
      error: view.error(),
      authError: view.authError(),
      stored: !after ? 'nothing' : after.session_id === before?.session_id && after.session_token === before?.session_token ? 'kept' : 'new anonymous session',
      requests: describeRequests(counting.stats.log.map((e) => e!)),
    };
    expect(actual).toEqual({ ...expected, requests: describeRequests(expected.requests) });
    expect(seen!.count).toBeGreaterThan(0);

    // What is stored is what the server knows (or, for a kept session, what it knew).
    if (after) {
      const server = await mockStore.getSession(after.session_id);
      expect(await mockStore.sessionTokenMatches(after.session_id, after.session_token)).toBe(true);
      if (actual.stored === 'new anonymous session') {
        expect(after.session_id).not.toBe(before?.session_id);
        expect(server?.user_id).toBeNull();
      }
    }
    // R12: errors are values with a human message; the tree keeps rendering.
    for (const id of ['session-error', 'auth-state']) {
      const el = screen.queryByTestId(id);
      if (el?.dataset.code) expect(el.textContent).toMatch(/\w/);
    }
    if (expected.status === 'none') expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(screen.getByRole('heading')).toBeInTheDocument();
    // R6: the second upgrade uses the same access token as the first.
    if (phase.id === 'upgrade' && fault === '404') {
      const [first, second] = seen!.bodies.map((b) => JSON.parse(b).access_token);
      expect(second).toBe(first);
    }
  } finally {
    app.close();
  }
}

describe(`fault matrix: ${PHASES.length} endpoint moments × ${FAULTS.length} faults = ${CELLS.length} cases`, () => {
  for (const phase of PHASES) {
    describe(`${phase.endpoint} — ${phase.when}`, () => {
      it.each(CELLS.filter((c) => c.phase === phase).map((c) => [c.fault, c] as const))('%s', async (_, cell) => {
        await runCell(cell);
      });
    });
  }

  it('docs/fault-matrix.md is what the matrix data generates (npm run docs:faults)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(renderFaultMatrix());
  });
});
