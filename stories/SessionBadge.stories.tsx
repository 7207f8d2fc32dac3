import type { Meta, StoryObj } from '@storybook/react-vite';
import { Route, Routes } from 'react-router';
import { RequireAuth } from 'session-first/react';
import { sessionOf } from 'session-first/storybook';
import { expect, waitFor } from 'storybook/test';
import { SessionBadge } from '../src/demo/components/SessionBadge.tsx';
import { expectStatus, pause, shownSessionId } from './support/expectations.ts';
import { ada, sessionOfState, stateArgType, type SessionStateArgs } from './support/sessionState.ts';

/**
 * The badge in the demo's header: the session's status and id (QA hooks `session-status`,
 * `session-id`). Pick the session state with the `state` control.
 */
const meta = {
  title: 'Demo/Session badge/States',
  component: SessionBadge,
  tags: ['autodocs'],
  argTypes: { state: stateArgType },
  args: { state: 'anonymous' },
  parameters: { session: { fromArgs: sessionOfState } },
  render: () => <SessionBadge />,
} satisfies Meta<SessionStateArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

const SESSION_ID = /^ses_\w+$/;

/** The request that creates the session has not answered. */
export const Loading: Story = {
  args: { state: 'loading' },
  play: async ({ canvas }) => {
    await expectStatus(canvas, 'none');
    await pause(100);
    await expectStatus(canvas, 'none');
    await expect(shownSessionId(canvas)).toBe('');
  },
};

/** Every try failed: the badge is marked with the error's code (styled as a failure). */
export const Failed: Story = {
  args: { state: 'failed' },
  play: async (context) => {
    const { canvas } = context;
    await expectStatus(canvas, 'none');
    await expect(canvas.getByTestId('session-status').closest('[data-status]')).toHaveAttribute('data-error', 'server');
    await expect(shownSessionId(canvas)).toBe('');
    // Three tries, each answered 503 while the backend was down.
    await expect(sessionOf(context).backend.requestLog.count({ status: 503 })).toBe(3);
  },
};

/** A new anonymous session: one request for the page load, StrictMode's double render included. */
export const Anonymous: Story = {
  args: { state: 'anonymous' },
  play: async (context) => {
    await expectStatus(context.canvas, 'anonymous');
    await expect(shownSessionId(context.canvas)).toMatch(SESSION_ID);
    await expect(sessionOf(context).backend.requestLog.count()).toBe(1);
  },
};

/** The session exists already: Ada's login is being exchanged for an upgrade of it. */
export const Upgrading: Story = {
  args: { state: 'upgrading' },
  play: async (context) => {
    await expectStatus(context.canvas, 'upgrading');
    await expect(shownSessionId(context.canvas)).toMatch(SESSION_ID);
    await expect(sessionOf(context).user?.email).toBe(ada.email);
  },
};

/** The tab held Ada's session: restored, not replaced. */
export const Authenticated: Story = {
  args: { state: 'authenticated' },
  play: async (context) => {
    await expectStatus(context.canvas, 'authenticated');
    await expect(shownSessionId(context.canvas)).toBe(sessionOf(context).seeded?.session_id);
  },
};

/** On a protected page an anonymous visitor is being sent to the login page: the badge still shows the anonymous session. */
export const Redirecting: Story = {
  args: { state: 'redirecting' },
  parameters: { session: { path: '/dashboard' } },
  render: () => (
    <>
      <SessionBadge />
      <Routes>
        <Route path="/dashboard" element={<RequireAuth />} />
      </Routes>
    </>
  ),
  play: async (context) => {
    await expectStatus(context.canvas, 'anonymous');
    await waitFor(() => expect(sessionOf(context).heldNavigations).toEqual([{ to: '/login?returnTo=%2Fdashboard', replace: true }]));
  },
};
