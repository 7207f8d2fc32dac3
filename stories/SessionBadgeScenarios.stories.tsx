import type { Meta, StoryObj } from '@storybook/react-vite';
import { sessionOf } from 'session-first/storybook';
import { expect } from 'storybook/test';
import { SessionBadge } from '../src/demo/components/SessionBadge.tsx';
import { SessionNotices } from '../src/demo/components/SessionNotices.tsx';
import { LoginPage } from '../src/demo/pages/LoginPage.tsx';
import { expectStatus, shownSessionId, signIn } from './support/expectations.ts';
import { ada } from './support/sessionState.ts';

/**
 * The badge (with the demo's page notices) on a first page load under each backend scenario.
 * Scenarios that only matter at login show the login page and sign in. The toolbar's
 * `Backend scenario` overrides the scenario of any story.
 */
const meta = {
  title: 'Demo/Session badge/Scenarios',
  component: SessionBadge,
  render: () => (
    <>
      <SessionBadge />
      <SessionNotices />
    </>
  ),
} satisfies Meta<typeof SessionBadge>;

export default meta;
type Story = StoryObj<typeof meta>;

const SESSION_ID = /^ses_\w+$/;

export const Default: Story = {
  parameters: { session: { scenario: 'default' } },
  play: async ({ canvas }) => {
    await expectStatus(canvas, 'anonymous');
    await expect(shownSessionId(canvas)).toMatch(SESSION_ID);
    await expect(canvas.queryByRole('alert')).toBeNull();
  },
};

export const Slow: Story = {
  parameters: { session: { scenario: 'slow' } },
  play: async ({ canvas }) => {
    await expectStatus(canvas, 'none');
    await expectStatus(canvas, 'anonymous', 4000);
  },
};

export const Flaky: Story = {
  parameters: { session: { scenario: 'flaky' } },
  play: async ({ canvas }) => {
    // The first request fails with 503; the retry succeeds and the user never sees an error.
    await expectStatus(canvas, 'anonymous');
    await expect(canvas.queryByRole('alert')).toBeNull();
  },
};

export const ServerDown: Story = {
  parameters: { session: { scenario: 'server-down' } },
  play: async ({ canvas }) => {
    const alert = await canvas.findByRole('alert', {}, { timeout: 3000 });
    await expect(alert).toHaveTextContent('We could not start your session.');
    await expect(alert).toHaveAttribute('data-code', 'server');
    await expect(canvas.getByRole('button', { name: 'Retry' })).toBeEnabled();
    await expectStatus(canvas, 'none');
  },
};

export const Offline: Story = {
  parameters: { session: { scenario: 'offline' } },
  play: async ({ canvas }) => {
    const alert = await canvas.findByRole('alert', {}, { timeout: 3000 });
    await expect(alert).toHaveAttribute('data-code', 'network');
    await expectStatus(canvas, 'none');
  },
};

/** The tab holds Ada's session from an earlier visit that the backend has since expired: a new anonymous one replaces it (R2). */
export const ExpiredSession: Story = {
  parameters: { session: { scenario: 'expired-session', user: ada.email } },
  play: async (context) => {
    const { canvas } = context;
    await expectStatus(canvas, 'anonymous');
    const seeded = sessionOf(context).seeded?.session_id;
    await expect(seeded).toMatch(SESSION_ID);
    await expect(shownSessionId(canvas)).toMatch(SESSION_ID);
    await expect(shownSessionId(canvas)).not.toBe(seeded);
  },
};

const withLogin = () => (
  <>
    <SessionBadge />
    <SessionNotices />
    <LoginPage />
  </>
);

/** Right credentials, refused anyway: the session stays anonymous, the same one. */
export const InvalidCredentials: Story = {
  parameters: { session: { scenario: 'invalid-credentials', path: '/login' } },
  render: withLogin,
  play: async ({ canvas, userEvent }) => {
    await expectStatus(canvas, 'anonymous');
    const before = shownSessionId(canvas);
    await signIn(canvas, userEvent, ada);
    await expect(await canvas.findByRole('alert')).toHaveTextContent('Sign-in failed.');
    await expectStatus(canvas, 'anonymous');
    await expect(shownSessionId(canvas)).toBe(before);
  },
};

/** The login works but the upgrade answers 409: the session stays anonymous, the same one. */
export const UpgradeConflict: Story = {
  parameters: { session: { scenario: 'upgrade-conflict', path: '/login' } },
  render: withLogin,
  play: async ({ canvas, userEvent }) => {
    await expectStatus(canvas, 'anonymous');
    const before = shownSessionId(canvas);
    await signIn(canvas, userEvent, ada);
    const alert = await canvas.findByRole('alert');
    await expect(alert).toHaveTextContent('Sign-in failed.');
    await expect(alert).toHaveAttribute('data-code', 'conflict');
    await expectStatus(canvas, 'anonymous');
    await expect(shownSessionId(canvas)).toBe(before);
  },
};

export const MalformedResponse: Story = {
  parameters: { session: { scenario: 'malformed-response' } },
  play: async ({ canvas }) => {
    // Not worth retrying: the first malformed answer fails the load.
    const alert = await canvas.findByRole('alert', {}, { timeout: 3000 });
    await expect(alert).toHaveAttribute('data-code', 'malformed_response');
    await expectStatus(canvas, 'none');
  },
};

/** The toolbar's `Backend scenario` wins over the story's own: here `server-down` over `default`. */
export const ChosenInTheToolbar: Story = {
  globals: { sessionScenario: 'server-down' },
  parameters: { session: { scenario: 'default' } },
  play: async (context) => {
    const alert = await context.canvas.findByRole('alert', {}, { timeout: 3000 });
    await expect(alert).toHaveAttribute('data-code', 'server');
    await expect(sessionOf(context).scenario).toBe('server-down');
  },
};
