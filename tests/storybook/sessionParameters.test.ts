import { describe, expect, it } from 'vitest';
import { readSessionParameters, type SessionParameters } from '../../src/storybook/sessionParameters.ts';

/** What the loader makes of a story's `parameters.session`, with no args and no toolbar choice. */
const read = (session: SessionParameters | undefined, args = {}, toolbar: unknown = '') => readSessionParameters(session, args, toolbar);

describe('parameters.session of session-first/storybook', () => {
  it('is a plain page load under the default scenario when a story sets nothing', () => {
    const setup = read(undefined);

    expect(setup).toMatchObject({ state: null, user: null, scenario: 'default', path: '/', latency: 0, persistence: 'tab', handlers: [] });
    expect(setup.machine).toEqual({});
  });

  it('signs in and authenticates as the first demo account unless a user is named', () => {
    expect(read({ state: 'upgrading' }).user?.email).toBe('ada@acme.test');
    expect(read({ state: 'authenticated' }).user?.email).toBe('ada@acme.test');
    expect(read({ state: 'authenticated', user: 'grace@globex.test' }).user?.user_id).toBe('usr_grace');
    expect(read({ state: 'redirecting' }).user).toBeNull();
  });

  it('takes SPEC’s state name none as loading, a user’s session included', () => {
    expect(read({ state: 'none' }).state).toBe('loading');
    expect(read({ state: 'none', user: 'grace@globex.test' }).user?.user_id).toBe('usr_grace');
  });

  it('lets the toolbar scenario win over the story’s, and the story’s stand when the toolbar says “story default”', () => {
    expect(read({ scenario: 'flaky' }, {}, 'offline').scenario).toBe('offline');
    expect(read({ scenario: 'flaky' }, {}, '').scenario).toBe('flaky');
    expect(read({ scenario: 'flaky' }, {}, undefined).scenario).toBe('flaky');
  });

  it('merges what fromArgs makes of the args over the fixed settings', () => {
    const session: SessionParameters = { path: '/login', scenario: 'slow', fromArgs: (args) => ({ state: args.state, scenario: 'flaky' }) };

    const setup = read(session, { state: 'failed' });

    expect(setup).toMatchObject({ state: 'failed', scenario: 'flaky', path: '/login' });
  });

  it('passes on only the machine options a story gives, so the others keep their defaults', () => {
    expect(read({ backoff: 100 }).machine).toEqual({ backoff: 100 });
    expect(read({ attempts: 1, staleAfter: Number.POSITIVE_INFINITY }).machine).toEqual({ attempts: 1, staleAfter: Number.POSITIVE_INFINITY });
  });

  it.each([
    [{ user: 'nobody@acme.test' }, /parameters\.session\.user must be the email of a demo account \('ada@acme\.test', 'grace@globex\.test', 'alan@acme\.test'\), not "nobody@acme\.test"/],
    [{ state: 'logged-in' }, /parameters\.session\.state must be one of 'loading', 'failed', 'anonymous', 'upgrading', 'authenticated', 'redirecting' \(or 'none', taken as 'loading'\), not "logged-in"/],
    [{ state: 'anonymous', user: 'ada@acme.test' }, /parameters\.session\.user does not go with state 'anonymous'/],
    [{ scenario: 'down' }, /parameters\.session\.scenario must be one of 'default', .*, not "down"/],
    [{ path: 'dashboard' }, /parameters\.session\.path must be a path of the app/],
    [{ path: '//evil.example' }, /parameters\.session\.path must be a path of the app/],
    [{ latency: 60_001 }, /parameters\.session\.latency must be a whole number from 0 to 60000, not 60001/],
    [{ attempts: 0 }, /parameters\.session\.attempts must be a whole number 1 or more, not 0/],
    [{ persistence: 'session' }, /parameters\.session\.persistence must be 'tab' or 'browser'/],
    [{ state: 'redirecting', backoff: 0 }, /parameters\.session\.backoff must be at least 1 with state 'redirecting'/],
  ])('refuses %o with a message that names the parameter', (session, message) => {
    // A story's parameters are not type-checked when written in JavaScript or built from args.
    expect(() => read(session as SessionParameters)).toThrow(message);
  });

  it('refuses an unknown scenario from the toolbar, naming the global', () => {
    expect(() => read({}, {}, 'chaos')).toThrow(/session-first\/storybook: the toolbar global sessionScenario must be one of 'default'/);
  });
});
