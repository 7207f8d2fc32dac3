/**
 * `startMockBackend()` (session-first/mocks/browser) applies what the developer panel chose just
 * before a reload and the mock may not have had. Run in jsdom with a stand-in for MSW's worker:
 * no service worker controls the page, so the start asks the admin API (msw/node answers).
 */
import type { SetupWorker } from 'msw/browser';
import { expect, it } from 'vitest';
import { mockBackend } from '../../mocks/index.ts';
import { notePendingSettings, PENDING_SETTINGS_KEY } from '../../mocks/pendingSettings.ts';
import { startMockBackendWith } from '../../mocks/startMockBackend.ts';

const startedWorker = { start: async () => undefined } as unknown as SetupWorker;

it('applies a scenario and a latency a reload cut short, once, and forgets them', async () => {
  notePendingSettings({ scenario: 'server-down' });
  notePendingSettings({ latency_ms: 40 });

  const state = await startMockBackendWith(startedWorker, mockBackend)();

  expect(state).toMatchObject({ scenario: 'server-down', latency_ms: 40 });
  expect(localStorage.getItem(PENDING_SETTINGS_KEY)).toBeNull();
});

it('starts on the mock’s own settings when nothing is pending, and ignores a record it cannot use', async () => {
  localStorage.setItem(PENDING_SETTINGS_KEY, JSON.stringify({ scenario: 'chaos', latency_ms: -5 }));

  const state = await startMockBackendWith(startedWorker, mockBackend)();

  expect(state).toMatchObject({ scenario: 'default', latency_ms: 0 });
  expect(localStorage.getItem(PENDING_SETTINGS_KEY)).toBeNull();
});
