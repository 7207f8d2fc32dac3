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
  // The mock has it once the panel says so; a reload before that would start on the old one.
  await expect(panel.getByRole('status')).toContainText(`the mock answers with ${name},`);
}

/** The main navigation's link to a page. */
export const navLink = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

declare global {
  interface Window {
    /** Each status the badge showed and when (epoch ms), from {@link recordBadge}. */
    badgeTimeline?: { status: string; at: number }[];
  }
}

/**
 * Records, in the page, each status its badge shows and the moment it shows it (the page's own
 * clock, so no polling delay counts). The record lives as long as the document: a reload loses it.
 */
export async function recordBadge(page: Page): Promise<void> {
  await page.evaluate(() => {
    const statusNow = () => document.querySelector('[data-testid="session-status"]')?.textContent ?? '';
    const timeline = [{ status: statusNow(), at: Date.now() }];
    window.badgeTimeline = timeline;
    new MutationObserver(() => {
      const status = statusNow();
      if (status !== timeline.at(-1)?.status) timeline.push({ status, at: Date.now() });
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** When the badge of `page` last turned to `status` since {@link recordBadge} (epoch ms). Fails if it never did or the page reloaded. */
export async function badgeTurnedAt(page: Page, status: string): Promise<number> {
  const timeline = await page.evaluate(() => window.badgeTimeline);
  expect(timeline, 'the badge was recorded in this document (no reload since)').toBeDefined();
  const turn = timeline!.findLast((entry) => entry.status === status);
  expect(turn, `the badge turned ${status}`).toBeDefined();
  return turn!.at;
}
