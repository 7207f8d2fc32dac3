import type { Page } from '@playwright/test';

/**
 * Opens `path` in a new tab from `opener` (`window.open`, same origin): the new tab starts with a
 * copy of the opener's `sessionStorage`, so it holds the same session, as a duplicated tab does.
 * Resolves with the new tab once it opened (its load may still be under way).
 */
export async function openTabFrom(opener: Page, path: string): Promise<Page> {
  const [tab] = await Promise.all([
    opener.context().waitForEvent('page'),
    opener.evaluate((to) => {
      window.open(to);
    }, path),
  ]);
  return tab;
}
