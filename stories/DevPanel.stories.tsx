import type { Meta, StoryObj } from '@storybook/react-vite';
import { SessionDevtools } from 'session-first/devtools';
import { expect, waitFor, within } from 'storybook/test';
import { DemoFrame } from './support/DemoFrame.tsx';
import { expectStatus } from './support/expectations.ts';
import { ada } from './support/sessionState.ts';

/**
 * `<SessionDevtools>` (session-first/devtools) beside the demo page it watches: live machine
 * state, the session, the request log, and the `Backend scenario` select (which switches the
 * mock live).
 */
const meta = {
  title: 'Demo/Developer panel',
  component: SessionDevtools,
  parameters: { layout: 'fullscreen' },
  render: () => (
    <>
      <DemoFrame />
      <SessionDevtools defaultOpen />
    </>
  ),
} satisfies Meta<typeof SessionDevtools>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The panel: it renders at the end of the page's <body>, outside the story's own element. */
const panel = () => within(within(document.body).getByRole('complementary', { name: 'Developer panel' }));

/**
 * Waits until the statechart's "Current:" line (e.g. `session.none.loading · nav.idle`) is in
 * `session` state (a state of SPEC §3; its sub-states are the machine's own business) and `nav` state.
 */
const expectMachine = (session: string, nav = 'idle', timeout = 3000) =>
  waitFor(() => expect(panel().getByTestId('machine-state')).toHaveTextContent(new RegExp(`^session\\.${session}\\b.* · nav\\.${nav}$`)), {
    timeout,
  });

/** The value shown for a term of the panel's session facts. */
const fact = (term: string) => panel().getByText(term, { selector: 'dt' }).nextElementSibling;

export const Loading: Story = {
  parameters: { session: { state: 'loading' } },
  play: async () => {
    await expectMachine('none');
    await expect(fact('Session id')).toHaveTextContent('—');
    await expect(await panel().findByText('No requests yet.')).toBeVisible();
  },
};

/** The page load failed while the backend was down; it is back now (scenario `default`). */
export const Failed: Story = {
  parameters: { session: { state: 'failed' } },
  play: async () => {
    await waitFor(() => expect(fact('Error')).toHaveTextContent(/^server: /));
    await expectMachine('none');
    // Three tries, each answered 503.
    // The panel reads the log and the scenario from the mock's admin API, a moment later.
    await expect(await panel().findByText('3 requests served.')).toBeVisible();
    await waitFor(() => expect(panel().getByLabelText('Backend scenario')).toHaveValue('default'));
  },
};

export const Anonymous: Story = {
  parameters: { session: { state: 'anonymous' } },
  play: async () => {
    await expectMachine('anonymous');
    await expect(fact('User')).toHaveTextContent('none (anonymous)');
    await expect(await panel().findByText('1 request served.')).toBeVisible();
  },
};

export const Upgrading: Story = {
  parameters: { session: { state: 'upgrading' } },
  play: async () => {
    await expectMachine('upgrading');
    await expect(fact('User')).toHaveTextContent('none (anonymous)');
  },
};

/** Signed in during the story: one session, its token rotated once by the upgrade. */
export const Authenticated: Story = {
  parameters: { session: { path: '/login?returnTo=%2Fdashboard' } },
  play: async ({ canvas, userEvent }) => {
    await expectMachine('anonymous');
    await userEvent.click(canvas.getByRole('button', { name: `Use ${ada.email}` }));
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }));
    await expectMachine('authenticated');
    await expect(await canvas.findByRole('heading', { name: 'Welcome, Ada' })).toBeVisible();
    await expect(fact('User')).toHaveTextContent('usr_ada');
    await expect(fact('Tenant')).toHaveTextContent('acme');
    await expect(panel().getByTestId('token-rotations')).toHaveTextContent('1');
    // create-anonymous, then login + upgrade.
    await expect(await panel().findByText('3 requests served.')).toBeVisible();
  },
};

export const Redirecting: Story = {
  parameters: { session: { state: 'redirecting', path: '/dashboard' } },
  play: async () => {
    await expectMachine('anonymous', 'redirecting');
  },
};

/** QA switches the backend from the panel: the failed session load recovers with `Retry`. */
export const SwitchScenario: Story = {
  parameters: { session: { scenario: 'server-down' } },
  play: async ({ canvas, userEvent }) => {
    await canvas.findByRole('alert', {}, { timeout: 3000 });
    const select = await panel().findByLabelText('Backend scenario');
    await waitFor(() => expect(select).toBeEnabled());
    await userEvent.selectOptions(select, 'default');
    await expect(panel().getByText('The backend works normally.')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expectStatus(canvas, 'anonymous');
    await expect(canvas.queryByRole('alert')).toBeNull();
  },
};
