import type { Meta, StoryObj } from '@storybook/react-vite';
import { Route, Routes } from 'react-router';
import { RequireAuth, type RequireAuthProps } from 'session-first/react';
import { sessionOf } from 'session-first/storybook';
import { expect, waitFor } from 'storybook/test';
import { DashboardPage } from '../src/demo/pages/DashboardPage.tsx';
import { LoginPage } from '../src/demo/pages/LoginPage.tsx';
import { withAddressBar } from './support/AddressBar.tsx';
import { checking, DemoFrame } from './support/DemoFrame.tsx';
import { expectLocation, expectStatus, pause } from './support/expectations.ts';
import { PageAt } from './support/PageAt.tsx';
import { sessionOfState, stateArgType, type SessionStateArgs } from './support/sessionState.ts';

type Args = RequireAuthProps & SessionStateArgs;

/**
 * The library's guard around the demo's protected `/dashboard`: its children for an
 * authenticated session, `fallback` while the session is not known (loading is not "logged
 * out"), and a redirect to `loginPath?returnTo=...` for anonymous visitors.
 */
const meta = {
  title: 'Library/RequireAuth',
  component: RequireAuth,
  tags: ['autodocs'],
  decorators: [withAddressBar],
  argTypes: {
    state: stateArgType,
    loginPath: { control: 'text' },
    fallback: {
      control: 'radio',
      options: ['spinner', 'text', 'nothing'],
      mapping: { spinner: checking, text: <p>One moment…</p>, nothing: null },
    },
    children: { control: false },
  },
  args: { state: 'anonymous', fallback: 'spinner', loginPath: '/login' },
  parameters: { session: { path: '/dashboard', fromArgs: sessionOfState } },
  render: ({ state, ...guard }) => (
    <DemoFrame>
      <Routes>
        <Route
          path="/dashboard"
          element={
            <RequireAuth {...guard}>
              <DashboardPage />
            </RequireAuth>
          }
        />
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<PageAt />} />
      </Routes>
    </DemoFrame>
  ),
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<typeof meta>;

/** An anonymous visitor is sent to `loginPath`, with the way back in `returnTo`. */
export const Anonymous: Story = {
  args: { state: 'anonymous' },
  play: async ({ canvas }) => {
    await expectLocation(canvas, '/login?returnTo=%2Fdashboard');
    await expect(await canvas.findByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(canvas.getByText('/dashboard', { selector: 'code' })).toBeVisible();
  },
};

export const Loading: Story = {
  args: { state: 'loading' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Checking your session…');
    await pause(100);
    await expectLocation(canvas, '/dashboard');
    await expect(canvas.getByRole('status')).toHaveTextContent('Checking your session…');
  },
};

/** No session could be had: the visitor is not sent to the login page (that would be a lie); the page says why. */
export const Failed: Story = {
  args: { state: 'failed' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('alert')).toHaveTextContent('We could not start your session.');
    await expect(canvas.getByRole('status')).toHaveTextContent('Checking your session…');
    await pause(100);
    await expectLocation(canvas, '/dashboard');
  },
};

/** A login is running: wait, do not redirect. */
export const Upgrading: Story = {
  args: { state: 'upgrading' },
  play: async ({ canvas }) => {
    await expectStatus(canvas, 'upgrading');
    await expect(canvas.getByRole('status')).toHaveTextContent('Checking your session…');
    await pause(100);
    await expectLocation(canvas, '/dashboard');
  },
};

export const Authenticated: Story = {
  args: { state: 'authenticated' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('heading', { name: 'Welcome, Ada' })).toBeVisible();
    await expectLocation(canvas, '/dashboard');
  },
};

/** The frame while the redirect to the login page is under way (held here). */
export const Redirecting: Story = {
  args: { state: 'redirecting' },
  play: async (context) => {
    const { canvas } = context;
    await expectStatus(canvas, 'anonymous');
    await expect(canvas.getByRole('status')).toHaveTextContent('Checking your session…');
    await waitFor(() => expect(sessionOf(context).heldNavigations).toEqual([{ to: '/login?returnTo=%2Fdashboard', replace: true }]));
    await expectLocation(canvas, '/dashboard');
    await expect(sessionOf(context).actor.getSnapshot().matches({ nav: 'redirecting' })).toBe(true);
  },
};

/** A custom fallback and login path. */
export const CustomLoginPath: Story = {
  args: { state: 'anonymous', fallback: 'text', loginPath: '/sign-in' },
  play: async ({ canvas }) => {
    await expectLocation(canvas, '/sign-in?returnTo=%2Fdashboard');
    await expect(canvas.getByRole('heading', { name: 'The app’s page at /sign-in' })).toBeVisible();
  },
};

/** The custom fallback shows while the session loads. */
export const CustomFallback: Story = {
  args: { state: 'loading', fallback: 'text' },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('One moment…')).toBeVisible();
    await expect(canvas.queryByRole('status')).toBeNull();
  },
};
