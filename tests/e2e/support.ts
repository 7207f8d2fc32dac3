import type { Locator, Page } from '@playwright/test';
import { expect } from 'session-first/playwright';

// What the end-to-end tests know about the demo app: its accounts, its QA hooks (SPEC §5) and its
// developer panel. Everything generic (the mock's admin API, seeding, reading the session,
// counting requests) comes from `session-first/playwright`, as in a user's own suite.

/** The demo's session actor re-checks a session unconfirmed for this long: the library's default `staleAfter` (R15). */
export const DEMO_STALE_AFTER_MS = 60_000;

export const ada = { email: 'ada@acme.test', password: 'demo-pass-1', name: 'Ada Lovelace' };
export const grace = { email: 'grace@globex.test', password: 'demo-pass-1', name: 'Grace Hopper' };

/** The session badge (SPEC §5 hooks). */
export const badge = (page: Page) => ({
  status: page.getByTestId('session-status'),
  id: page.getByTestId('session-id'),
});

/** Waits for the badge to show `status` and returns the session id it shows. */
export async function sessionIs(page: Page, status: string): Promise<string> {
  const b = badge(page);
  await expect(b.status).toHaveText(status);
  await expect(b.id).toHaveText(/^ses_[0-9a-f]{16,}$/);
  return (await b.id.textContent()) ?? '';
}

/** Fills the login form (labels `Email`, `Password`) and presses `Sign in`. */
export async function signIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Opens the developer panel (if closed) with its header button and returns it. */
export async function openDevPanel(page: Page): Promise<Locator> {
  const toggle = page.getByRole('button', { name: 'Dev panel' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const panel = page.getByRole('complementary', { name: 'Developer panel' });
  await expect(panel).toBeVisible();
  return panel;
}

/** Picks a backend scenario in the developer panel. */
export async function chooseScenario(page: Page, name: string): Promise<void> {
  const panel = await openDevPanel(page);
  const select = panel.getByLabel('Backend scenario');
  await select.selectOption(name);
  await expect(select).toHaveValue(name);
}

/** The main navigation's link to a page. */
export const navLink = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
