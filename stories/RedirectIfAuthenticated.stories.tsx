import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { RedirectIfAuthenticated } from 'session-first/react';
import { sessionOf } from 'session-first/storybook';
import { expect, waitFor } from 'storybook/test';
import { withAddressBar } from './support/AddressBar.tsx';
import { expectLocation, pause } from './support/expectations.ts';
import { PageAt } from './support/PageAt.tsx';
import { sessionOfState, stateArgType, type SessionStateArgs } from './support/sessionState.ts';

type Args = { to?: string | null; children?: ReactNode } & SessionStateArgs;

/**
 * The library's wrapper for a login page, here around a stand-in sign-in page on `/login`: its
 * children while the visitor is not signed in; once the session is authenticated, a redirect to
 * `to` (validated: anything but a path of this app goes to `/`).
 */
const meta = {
  title: 'Library/RedirectIfAuthenticated',
  component: RedirectIfAuthenticated,
  tags: ['autodocs'],
  decorators: [withAddressBar],
  argTypes: {
    state: stateArgType,
    to: { control: 'text' },
    children: { control: 'text' },
  },
  args: { state: 'anonymous', to: '/dashboard', children: 'The sign-in form goes here.' },
  parameters: { session: { path: '/login', fromArgs: sessionOfState } },
  render: ({ state, to, children }) => (
    <Routes>
      <Route
        path="/login"
        element={
          <main>
            <h1>Sign in</h1>
            <RedirectIfAuthenticated to={to}>
              <p>{children}</p>
            </RedirectIfAuthenticated>
          </main>
        }
      />
      <Route path="*" element={<PageAt />} />
    </Routes>
  ),
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Not signed in: the page shows its children and stays. */
export const Anonymous: Story = {
  args: { state: 'anonymous' },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('The sign-in form goes here.')).toBeVisible();
    await pause(100);
    await expectLocation(canvas, '/login');
  },
};

/** The session is not known yet: not a reason to leave. */
export const Loading: Story = {
  args: { state: 'loading' },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('The sign-in form goes here.')).toBeVisible();
    await expectLocation(canvas, '/login');
  },
};

/** Signed in already: straight on to `to`. */
export const Authenticated: Story = {
  args: { state: 'authenticated' },
  play: async ({ canvas }) => {
    await expectLocation(canvas, '/dashboard');
    await expect(canvas.getByRole('heading', { name: 'The app’s page at /dashboard' })).toBeVisible();
  },
};

/** The way on is under way (held here): the children are gone, the location not changed yet. */
export const Redirecting: Story = {
  args: { state: 'redirecting' },
  parameters: { session: { user: 'ada@acme.test' } },
  play: async (context) => {
    const { canvas } = context;
    await expect(canvas.queryByText('The sign-in form goes here.')).toBeNull();
    await waitFor(() => expect(sessionOf(context).heldNavigations).toEqual([{ to: '/dashboard', replace: true }]));
    await expectLocation(canvas, '/login');
  },
};

/** A target outside the app is never followed: `/` instead. */
export const UnsafeTarget: Story = {
  args: { state: 'authenticated', to: 'https://evil.example/phish' },
  play: async ({ canvas }) => {
    await expectLocation(canvas, '/');
    await expect(canvas.getByRole('heading', { name: 'The app’s page at /' })).toBeVisible();
  },
};
