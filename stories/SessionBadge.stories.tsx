import type { Meta, StoryObj } from '@storybook/react-vite';
import { Route, Routes } from 'react-router';
import { expect, waitFor } from 'storybook/test';
import { sessionOf } from '../.storybook/session.tsx';
import { SessionBadge } from '../src/demo/components/SessionBadge.tsx';
import { RequireAuth } from '../src/react/index.ts';
import { expectStatus, pause, shownSessionId } from './support/expectations.ts';
import { states } from './support/states.ts';

/** The badge in the demo's header: the session's status and id (QA hooks `session-status`, `session-id`). */
const meta = {
  title: 'Demo/Session badge/States',
  component: SessionBadge,
} satisfies Meta<typeof SessionBadge>;

export default meta;
type Story = StoryObj<typeof meta>;

const SESSION_ID = /^ses_\w+$/;

export const Loading: Story = {
  ...states.loading,
  play: async ({ canvas }) => {
    await expectStatus(canvas, 'none');
    await pause(300);
    await expectStatus(canvas, 'none');
    await expect(shownSessionId(canvas)).toBe('');
  },
};

export const Failed: Story = {
  ...states.failed,
  play: async ({ canvas }) => {
    await expectStatus(canvas, 'none');
    // After the last of 3 tries the badge is marked with the error's code (styled as a failure).
    const badge = canvas.getByTestId('session-status').closest('[data-status]');
    await waitFor(() => expect(badge).toHaveAttribute('data-error', 'server'), { timeout: 3000 });
    await expect(shownSessionId(canvas)).toBe('');
  },
};

export const Anonymous: Story = {
  ...states.anonymous,
  play: async ({ canvas }) => {
    await expectStatus(canvas, 'anonymous');
    await expect(shownSessionId(canvas)).toMatch(SESSION_ID);
  },
};

export const Upgrading: Story = {
  ...states.upgrading,
  play: async ({ canvas }) => {
    await expectStatus(canvas, 'upgrading');
    // The session exists already: the login is being exchanged for an upgrade of it.
    await expect(shownSessionId(canvas)).toMatch(SESSION_ID);
  },
};

export const Authenticated: Story = {
  ...states.authenticated,
  play: async (context) => {
    await expectStatus(context.canvas, 'authenticated');
    // Restored, not replaced: the id the tab held.
    await expect(shownSessionId(context.canvas)).toBe(sessionOf(context).seeded?.session_id);
  },
};

/** On a protected page an anonymous visitor is being sent to the login page: the badge still shows the anonymous session. */
export const Redirecting: Story = {
  ...states.redirecting,
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
    await expect(sessionOf(context).held).toEqual([{ to: '/login?returnTo=%2Fdashboard', replace: true }]);
  },
};
