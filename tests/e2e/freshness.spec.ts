import { CREATE, expect, RESTORE, setPageVisibility, test } from 'session-first/playwright';
import { DEMO_STALE_AFTER_MS, sessionIs } from './support.ts';

// R15: a session the server has not confirmed for staleAfter is checked again when the tab
// becomes visible. The page's clock (Playwright's) skips the waiting; the demo's actor keeps the
// library's default staleAfter.

test('a tab hidden past staleAfter checks its session once when it is shown again', async ({ page, requests }) => {
  await page.clock.install();
  await page.goto('/');
  const id = await sessionIs(page, 'anonymous');
  await requests.expectCalls([CREATE]);

  // Hidden for half of staleAfter: shown again, the session is still fresh.
  let mark = requests.mark();
  await setPageVisibility(page, 'hidden');
  await page.clock.fastForward(DEMO_STALE_AFTER_MS / 2);
  await setPageVisibility(page, 'visible');
  await requests.expectCalls([], { since: mark });

  // Hidden again for the other half: now past staleAfter, one check when shown.
  await setPageVisibility(page, 'hidden');
  await page.clock.fastForward(DEMO_STALE_AFTER_MS / 2);
  await requests.expectCalls([], { since: mark });
  await setPageVisibility(page, 'visible');
  await requests.expectCalls([RESTORE], { since: mark });
  expect(requests.calls.at(-1)?.path).toBe(`/api/session/${id}`);

  // Just confirmed: hiding and showing it again right away checks nothing.
  mark = requests.mark();
  await setPageVisibility(page, 'hidden');
  await setPageVisibility(page, 'visible');
  await requests.expectCalls([], { since: mark });
  await sessionIs(page, 'anonymous');
  await expect(page.getByTestId('session-id')).toHaveText(id);
});
