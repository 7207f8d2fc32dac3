import type { BrowserContext, Page } from '@playwright/test';
import { RequestRecorder, type RecorderScope } from './RequestRecorder.ts';

/**
 * A {@link RequestRecorder} for each page of a browser context, attached when the page opens (so
 * from its first request, tabs opened by `window.open` included), and one for all of them.
 */
export class ContextTraffic {
  private readonly perPage = new Map<Page, RequestRecorder>();
  private readonly everyPage: RequestRecorder;

  constructor(
    context: BrowserContext,
    private readonly scope: RecorderScope,
  ) {
    this.everyPage = new RequestRecorder(scope);
    for (const page of context.pages()) this.watch(page);
    context.on('page', (page) => this.watch(page));
  }

  /** What `page` sent; without a page, what every page of the context sent, in order. */
  of(page?: Page): RequestRecorder {
    if (page === undefined) return this.everyPage;
    const recorder = this.perPage.get(page);
    if (!recorder) {
      throw new Error(
        "session-first/playwright: this page is not in the test's browser context, so its requests were not recorded. " +
          'For a page of another context, attach `new RequestRecorder({ apiURL }).attach(page)` before it loads.',
      );
    }
    return recorder;
  }

  private watch(page: Page): void {
    this.perPage.set(page, new RequestRecorder(this.scope).attach(page));
    this.everyPage.attach(page);
  }
}
