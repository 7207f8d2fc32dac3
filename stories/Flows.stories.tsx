import type { Meta, StoryObj } from '@storybook/react-vite';
import { sessionOf } from 'session-first/storybook';
import { expect, waitFor, within } from 'storybook/test';
import { withAddressBar } from './support/AddressBar.tsx';
import { DemoFrame } from './support/DemoFrame.tsx';
import { expectLocation, expectStatus, shownSessionId, signIn } from './support/expectations.ts';
import { ada } from './support/sessionState.ts';

/** Whole journeys through the demo's pages, played step by step (see the Interactions panel). */
const meta = {
  title: 'Flows/Session first',
  component: DemoFrame,
  decorators: [withAddressBar],
} satisfies Meta<typeof DemoFrame>;

export default meta;
type Story = StoryObj<typeof meta>;

type Canvas = Parameters<NonNullable<Story['play']>>[0]['canvas'];
const mainNav = (canvas: Canvas) => within(canvas.getByRole('navigation', { name: 'Main' }));

/**
 * First load → protected page → login → back: the anonymous session of the first request is
 * the one that ends up signed in.
 */
export const SignInAndReturn: Story = {
  play: async ({ canvas, userEvent, step }) => {
    let firstId = '';
    await step('First load: an anonymous session at once', async () => {
      await expectStatus(canvas, 'anonymous');
      firstId = shownSessionId(canvas);
      await expect(firstId).toMatch(/^ses_\w+$/);
      await expectLocation(canvas, '/');
    });
    await step('Open the protected dashboard: sent to the login page', async () => {
      await userEvent.click(mainNav(canvas).getByRole('link', { name: 'Dashboard' }));
      await expectLocation(canvas, '/login?returnTo=%2Fdashboard');
      await expect(await canvas.findByRole('heading', { name: 'Sign in' })).toBeVisible();
      await expect(canvas.getByText('/dashboard', { selector: 'code' })).toBeVisible();
      // The session lived on through the redirect.
      await expect(shownSessionId(canvas)).toBe(firstId);
    });
    await step(`Sign in as ${ada.email}`, async () => {
      await signIn(canvas, userEvent, ada);
    });
    await step('Back on the dashboard, on the same session', async () => {
      await expectLocation(canvas, '/dashboard');
      await expect(await canvas.findByRole('heading', { name: 'Welcome, Ada' })).toBeVisible();
      await expectStatus(canvas, 'authenticated');
      await expect(shownSessionId(canvas)).toBe(firstId);
      await expect(canvas.getByRole('button', { name: 'Sign out' })).toBeVisible();
    });
  },
};

/**
 * The backend forgets the session while Ada is signed in: the next page sends her to sign in
 * again, and back. (`staleAfter: 0`: the session is checked on every move to another page.)
 */
export const SessionExpiresInUse: Story = {
  parameters: { session: { state: 'authenticated', path: '/dashboard', staleAfter: 0 } },
  play: async (context) => {
    const { canvas, userEvent, step } = context;
    let oldId = '';
    await step('Signed in on the dashboard', async () => {
      await expect(await canvas.findByRole('heading', { name: 'Welcome, Ada' })).toBeVisible();
      oldId = shownSessionId(canvas);
    });
    await step('The backend expires every session', async () => {
      await sessionOf(context).backend.setScenario('expired-session');
    });
    await step('Open Settings: sent to the login page, told why', async () => {
      await userEvent.click(mainNav(canvas).getByRole('link', { name: 'Settings' }));
      await expectLocation(canvas, '/login?returnTo=%2Fsettings');
      await expect(await canvas.findByRole('alert')).toHaveTextContent('Session expired.');
      await expectStatus(canvas, 'anonymous');
      await expect(shownSessionId(canvas)).not.toBe(oldId);
    });
    await step('Sign in again: back on Settings', async () => {
      await signIn(canvas, userEvent, ada);
      await expectLocation(canvas, '/settings');
      await expect(await canvas.findByRole('heading', { name: 'Settings' })).toBeVisible();
      await expectStatus(canvas, 'authenticated');
    });
  },
};

/** Signing out ends the session and starts a new anonymous one at once (R7). */
export const SignOut: Story = {
  parameters: { session: { state: 'authenticated', path: '/dashboard' } },
  play: async ({ canvas, userEvent }) => {
    await expect(await canvas.findByRole('heading', { name: 'Welcome, Ada' })).toBeVisible();
    const signedInId = shownSessionId(canvas);
    await userEvent.click(canvas.getByRole('button', { name: 'Sign out' }));
    await expectLocation(canvas, '/');
    await expectStatus(canvas, 'anonymous');
    await expect(shownSessionId(canvas)).toMatch(/^ses_\w+$/);
    await expect(shownSessionId(canvas)).not.toBe(signedInId);
    await expect(canvas.queryByRole('button', { name: 'Sign out' })).toBeNull();
  },
};

/**
 * A redirect held on its way (state `redirecting`), then let go: the login page, and after
 * signing in the way back goes through at once.
 */
export const HeldRedirectLetGo: Story = {
  parameters: { session: { state: 'redirecting', path: '/dashboard' } },
  play: async (context) => {
    const { canvas, userEvent, step } = context;
    const session = sessionOf(context);
    await step('The redirect to the login page is held: still on /dashboard', async () => {
      await waitFor(() => expect(session.heldNavigations).toEqual([{ to: '/login?returnTo=%2Fdashboard', replace: true }]));
      await expectLocation(canvas, '/dashboard');
      await expect(session.actor.getSnapshot().matches({ nav: 'redirecting' })).toBe(true);
    });
    await step('Let it go: on the login page', async () => {
      session.releaseNavigations();
      await expectLocation(canvas, '/login?returnTo=%2Fdashboard');
      await waitFor(() => expect(session.actor.getSnapshot().matches({ nav: 'idle' })).toBe(true));
    });
    await step(`Sign in as ${ada.email}: back on the dashboard at once`, async () => {
      await signIn(canvas, userEvent, ada);
      await expect(await canvas.findByRole('heading', { name: 'Welcome, Ada' })).toBeVisible();
      await expectLocation(canvas, '/dashboard');
      await expect(session.heldNavigations).toEqual([]);
    });
  },
};
