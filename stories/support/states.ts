/**
 * The six session states of SPEC §3 as story settings, so every component's stories put it in
 * the same situations. Spread one into a story: `export const Upgrading: Story = { ...states.upgrading, play }`.
 */
import type { SessionParameters } from '../../.storybook/session.tsx';
import { held } from './handlers.ts';

export const ada = { email: 'ada@acme.test', password: 'demo-pass-1' } as const;

const story = (session: SessionParameters, msw: ReturnType<typeof held>[] = []) => ({
  parameters: { session, msw },
});

export const states = {
  /** `none`, loading: the create-anonymous request never answers. */
  loading: story({}, [held('createAnonymous')]),
  /** `none`, failed: the backend answers 503 to every try (3 tries, then an error and Retry). */
  failed: story({ scenario: 'server-down' }),
  /** `anonymous`: a fresh anonymous session. */
  anonymous: story({}),
  /** `upgrading`: a login was sent as the page loaded (queued until the session existed); it never answers. */
  upgrading: story({ login: ada }, [held('login')]),
  /** `authenticated`: the tab already holds a session upgraded to Ada (as after a reload). */
  authenticated: story({ seed: ada.email }),
  /**
   * `redirecting`: an anonymous visitor on the protected `/dashboard`; the redirect to the login
   * page is held, so the frame while the navigation is under way stays on screen.
   */
  redirecting: story({ path: '/dashboard', holdRedirect: true }),
};
