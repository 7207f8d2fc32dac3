import type { Meta, StoryObj } from '@storybook/react-vite';
import type { SessionParameters } from 'session-first/storybook';
import { sessionOf } from 'session-first/storybook';
import { expect, waitFor } from 'storybook/test';
import { LoginPage } from '../src/demo/pages/LoginPage.tsx';
import { withAddressBar } from './support/AddressBar.tsx';
import { DemoFrame } from './support/DemoFrame.tsx';
import { expectLocation, expectStatus, pause, shownSessionId, signIn } from './support/expectations.ts';
import { ada, stateArgType, type SessionStateArgs } from './support/sessionState.ts';

type Args = SessionStateArgs & { returnTo: string };

/** The session state and the login page's address (`/login?returnTo=...`) from the controls. */
const loginSession = ({ state, returnTo }: Args): SessionParameters => ({ state, path: `/login?returnTo=${encodeURIComponent(returnTo)}` });

/**
 * The demo's login page (fields `Email` and `Password`, button `Sign in`, errors in
 * `role="alert"`) inside the demo's header, at `/login?returnTo=<returnTo>`.
 */
const meta = {
  title: 'Demo/Login form',
  component: LoginPage,
  tags: ['autodocs'],
  decorators: [withAddressBar],
  argTypes: {
    state: stateArgType,
    returnTo: { control: 'text', description: 'Where the page sends the user once signed in (`returnTo` of its URL).' },
  },
  args: { state: 'anonymous', returnTo: '/dashboard' },
  parameters: { session: { fromArgs: loginSession } },
  render: () => <DemoFrame />,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<typeof meta>;

/** No session yet: the form already works; a sign-in waits for the session (R4). */
export const Loading: Story = {
  args: { state: 'loading' },
  play: async ({ canvas, userEvent }) => {
    await expectStatus(canvas, 'none');
    await signIn(canvas, userEvent, ada);
    await expect(await canvas.findByText('Waiting for your session…')).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Sign in' })).toBeDisabled();
    await expectStatus(canvas, 'none');
  },
};

/** The session could not be had: the page says so, with `Retry`, which works once the backend is back. */
export const Failed: Story = {
  args: { state: 'failed' },
  play: async ({ canvas, userEvent }) => {
    await expect(canvas.getByRole('alert')).toHaveTextContent('We could not start your session.');
    await expect(canvas.getByLabelText('Email')).toBeVisible();
    await expectStatus(canvas, 'none');
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expectStatus(canvas, 'anonymous');
    await expect(canvas.queryByRole('alert')).toBeNull();
  },
};

export const Anonymous: Story = {
  args: { state: 'anonymous' },
  play: async ({ canvas }) => {
    await expectStatus(canvas, 'anonymous');
    await expect(canvas.getByText('/dashboard', { selector: 'code' })).toBeVisible();
    await expect(canvas.getByLabelText('Email')).toHaveValue('');
    await expect(canvas.getByLabelText('Password')).toHaveValue('');
    await expect(canvas.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    await expect(canvas.queryByRole('alert')).toBeNull();
  },
};

/** Ada is signing in; the login request is still on its way. */
export const Upgrading: Story = {
  args: { state: 'upgrading' },
  play: async ({ canvas }) => {
    await expectStatus(canvas, 'upgrading');
    await expect(canvas.getByText('Signing in…', { selector: 'form *' })).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  },
};

/** Signing in upgrades the same session and returns to `returnTo`. */
export const SignIn: Story = {
  args: { state: 'anonymous' },
  play: async ({ canvas, userEvent }) => {
    await expectStatus(canvas, 'anonymous');
    const anonymousId = shownSessionId(canvas);
    await signIn(canvas, userEvent, ada);
    await expectLocation(canvas, '/dashboard');
    await expect(await canvas.findByRole('heading', { name: 'Welcome, Ada' })).toBeVisible();
    await expectStatus(canvas, 'authenticated');
    await expect(shownSessionId(canvas)).toBe(anonymousId);
    await expect(canvas.getByRole('button', { name: 'Sign out' })).toBeVisible();
  },
};

/** Signed in already: the page goes straight on to `returnTo`. */
export const Authenticated: Story = {
  args: { state: 'authenticated', returnTo: '/settings' },
  play: async ({ canvas }) => {
    await expectLocation(canvas, '/settings');
    await expect(await canvas.findByRole('heading', { name: 'Settings' })).toBeVisible();
    await expectStatus(canvas, 'authenticated');
  },
};

/** Signed in on the login page: the form is gone and the way back to `returnTo` is under way (held here). */
export const Redirecting: Story = {
  args: { state: 'redirecting' },
  parameters: { session: { user: ada.email } },
  play: async (context) => {
    const { canvas } = context;
    await expectStatus(canvas, 'authenticated');
    await expect(canvas.queryByLabelText('Email')).toBeNull();
    await waitFor(() => expect(sessionOf(context).heldNavigations).toEqual([{ to: '/dashboard', replace: true }]));
    await pause(100);
    await expectLocation(canvas, '/login?returnTo=%2Fdashboard');
  },
};

/** A wrong password: the error is announced, the session stays the same; the right one then works. */
export const WrongPassword: Story = {
  args: { state: 'anonymous' },
  play: async ({ canvas, userEvent }) => {
    await expectStatus(canvas, 'anonymous');
    const anonymousId = shownSessionId(canvas);
    await signIn(canvas, userEvent, { email: ada.email, password: 'not-the-password' });
    const alert = await canvas.findByRole('alert');
    await expect(alert).toHaveTextContent('Sign-in failed.');
    await expect(alert).toHaveAttribute('data-code', 'unauthorized');
    await expectStatus(canvas, 'anonymous');
    await expect(shownSessionId(canvas)).toBe(anonymousId);
    await signIn(canvas, userEvent, ada);
    await expect(await canvas.findByRole('heading', { name: 'Welcome, Ada' })).toBeVisible();
    await expect(canvas.queryByRole('alert')).toBeNull();
  },
};

/** The backend accepts the password but the session is bound to someone else (409). */
export const UpgradeConflict: Story = {
  args: { state: 'anonymous' },
  parameters: { session: { scenario: 'upgrade-conflict' } },
  play: async ({ canvas, userEvent }) => {
    await expectStatus(canvas, 'anonymous');
    await signIn(canvas, userEvent, ada);
    await expect(await canvas.findByRole('alert')).toHaveAttribute('data-code', 'conflict');
    await expectLocation(canvas, '/login?returnTo=%2Fdashboard');
  },
};
