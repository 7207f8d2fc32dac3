import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { sessionOf } from '../.storybook/session.tsx';
import { LoginPage } from '../src/demo/pages/LoginPage.tsx';
import { DemoFrame } from './support/DemoFrame.tsx';
import { expectLocation, expectStatus, pause, shownSessionId, signIn } from './support/expectations.ts';
import { ada, states } from './support/states.ts';

/**
 * The demo's login page (fields `Email` and `Password`, button `Sign in`, errors in `role="alert"`),
 * inside the demo's header, on `/login?returnTo=/dashboard`.
 */
const meta = {
  title: 'Demo/Login form',
  component: LoginPage,
  render: () => <DemoFrame />,
  parameters: { session: { path: '/login?returnTo=%2Fdashboard', addressBar: true } },
} satisfies Meta<typeof LoginPage>;

export default meta;
type Story = StoryObj<typeof meta>;

/** No session yet: the form already works; a sign-in waits for the session (R4). */
export const Loading: Story = {
  ...states.loading,
  play: async ({ canvas, userEvent }) => {
    await expectStatus(canvas, 'none');
    await signIn(canvas, userEvent, ada);
    await expect(await canvas.findByText('Waiting for your session…')).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Sign in' })).toBeDisabled();
    await expectStatus(canvas, 'none');
  },
};

/** The session could not be had: the page says so, with `Retry`; the form stays. */
export const Failed: Story = {
  ...states.failed,
  play: async ({ canvas }) => {
    const alert = await canvas.findByRole('alert', {}, { timeout: 3000 });
    await expect(alert).toHaveTextContent('We could not start your session.');
    await expect(canvas.getByRole('button', { name: 'Retry' })).toBeEnabled();
    await expect(canvas.getByLabelText('Email')).toBeVisible();
    await expectStatus(canvas, 'none');
  },
};

export const Anonymous: Story = {
  ...states.anonymous,
  play: async ({ canvas }) => {
    await expectStatus(canvas, 'anonymous');
    await expect(canvas.getByText('/dashboard', { selector: 'code' })).toBeVisible();
    await expect(canvas.getByLabelText('Email')).toHaveValue('');
    await expect(canvas.getByLabelText('Password')).toHaveValue('');
    await expect(canvas.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    await expect(canvas.queryByRole('alert')).toBeNull();
  },
};

/** Signed in, the login request still in flight (it never answers here). */
export const Upgrading: Story = {
  parameters: { msw: states.upgrading.parameters.msw },
  play: async ({ canvas, userEvent }) => {
    await expectStatus(canvas, 'anonymous');
    await signIn(canvas, userEvent, ada);
    await expectStatus(canvas, 'upgrading');
    await expect(canvas.getByText('Signing in…', { selector: 'form *' })).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  },
};

/** Signing in upgrades the same session and returns to `returnTo`. */
export const Authenticated: Story = {
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

/** Already signed in on the login page: the form is gone and the way back to `returnTo` is under way (held here). */
export const Redirecting: Story = {
  parameters: { session: { seed: ada.email, holdRedirect: true } },
  play: async (context) => {
    const { canvas } = context;
    await expectStatus(canvas, 'authenticated');
    await expect(canvas.queryByLabelText('Email')).toBeNull();
    await pause(100);
    await expectLocation(canvas, '/login?returnTo=%2Fdashboard');
    await expect(sessionOf(context).held).toEqual([{ to: '/dashboard', replace: true }]);
  },
};

/** A wrong password: the error is announced, the session stays the same; the right one then works. */
export const WrongPassword: Story = {
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
  parameters: { session: { scenario: 'upgrade-conflict' } },
  play: async ({ canvas, userEvent }) => {
    await expectStatus(canvas, 'anonymous');
    await signIn(canvas, userEvent, ada);
    await expect(await canvas.findByRole('alert')).toHaveAttribute('data-code', 'conflict');
    await expectLocation(canvas, '/login?returnTo=%2Fdashboard');
  },
};
