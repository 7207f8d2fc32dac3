import type { Page } from '@playwright/test';
import type { MockSeededSession, MockSession, MockState, RequestLogEntry, ScenarioName } from '../../mocks/mockApiTypes.ts';
import type { AdminAnswer, AdminRequest, AdminTransport } from './adminTransports.ts';
import type { ContextTraffic } from './ContextTraffic.ts';
import type { RequestRecorder } from './RequestRecorder.ts';

/** Why an admin call failed: nothing answered as the mock, or the mock refused the request. */
export type MockAdminFailure = 'unreachable' | 'refused';

/** An admin call that failed, with what was asked and what (if anything) answered. */
export class MockAdminError extends Error {
  override readonly name = 'MockAdminError';

  constructor(
    message: string,
    readonly reason: MockAdminFailure,
    readonly url: string,
    /** The HTTP status that came back; null when nothing answered. */
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** Options of {@link MockAdmin.seedSession}. */
export interface SeedOptions {
  /** A demo account (`ada@acme.test`, `grace@globex.test`): the session is signed in as it. Default: anonymous. */
  email?: string;
}

const isJson = (answer: AdminAnswer) => /[/+]json\b/.test(answer.contentType);

/**
 * The mock backend's admin API (`/__mock/...`), the way a test drives it: scenario, latency,
 * clock, reset, seeded sessions, and what the mock holds. Also the requests the test's pages
 * sent to the experience API ({@link requests}).
 */
export class MockAdmin {
  constructor(
    private readonly transport: AdminTransport,
    private readonly traffic: ContextTraffic,
  ) {}

  /** The scenario, latency and clock offset in effect, and the scenarios to choose from. */
  async getState(): Promise<MockState> {
    return (await this.call({ method: 'GET', path: '__mock/state' })) as MockState;
  }

  /** Selects a backend scenario (SPEC §4) for every request from now on. */
  async setScenario(name: ScenarioName): Promise<void> {
    await this.call({ method: 'PUT', path: '__mock/scenario', body: { name } });
  }

  /** Delays every experience API answer by `ms` (0 to 60 000). */
  async setLatency(ms: number): Promise<void> {
    await this.call({ method: 'PUT', path: '__mock/latency', body: { ms } });
  }

  /**
   * Moves the mock's clock (the server's time: session expiry) by `ms`, back when negative. The
   * page's own time (the app's `staleAfter`) is Playwright's `page.clock`.
   */
  async advanceClock(ms: number): Promise<void> {
    await this.call({ method: 'POST', path: '__mock/clock', body: { advance_ms: ms } });
  }

  /** Empties the mock's store and request log; scenario, latency and clock go back to where the mock started. */
  async reset(): Promise<void> {
    await this.call({ method: 'POST', path: '__mock/reset' });
  }

  /** The live sessions, oldest first (no tokens). */
  async listSessions(): Promise<MockSession[]> {
    const list = (await this.call({ method: 'GET', path: '__mock/sessions' })) as { sessions: MockSession[] };
    return list.sessions;
  }

  /** The live session with this id, or null (never created, ended or expired). */
  async findSession(sessionId: string): Promise<MockSession | null> {
    return (await this.listSessions()).find((session) => session.session_id === sessionId) ?? null;
  }

  /**
   * Creates a session as a returning visitor would hold it, anonymous or signed in: give it to a
   * page with `sessionOf(page).use(seeded)`.
   */
  async seedSession(options: SeedOptions = {}): Promise<MockSeededSession> {
    return (await this.call({ method: 'POST', path: '__mock/sessions', body: options })) as MockSeededSession;
  }

  /**
   * The requests the mock answered, as it logged them. With the mock in the page this is that
   * page's log; the HTTP server logs every client's.
   */
  async requestLog(): Promise<RequestLogEntry[]> {
    const log = (await this.call({ method: 'GET', path: '__mock/requests' })) as { requests: RequestLogEntry[] };
    return log.requests;
  }

  /** Empties the mock's request log. */
  async clearRequestLog(): Promise<void> {
    await this.call({ method: 'DELETE', path: '__mock/requests' });
  }

  /**
   * What `page` sent to the experience API since it opened, as the page saw it; without a page,
   * what every page of the test's context sent.
   */
  requests(page?: Page): RequestRecorder {
    return this.traffic.of(page);
  }

  /** Sends an admin request; resolves with the mock's JSON answer (undefined for 204 No Content). */
  private async call(request: AdminRequest): Promise<unknown> {
    const url = this.transport.urlOf(request.path);
    const what = `${request.method} ${new URL(url).pathname}`;
    const answer = await this.transport.send(request);
    if (answer === null) {
      throw new MockAdminError(`the mock's admin API did not answer at ${url}: is the mock started? (${this.transport.hint})`, 'unreachable', url, null);
    }
    const { status } = answer;
    if (status === 204) return undefined;
    if (!isJson(answer)) {
      throw new MockAdminError(
        `the mock's admin API did not answer at ${url}: something else answered ${what} with ${status} ${answer.contentType || 'and no content type'}. Is the mock started? (${this.transport.hint})`,
        'unreachable',
        url,
        status,
      );
    }
    const body: unknown = JSON.parse(answer.text);
    if (status >= 200 && status < 300) return body;
    throw new MockAdminError(`the mock refused ${what}: ${status} ${JSON.stringify(detailOf(body))}`, 'refused', url, status);
  }
}

/** FastAPI's `detail` (a message, or a list of validation problems), else the whole body. */
function detailOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null && 'detail' in body ? body.detail : body;
}
