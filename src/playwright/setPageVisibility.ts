import type { Page } from '@playwright/test';

/** A page's `document.visibilityState`. */
export type PageVisibility = 'visible' | 'hidden';

/**
 * Makes the page report `visibility` (`document.visibilityState`, `document.hidden`) and, when
 * that changes it, fires `visibilitychange` as a browser does when its tab is hidden or shown
 * again. Headless pages are always visible, so this is how a test hides a tab (SPEC R15).
 */
export async function setPageVisibility(page: Page, visibility: PageVisibility): Promise<void> {
  await page.evaluate((next) => {
    const changed = document.visibilityState !== next;
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => next });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => next === 'hidden' });
    if (changed) document.dispatchEvent(new Event('visibilitychange'));
  }, visibility);
}
