/**
 * R13: a login or logout asked for while the session is re-checked waits for the check, then
 * runs. Found by exploring the session model: when the check fails for a moment (network, 5xx)
 * the tab goes back to rest with the intent still waiting, and nothing runs it.
 */
import { describe, expect, it } from 'vitest';
import { selectStatus } from '../../src/index.ts';
import { nextOrigin, renderModes, renderSessionApp, runningRequests } from '../support/harness.tsx';
import { gate } from '../support/network.ts';
import { actOn, until } from './until.ts';

describe.each(renderModes)('an intent asked for during a re-check that fails for a moment ($name)', ({ strict }) => {
  it.each([
    { press: 'Log in as Ada', runs: 'logIn', status: 'upgrading' },
    { press: 'Log out', runs: 'endSession', status: 'none' },
  ])('$press runs once the check has failed', async ({ press, runs, status }) => {
    const origin = nextOrigin();
    const requests = gate(origin);
    const app = renderSessionApp({ origin, strict });
    await until(() => expect(requests.held().map((r) => r.endpoint)).toEqual(['create']));
    await actOn(() => requests.answer('create', 'pass'));
    await until(() => expect(app.view.status()).toBe('anonymous'));
    await actOn(() => app.view.press('Refresh session'));
    await until(() => expect(requests.held().map((r) => r.endpoint)).toEqual(['get']));
    await actOn(() => app.view.press(press));

    await actOn(() => requests.answer('get', { status: 503, detail: 'Service temporarily unavailable' }));

    await until(() => expect(runningRequests(app.actor)).not.toContain('fetchSession'));
    expect(runningRequests(app.actor)).toEqual([runs]);
    await until(() => expect(app.view.status()).toBe(selectStatus(app.actor.getSnapshot())));
    expect(app.view.status()).toBe(status);
  });
});
