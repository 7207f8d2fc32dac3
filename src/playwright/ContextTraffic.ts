import type { BrowserContext, Page, Request } from '@playwright/test';
import { RequestRecorder, type RecorderScope } from './RequestRecorder.ts';

/**
 * A {@link RequestRecorder} for each page of a browser context, and one for all of them. It listens
 * to the context itself, so it sees every page's requests from the first one: a tab opened with
 * `window.open` may send its first request before its `page` event reaches the test.
 */
export class ContextTraffic {
  private readonly perPage = new Map<Page, RequestRecorder>();
  private readonly everyPage: RequestRecorder;

  constructor(
    private readonly context: BrowserContext,
    private readonly scope: RecorderScope,
  ) {
    this.everyPage = new RequestRecorder(scope);
    context.on('request', (request) => {
      const page = pageOf(request);
      if (!page) return;
      this.recorderOf(page).record(page, request);
      this.everyPage.record(page, request);
    });
    context.on('response', (response) => this.settle(response.request(), response.status()));
    context.on('requestfailed', (request) => this.settle(request, 0));
  }

  /** What `page` sent; without a page, what every page of the context sent, in order. */
  of(page?: Page): RequestRecorder {
    if (page === undefined) return this.everyPage;
    if (page.context() !== this.context) {
      throw new Error(
        "session-first/playwright: this page is not in the test's browser context, so its requests were not recorded. " +
          'For a page of another context, attach `new RequestRecorder({ apiURL }).attach(page)` before it loads.',
      );
    }
    return this.recorderOf(page);
  }

  private recorderOf(page: Page): RequestRecorder {
    let recorder = this.perPage.get(page);
    if (!recorder) {
      recorder = new RequestRecorder(this.scope);
      this.perPage.set(page, recorder);
    }
    return recorder;
  }

  private settle(request: Request, status: number): void {
    for (const recorder of this.perPage.values()) recorder.settle(request, status);
    this.everyPage.settle(request, status);
  }
}

/** The page that sent a request; none for a service worker's own requests (the page that asked shows its own). */
function pageOf(request: Request): Page | null {
  if (request.serviceWorker()) return null;
  try {
    return request.frame().page();
  } catch {
    // A request whose frame is gone (a closed popup) cannot be told apart any more.
    return null;
  }
}
