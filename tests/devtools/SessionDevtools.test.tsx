/**
 * `<SessionDevtools>` (session-first/devtools) in the harness app, under StrictMode and plain
 * rendering: the toggle and the keyboard, the backend it finds at the client's address, the
 * mock's controls and log, the session facts, and what it must never show.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { IN_PAGE_HEADER } from '../../mocks/inPageHeader.ts';
import { PENDING_SETTINGS_KEY } from '../../mocks/pendingSettings.ts';
import { server } from '../../mocks/node.ts';
import { DevtoolsSection, SessionDevtools } from '../../src/devtools/index.ts';
import { ADA, pause, renderModes, renderSessionApp, settled, storedIn, view, waitForStatus } from '../support/harness.tsx';
import { backend, CREATE } from '../support/mockBackend.ts';
import { hold, routes } from '../support/network.ts';

const toggle = () => screen.getByRole('button', { name: 'Dev panel' });
const findPanel = async () => within(await screen.findByRole('complementary', { name: 'Developer panel' }));
const queryPanel = () => screen.queryByRole('complementary', { name: 'Developer panel' });

/** The value shown for a term of the panel's session facts. */
const fact = (panel: ReturnType<typeof within>, term: string) => panel.getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;

const pressShortcut = () => act(() => void fireEvent.keyDown(window, { key: 'Ð', code: 'KeyD', altKey: true, shiftKey: true }));

/** A client `fetch` to a backend that answers the experience API only: the admin API is 404, as on a real one. */
const withoutMockAdmin: typeof fetch = (input, init) => {
  const request = new Request(input, init);
  if (new URL(request.url).pathname.startsWith('/__mock/')) return Promise.resolve(Response.json({ detail: 'Not Found' }, { status: 404 }));
  return fetch(request);
};

/** A client `fetch` to a mock behind an HTTP server: its admin API answers, without the in-page mark. */
const mockOverHttp: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const headers = new Headers(response.headers);
  headers.delete(IN_PAGE_HEADER);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
};

describe.each(renderModes)('SessionDevtools ($name)', ({ strict }) => {
  it('opens from its button and from Alt+Shift+D, closes with Esc, and moves focus between them', async () => {
    const user = userEvent.setup();
    const app = renderSessionApp({ strict, extra: <SessionDevtools /> });
    await settled(app);

    expect(toggle()).toHaveAttribute('aria-expanded', 'false');
    expect(queryPanel()).toBeNull();
    await user.click(toggle());
    const panel = await findPanel();
    expect(toggle()).toHaveAttribute('aria-expanded', 'true');
    expect(toggle()).toHaveFocus();

    await user.click(panel.getByRole('button', { name: 'Close developer panel' }));
    expect(queryPanel()).toBeNull();
    expect(toggle()).toHaveFocus();

    await pressShortcut();
    const reopened = await findPanel();
    expect(reopened.getByRole('heading', { name: 'Developer panel' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(queryPanel()).toBeNull();
    expect(toggle()).toHaveFocus();
    expect(toggle()).toHaveAttribute('aria-expanded', 'false');
  });

  it('remembers across page loads whether it was open; defaultOpen only decides the first visit', async () => {
    const user = userEvent.setup();
    let app = renderSessionApp({ strict, extra: <SessionDevtools defaultOpen /> });
    await findPanel();
    await user.click(toggle());
    expect(queryPanel()).toBeNull();

    app = app.reload();
    await settled(app);
    expect(queryPanel()).toBeNull();
    await user.click(toggle());
    app = app.reload();
    await findPanel();
  });

  it('with the mock answering at the client’s address: its controls, its scenario switch, its request log', async () => {
    const user = userEvent.setup();
    const app = renderSessionApp({ strict, extra: <SessionDevtools defaultOpen /> });
    await settled(app);
    const panel = await findPanel();

    expect(panel.getByText(app.origin, { selector: 'code' })).toBeVisible();
    const scenario = await panel.findByLabelText('Backend scenario');
    expect(scenario).toHaveValue('default');
    expect(within(scenario).getAllByRole('option')).toHaveLength((await backend.getState()).scenarios.length);
    expect(panel.getByLabelText('Latency (ms)')).toHaveValue(0);
    expect(panel.getByRole('button', { name: 'Reset mock store' })).toBeEnabled();

    expect(panel.getByRole('status')).toBeEmptyDOMElement();
    await user.selectOptions(scenario, 'flaky');
    expect(await panel.findByText('Applied: the mock answers with flaky, 0 ms added.')).toBeVisible();
    expect((await backend.getState()).scenario).toBe('flaky');
    expect(panel.getByText(/every other request fails with 503/i)).toBeVisible();

    // Two changes in a row reach the mock in the order they were made.
    await user.selectOptions(scenario, 'slow');
    await user.selectOptions(scenario, 'default');
    expect(await panel.findByText('Applied: the mock answers with default, 0 ms added.')).toBeVisible();
    expect((await backend.getState()).scenario).toBe('default');

    expect(await panel.findByText('1 request served.')).toBeVisible();
    const rows = panel.getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveTextContent('POST/api/session/create-anonymous201');
    expect(backend.requestLog.count(CREATE)).toBe(1);
  });

  it('reads the mock’s request log again when the mock serves a request, and only then', async () => {
    const logReads: string[] = [];
    const recordingLogReads: typeof fetch = (input, init) => {
      const request = new Request(input, init);
      if (new URL(request.url).pathname === '/__mock/requests') logReads.push(request.method);
      return fetch(request);
    };
    const app = renderSessionApp({ strict, fetch: recordingLogReads, extra: <SessionDevtools defaultOpen /> });
    await settled(app);
    const panel = await findPanel();
    expect(await panel.findByText('1 request served.')).toBeVisible();
    const readsWhenShown = logReads.length;

    // Longer than two rounds of the 250 ms polling this replaced.
    await pause(600);
    expect(logReads).toHaveLength(readsWhenShown);

    act(() => app.actor.send({ type: 'session.refresh' }));
    expect(await panel.findByText('2 requests served.')).toBeVisible();
    expect(panel.getAllByRole('row')[1]).toHaveTextContent(/^GET\/api\/session\/ses_.+200/);
    expect(logReads.length).toBeGreaterThan(readsWhenShown);
  });

  it('shows a scenario and latency chosen elsewhere (another tab, a test) when the tab comes back into view', async () => {
    const app = renderSessionApp({ strict, extra: <SessionDevtools defaultOpen /> });
    await settled(app);
    const panel = await findPanel();
    const scenario = await panel.findByLabelText('Backend scenario');

    await backend.setScenario('slow');
    await backend.setLatency(250);
    act(() => void window.dispatchEvent(new Event('focus')));

    expect(await panel.findByText('Changed elsewhere: the mock answers with slow, 250 ms added.')).toBeVisible();
    expect(scenario).toHaveValue('slow');
    expect(panel.getByLabelText('Latency (ms)')).toHaveValue(250);
  });

  it('keeps a choice made here over what a read asked for just before it finds', async () => {
    const app = renderSessionApp({ strict, extra: <SessionDevtools defaultOpen /> });
    await settled(app);
    const panel = await findPanel();
    const scenario = await panel.findByLabelText('Backend scenario');
    await backend.setScenario('slow');

    act(() => {
      window.dispatchEvent(new Event('focus'));
      fireEvent.change(scenario, { target: { value: 'flaky' } });
    });

    expect(await panel.findByText('Applied: the mock answers with flaky, 0 ms added.')).toBeVisible();
    expect(scenario).toHaveValue('flaky');
    expect((await backend.getState()).scenario).toBe('flaky');
  });

  it('open as the page loads: draws its sections once the session’s first answer is in, never before', async () => {
    const gate = hold(routes.create);
    renderSessionApp({ strict, extra: <SessionDevtools defaultOpen /> });
    const panel = await findPanel();
    await waitFor(() => expect(gate.arrived).toBe(1));

    expect(panel.getByText('Waiting for the session’s first answer…')).toBeVisible();
    expect(panel.queryByRole('heading', { name: 'Session machine' })).toBeNull();
    gate.release();

    expect(await panel.findByRole('heading', { name: 'Session machine' })).toBeVisible();
    expect(await panel.findByLabelText('Backend scenario')).toBeVisible();
  });

  it('open as the page loads while the first answer takes long: draws its sections after a second anyway', async () => {
    const gate = hold(routes.create);
    renderSessionApp({ strict, extra: <SessionDevtools defaultOpen /> });
    const panel = await findPanel();

    expect(await panel.findByLabelText('Backend scenario', {}, { timeout: 3000 })).toBeVisible();
    expect(view.status()).toBe('none');
    gate.release();
  });

  it('keeps a choice the mock has not confirmed in localStorage, where the next start of the mock finds it, until the mock has it', async () => {
    const app = renderSessionApp({ strict, extra: <SessionDevtools defaultOpen /> });
    await settled(app);
    const panel = await findPanel();
    const gate = hold({ method: 'put', path: '*/__mock/scenario' });

    fireEvent.change(await panel.findByLabelText('Backend scenario'), { target: { value: 'server-down' } });
    await waitFor(() => expect(gate.arrived).toBe(1));
    const whileOnItsWay = JSON.parse(localStorage.getItem(PENDING_SETTINGS_KEY) ?? 'null');
    gate.release();
    await panel.findByText('Applied: the mock answers with server-down, 0 ms added.');

    expect(whileOnItsWay).toEqual({ scenario: 'server-down' });
    expect(localStorage.getItem(PENDING_SETTINGS_KEY)).toBeNull();
  });

  it('with a backend that has no mock admin API: its address, no mock controls', async () => {
    const app = renderSessionApp({ strict, fetch: withoutMockAdmin, extra: <SessionDevtools defaultOpen /> });
    await settled(app);
    const panel = await findPanel();

    expect(await panel.findByText(/no mock runs in this page/i)).toBeVisible();
    expect(panel.getByRole('heading', { name: 'Backend' })).toBeVisible();
    expect(panel.getByText(app.origin, { selector: 'code' })).toBeVisible();
    expect(panel.queryByLabelText('Backend scenario')).toBeNull();
    expect(panel.queryByRole('button', { name: 'Reset mock store' })).toBeNull();
    expect(panel.queryByText(/served/)).toBeNull();
  });

  it('with the mock behind an HTTP server (its admin API answers, not from this page): its address, no mock controls', async () => {
    const app = renderSessionApp({ strict, fetch: mockOverHttp, extra: <SessionDevtools defaultOpen /> });
    await settled(app);
    const panel = await findPanel();

    expect(await panel.findByText(/no mock runs in this page/i)).toBeVisible();
    expect(panel.queryByLabelText('Backend scenario')).toBeNull();
    expect(panel.queryByRole('button', { name: 'Reset mock store' })).toBeNull();
  });

  it('follows the session: live machine state, status in words, user and tenant, token rotations', async () => {
    const app = renderSessionApp({ strict, extra: <SessionDevtools defaultOpen /> });
    await settled(app);
    const panel = await findPanel();
    expect(panel.getByTestId('machine-state')).toHaveTextContent(/^session\.anonymous(\.\w+)? · nav\.idle$/);
    expect(fact(panel, 'Session id')).toBe(view.sessionId());
    expect(fact(panel, 'Status')).toBe('anonymous guest, not signed in');
    expect(fact(panel, 'User')).toBe('none (anonymous)');
    expect(panel.getByTestId('token-rotations')).toHaveTextContent('0');

    await view.press('Log in as Ada');
    await waitForStatus('authenticated');
    await settled(app);
    expect(panel.getByTestId('machine-state')).toHaveTextContent(/^session\.authenticated(\.\w+)? · nav\.idle$/);
    expect(fact(panel, 'Status')).toBe('authenticated signed in');
    expect(fact(panel, 'User')).toBe(ADA.user_id);
    expect(fact(panel, 'Tenant')).toBe('acme');
    expect(panel.getByTestId('token-rotations')).toHaveTextContent('1');
  });

  it('never shows the session token or the access token', async () => {
    const accessTokens: string[] = [];
    const onResponse = async ({ request, response }: { request: Request; response: Response }) => {
      if (new URL(request.url).pathname === '/api/auth/login' && response.ok) accessTokens.push(((await response.clone().json()) as { access_token: string }).access_token);
    };
    server.events.on('response:mocked', onResponse);
    try {
      const user = userEvent.setup();
      const app = renderSessionApp({ strict, extra: <SessionDevtools defaultOpen /> });
      await settled(app);
      const panel = await findPanel();
      await user.click(panel.getByRole('checkbox', { name: 'Show transitions' }));
      await view.press('Log in as Ada');
      await waitForStatus('authenticated');
      await settled(app);
      await waitFor(() => expect(panel.getByTestId('token-rotations')).toHaveTextContent('1'));

      const tokens = [storedIn(app.storage)?.session_token, ...accessTokens];
      expect(tokens).toHaveLength(2);
      const shown = document.body.textContent ?? '';
      for (const token of tokens) {
        expect(token).toMatch(/.{20,}/);
        expect(shown).not.toContain(token);
      }
      expect(JSON.stringify({ ...sessionStorage, ...localStorage })).not.toContain(accessTokens[0]);
    } finally {
      server.events.removeListener('response:mocked', onResponse);
    }
  });

  it('shows the app’s own sections and brings its styles once', async () => {
    const app = renderSessionApp({
      strict,
      extra: (
        <>
          <SessionDevtools defaultOpen>
            <DevtoolsSection title="App settings">
              <p>Feature flags go here</p>
            </DevtoolsSection>
          </SessionDevtools>
          <SessionDevtools />
        </>
      ),
    });
    await settled(app);
    const panel = await findPanel();
    expect(panel.getByRole('region', { name: 'App settings' })).toHaveTextContent('Feature flags go here');
    const styles = document.querySelectorAll('style#sf-devtools-styles');
    expect(styles).toHaveLength(1);
    expect(styles[0]?.textContent).toContain('.sf-devtools-panel');
  });
});
