import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { DevPanel } from '../src/demo/devtools/DevPanel.tsx';
import { DevToolsProvider } from '../src/demo/devtools/DevToolsContext.tsx';
import { DemoFrame } from './support/DemoFrame.tsx';
import { expectStatus } from './support/expectations.ts';
import { ada } from './support/sessionState.ts';

/**
 * The demo's developer panel beside the demo page it belongs to: live machine state, the
 * session, the request log, and the `Backend scenario` select (which switches the mock live).
 */
const meta = {
  title: 'Demo/Developer panel',
  component: DevPanel,
  parameters: { layout: 'fullscreen' },
  render: () => (
    <DevToolsProvider>
      <DemoFrame panel={<DevPanel />} />
    </DevToolsProvider>
  ),
} satisfies Meta<typeof DevPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

type Canvas = Parameters<NonNullable<Story['play']>>[0]['canvas'];

const panel = (canvas: Canvas) => within(canvas.getByRole('complementary', { name: 'Developer panel' }));

/**
 * Waits until the statechart's "Current:" line (e.g. `session.none.loading · nav.idle`) is in
 * `session` state (a state of SPEC §3; its sub-states are the machine's own business) and `nav` state.
 */
const expectMachine = (canvas: Canvas, session: string, nav = 'idle', timeout = 3000) =>
  waitFor(() => expect(canvas.getByTestId('machine-state')).toHaveTextContent(new RegExp(`^session\\.${session}\\b.* · nav\\.${nav}$`)), {
    timeout,
  });

/** The value shown for a term of the panel's session facts. */
const fact = (canvas: Canvas, term: string) => panel(canvas).getByText(term, { selector: 'dt' }).nextElementSibling;

export const Loading: Story = {
  parameters: { session: { state: 'loading' } },
  play: async ({ canvas }) => {
    await expectMachine(canvas, 'none');
    await expect(fact(canvas, 'Session id')).toHaveTextContent('—');
    await expect(panel(canvas).getByText('No requests yet.')).toBeVisible();
  },
};

/** The page load failed while the backend was down; it is back now (scenario `default`). */
export const Failed: Story = {
  parameters: { session: { state: 'failed' } },
  play: async ({ canvas }) => {
    await waitFor(() => expect(fact(canvas, 'Error')).toHaveTextContent(/^server: /));
    await expectMachine(canvas, 'none');
    // Three tries, each answered 503.
    // The panel reads the log and the scenario from the mock's admin API, a moment later.
    await expect(await panel(canvas).findByText('3 requests served.')).toBeVisible();
    await waitFor(() => expect(panel(canvas).getByLabelText('Backend scenario')).toHaveValue('default'));
  },
};

export const Anonymous: Story = {
  parameters: { session: { state: 'anonymous' } },
  play: async ({ canvas }) => {
    await expectMachine(canvas, 'anonymous');
    await expect(fact(canvas, 'User')).toHaveTextContent('none (anonymous)');
    await expect(await panel(canvas).findByText('1 request served.')).toBeVisible();
  },
};

export const Upgrading: Story = {
  parameters: { session: { state: 'upgrading' } },
  play: async ({ canvas }) => {
    await expectMachine(canvas, 'upgrading');
    await expect(fact(canvas, 'User')).toHaveTextContent('none (anonymous)');
  },
};

/** Signed in during the story: one session, its token rotated once by the upgrade. */
export const Authenticated: Story = {
  parameters: { session: { path: '/login?returnTo=%2Fdashboard' } },
  play: async ({ canvas, userEvent }) => {
    await expectMachine(canvas, 'anonymous');
    await userEvent.click(canvas.getByRole('button', { name: `Use ${ada.email}` }));
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }));
    await expectMachine(canvas, 'authenticated');
    await expect(await canvas.findByRole('heading', { name: 'Welcome, Ada' })).toBeVisible();
    await expect(fact(canvas, 'User')).toHaveTextContent('Ada Lovelace (usr_ada)');
    await expect(fact(canvas, 'Tenant')).toHaveTextContent('Acme Corporation (acme)');
    await expect(panel(canvas).getByTestId('token-rotations')).toHaveTextContent('1');
    // create-anonymous, then login + upgrade.
    await expect(await panel(canvas).findByText('3 requests served.')).toBeVisible();
  },
};

export const Redirecting: Story = {
  parameters: { session: { state: 'redirecting', path: '/dashboard' } },
  play: async ({ canvas }) => {
    await expectMachine(canvas, 'anonymous', 'redirecting');
  },
};

/** QA switches the backend from the panel: the failed session load recovers with `Retry`. */
export const SwitchScenario: Story = {
  parameters: { session: { scenario: 'server-down' } },
  play: async ({ canvas, userEvent }) => {
    await canvas.findByRole('alert', {}, { timeout: 3000 });
    const select = panel(canvas).getByLabelText('Backend scenario');
    await waitFor(() => expect(select).toBeEnabled());
    await userEvent.selectOptions(select, 'default');
    await expect(panel(canvas).getByText('The backend works normally.')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expectStatus(canvas, 'anonymous');
    await expect(canvas.queryByRole('alert')).toBeNull();
  },
};
