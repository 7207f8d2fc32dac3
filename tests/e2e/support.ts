import { test as base, expect, type Locator, type Page, type Request } from '@playwright/test';

/** One request the page sent to the experience API, as the page itself saw it. */
export interface ApiCall {
  method: string;
  /** Path and query, session ids replaced by `:id` so that expectations read like routes. */
  route: string;
  /** The raw path with the real ids. */
  path: string;
  /** HTTP status; 0 for a network error; null while the request is in flight. */
  status: number | null;
}

/** `ses_` + hex → `:id`. */
const routeOf = (path: string) => path.replace(/ses_[0-9a-f]+/gi, ':id');

/**
 * Records every request the page sends to `/api/`. The mock answers them from a service worker,
 * and the page still sees each request and its response, so this counts what the app really sends.
 */
export class ApiTraffic {
  readonly calls: ApiCall[] = [];
  /** Requests to any other origin (an open redirect or a leak would show up here). */
  readonly foreign: string[] = [];
  private readonly byRequest = new Map<Request, ApiCall>();
  private lastActivity = Date.now();

  constructor(page: Page, origin: string) {
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!/^https?:$/.test(url.protocol)) return;
      if (url.origin !== origin) this.foreign.push(request.url());
      if (!url.pathname.startsWith('/api/')) return;
      const call: ApiCall = { method: request.method(), path: url.pathname + url.search, route: routeOf(url.pathname + url.search), status: null };
      this.byRequest.set(request, call);
      this.calls.push(call);
      this.lastActivity = Date.now();
    });
    page.on('response', (response) => {
      const call = this.byRequest.get(response.request());
      if (call) (call.status = response.status()), (this.lastActivity = Date.now());
    });
    page.on('requestfailed', (request) => {
      const call = this.byRequest.get(request);
      if (call) (call.status = 0), (this.lastActivity = Date.now());
    });
  }

  /** A position in the log: pass it to {@link since} to look at what came after. */
  mark(): number {
    return this.calls.length;
  }

  /** `METHOD /route STATUS` for every call after `mark`. */
  since(mark = 0): string[] {
    return this.calls.slice(mark).map((c) => `${c.method} ${c.route} ${c.status ?? 'pending'}`);
  }

  /** True when nothing is in flight and nothing was sent or answered for `quietMs`. */
  isQuiet(quietMs = 400): boolean {
    return this.calls.every((c) => c.status !== null) && Date.now() - this.lastActivity >= quietMs;
  }
}

/**
 * Waits until the calls after `mark` are exactly `expected`, then until the page has been quiet
 * for a moment, and checks again: a late extra request fails the test instead of slipping by.
 */
export async function expectApiCalls(api: ApiTraffic, mark: number, expected: string[]): Promise<void> {
  await expect.poll(() => api.since(mark), { message: 'requests the page sent to /api/', intervals: [50] }).toEqual(expected);
  await expect.poll(() => api.isQuiet(), { message: 'the page stops sending requests', intervals: [50] }).toBe(true);
  expect(api.since(mark), 'no further requests').toEqual(expected);
}

export const CREATE = 'POST /api/session/create-anonymous 201';
export const RESTORE = 'GET /api/session/:id 200';
export const LOGIN = 'POST /api/auth/login 200';
export const UPGRADE = 'PATCH /api/session/:id/upgrade 200';
export const LOGOUT = 'POST /api/session/:id/logout 204';

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

/**
 * The test function of this suite: every test gets a fresh browser context (empty localStorage
 * and sessionStorage, so a fresh mock store and no session) and `api`, the requests its page sends.
 */
export const test = base.extend<{ api: ApiTraffic }>({
  api: async ({ page, baseURL }, use) => {
    await use(new ApiTraffic(page, new URL(baseURL!).origin));
  },
});

export { expect };
