import { expect, type Page, type Request } from '@playwright/test';
import { routeOf } from './contractCalls.ts';
import { baseOf, originOf } from './urls.ts';

/** One request a page sent to the experience API, as the page itself saw it. */
export interface ApiCall {
  /** `GET`, `POST`... */
  method: string;
  /** Path and query below the API's address, with the real ids: `/api/session/ses_42`. */
  path: string;
  /** {@link path} with the session id written `:id`: `/api/session/:id`. */
  route: string;
  /** HTTP status; 0 when it failed on the network; null while it is in flight. */
  status: number | null;
  /** The page that sent it. */
  page: Page;
  /** Playwright's request, for headers and bodies. */
  request: Request;
}

/** Which calls to count: every given field must match. */
export interface CallFilter {
  method?: string;
  /** A route (`/api/session/:id`), an exact path, or a pattern tested on the path. */
  path?: string | RegExp;
  status?: number | null;
}

/** Where a recorder looks: the experience API, and the app's own origin. */
export interface RecorderScope {
  /** The experience API's address; calls are the requests to `<apiURL>/api/...`. */
  apiURL: string;
  /** The app's origin (e.g. the config's `baseURL`); default: the origin of the page that sends. */
  appURL?: string;
}

/** Options of {@link RequestRecorder.expectCalls}. */
export interface ExpectCallsOptions {
  /** A {@link RequestRecorder.mark}: only the calls after it count. Default 0, every call. */
  since?: number;
  /** How long the page must send nothing before the calls count as complete (ms). Default 400. */
  quietMs?: number;
}

const isWeb = (url: URL) => url.protocol === 'http:' || url.protocol === 'https:';

/**
 * Records the requests pages send to the experience API (`page.on('request' | 'response' |
 * 'requestfailed')`). Whether a service worker or a server answers them, the page still sees each
 * request and its outcome, so this counts what the app really sent. Attach it before the page's
 * first request to see all of them.
 */
export class RequestRecorder {
  /** Every call, in the order they were sent. */
  readonly calls: ApiCall[] = [];
  /** Requests to any origin other than the app's and the API's (an open redirect or a leak shows up here). */
  readonly foreign: string[] = [];
  private readonly apiPrefix: string;
  private readonly apiOrigin: string;
  private readonly appOrigin: string | null;
  private readonly byRequest = new Map<Request, ApiCall>();
  private lastActivity = Date.now();

  constructor(scope: RecorderScope) {
    this.apiPrefix = `${baseOf(scope.apiURL)}api/`;
    this.apiOrigin = new URL(scope.apiURL).origin;
    this.appOrigin = scope.appURL ? originOf(scope.appURL) : null;
  }

  /** Starts recording what `page` sends. */
  attach(page: Page): this {
    page.on('request', (request) => this.record(page, request));
    page.on('response', (response) => this.settle(response.request(), response.status()));
    page.on('requestfailed', (request) => this.settle(request, 0));
    return this;
  }

  /** A position in the log: pass it to {@link since} or {@link expectCalls} to look at what came after. */
  mark(): number {
    return this.calls.length;
  }

  /** `METHOD /route STATUS` (`pending` while in flight) for every call after `mark`. */
  since(mark = 0): string[] {
    return this.calls.slice(mark).map((call) => `${call.method} ${call.route} ${call.status ?? 'pending'}`);
  }

  /** The calls that match `filter` (all of them without one). */
  filter(filter: CallFilter = {}): ApiCall[] {
    return this.calls.filter((call) => matches(call, filter));
  }

  /** How many calls match `filter`, e.g. `count({ method: 'POST', path: '/api/session/create-anonymous' })`. */
  count(filter: CallFilter = {}): number {
    return this.filter(filter).length;
  }

  /** True when nothing is in flight and nothing was sent or answered for `quietMs` (counted from `from` at the earliest, epoch ms). */
  isQuiet(quietMs = 400, from = 0): boolean {
    return this.calls.every((call) => call.status !== null) && Date.now() - Math.max(this.lastActivity, from) >= quietMs;
  }

  /**
   * Waits until the calls (after `since`) are exactly `expected` (lines as {@link since} writes
   * them), then until the pages have sent nothing for a moment (from this call on, so `[]` waits
   * too), and checks again: a late extra call fails the test instead of slipping by.
   */
  async expectCalls(expected: string[], options: ExpectCallsOptions = {}): Promise<void> {
    const { since = 0, quietMs = 400 } = options;
    const waitingFrom = Date.now();
    await expect.poll(() => this.since(since), { message: 'requests sent to the experience API', intervals: [50] }).toEqual(expected);
    await expect.poll(() => this.isQuiet(quietMs, waitingFrom), { message: 'the pages stop sending requests', intervals: [50] }).toBe(true);
    expect(this.since(since), 'no further requests').toEqual(expected);
  }

  /** Records a request `page` sent (what {@link attach} does for each); other requests are left out. */
  record(page: Page, request: Request): void {
    const url = new URL(request.url());
    if (!isWeb(url)) return;
    const appOrigin = this.appOrigin ?? originOf(page.url());
    if (url.origin !== appOrigin && url.origin !== this.apiOrigin) this.foreign.push(request.url());
    if (!url.href.startsWith(this.apiPrefix)) return;
    const path = `/api/${url.href.slice(this.apiPrefix.length)}`;
    const call: ApiCall = { method: request.method(), path, route: routeOf(path), status: null, page, request };
    this.byRequest.set(request, call);
    this.calls.push(call);
    this.lastActivity = Date.now();
  }

  /** Records the outcome of a recorded request: its HTTP status, 0 when it failed on the network. */
  settle(request: Request, status: number): void {
    const call = this.byRequest.get(request);
    if (!call) return;
    call.status = status;
    this.lastActivity = Date.now();
  }
}

function matches(call: ApiCall, filter: CallFilter): boolean {
  if (filter.method !== undefined && call.method !== filter.method.toUpperCase()) return false;
  if (filter.status !== undefined && call.status !== filter.status) return false;
  const { path } = filter;
  if (path === undefined) return true;
  return typeof path === 'string' ? call.route === path || call.path === path : path.test(call.path);
}
