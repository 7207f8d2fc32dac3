import type { Meta, StoryObj } from '@storybook/react-vite';
import { Route, Routes } from 'react-router';
import { expect } from 'storybook/test';
import { sessionOf } from '../.storybook/session.tsx';
import { DashboardPage } from '../src/demo/pages/DashboardPage.tsx';
import { LoginPage } from '../src/demo/pages/LoginPage.tsx';
import { RequireAuth } from '../src/react/index.ts';
import { checking, DemoFrame } from './support/DemoFrame.tsx';
import { expectLocation, expectStatus, pause } from './support/expectations.ts';
import { states } from './support/states.ts';

/**
 * The library's guard around the demo's protected `/dashboard`: children for an authenticated
 * session, the fallback while the session is not known (loading is not "logged out"), and a
 * redirect to `loginPath?returnTo=...` for anonymous visitors.
 */
const meta = {
  title: 'Library/RequireAuth',
  component: RequireAuth,
  args: { fallback: checking, loginPath: '/login' },
  parameters: { session: { path: '/dashboard', addressBar: true } },
  render: (args) => (
    <DemoFrame>
      <Routes>
        <Route
          path="/dashboard"
          element={
            <RequireAuth {...args}>
              <DashboardPage />
            </RequireAuth>
          }
        />
        <Route path="/login" element={<LoginPage />} />
      </Routes>
    </DemoFrame>
  ),
} satisfies Meta<typeof RequireAuth>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Loading: Story = {
  ...states.loading,
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Checking your session…');
    await pause(300);
    await expectLocation(canvas, '/dashboard');
    await expect(canvas.getByRole('status')).toHaveTextContent('Checking your session…');
  },
};

/** No session could be had: the visitor is not sent to the login page (that would be a lie); the page says why. */
export const Failed: Story = {
  ...states.failed,
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('alert', {}, { timeout: 3000 })).toHaveTextContent('We could not start your session.');
    await expect(canvas.getByRole('status')).toHaveTextContent('Checking your session…');
    await expectLocation(canvas, '/dashboard');
  },
};

export const Anonymous: Story = {
  ...states.anonymous,
  play: async ({ canvas }) => {
    await expectLocation(canvas, '/login?returnTo=%2Fdashboard');
    await expect(await canvas.findByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(canvas.getByText('/dashboard', { selector: 'code' })).toBeVisible();
  },
};

/** A login sent before the session existed is still running: wait, do not redirect. */
export const Upgrading: Story = {
  ...states.upgrading,
  play: async ({ canvas }) => {
    await expectStatus(canvas, 'upgrading');
    await expect(canvas.getByRole('status')).toHaveTextContent('Checking your session…');
    await pause(200);
    await expectLocation(canvas, '/dashboard');
  },
};

export const Authenticated: Story = {
  ...states.authenticated,
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('heading', { name: 'Welcome, Ada' })).toBeVisible();
    await expectLocation(canvas, '/dashboard');
  },
};

/** The frame while the redirect to the login page is under way (held here). */
export const Redirecting: Story = {
  ...states.redirecting,
  play: async (context) => {
    const { canvas } = context;
    await expectStatus(canvas, 'anonymous');
    await expect(canvas.getByRole('status')).toHaveTextContent('Checking your session…');
    await expectLocation(canvas, '/dashboard');
    await expect(sessionOf(context).held).toEqual([{ to: '/login?returnTo=%2Fdashboard', replace: true }]);
  },
};

/** A custom fallback and login path. */
export const CustomLoginPath: Story = {
  args: { fallback: <p>One moment…</p>, loginPath: '/sign-in' },
  render: (args) => (
    <Routes>
      <Route path="/dashboard" element={<RequireAuth {...args}>Secret</RequireAuth>} />
      <Route path="/sign-in" element={<h1>Custom sign-in page</h1>} />
    </Routes>
  ),
  play: async ({ canvas }) => {
    await expectLocation(canvas, '/sign-in?returnTo=%2Fdashboard');
    await expect(canvas.getByRole('heading', { name: 'Custom sign-in page' })).toBeVisible();
  },
};
