import { IN_PAGE_HEADER, IN_PAGE_VALUE } from '../../mocks/inPageHeader.ts';
import type { MockState, RequestLogEntry, ScenarioName } from '../../mocks/mockApiTypes.ts';

/** The mock backend's admin API (`/__mock/...`) at one base URL, as the developer panel uses it. */
export interface MockAdmin {
  /** Scenario, latency and clock offset in effect, and the scenarios to choose from. */
  state(): Promise<MockState>;
  /** The state, and whether the mock that answered runs in this page (MSW) rather than behind an HTTP server. */
  describe(): Promise<{ state: MockState; inPage: boolean }>;
  setScenario(name: ScenarioName): Promise<void>;
  setLatency(ms: number): Promise<void>;
  /** Empties the store; scenario, latency and clock back to their defaults. */
  reset(): Promise<void>;
  /** The requests the backend answered for this page, oldest first. */
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
}

/**
 * The admin API at `baseUrl` (the client's, `''` for this page's origin), over the client's
 * `fetch` (default: the global one, looked up at each call): the same calls work against the
 * service worker, msw/node and `npx session-first mock-server`.
 */
export function createMockAdmin(baseUrl: string, send: typeof fetch = (input, init) => fetch(input, init)): MockAdmin {
  async function request(method: string, path: string, body?: unknown): Promise<Response> {
    const response = await send(`${baseUrl}/__mock/${path}`, {
      method,
      cache: 'no-store',
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} /__mock/${path} answered ${response.status}`);
    return response;
  }
  async function describe(): Promise<{ state: MockState; inPage: boolean }> {
    const response = await request('GET', 'state');
    return { state: (await response.json()) as MockState, inPage: response.headers.get(IN_PAGE_HEADER) === IN_PAGE_VALUE };
  }
  return {
    state: async () => (await describe()).state,
    describe,
    setScenario: async (name) => void (await request('PUT', 'scenario', { name })),
    setLatency: async (ms) => void (await request('PUT', 'latency', { ms })),
    reset: async () => void (await request('POST', 'reset')),
    requests: async () => ((await (await request('GET', 'requests')).json()) as { requests: RequestLogEntry[] }).requests,
    clearRequests: async () => void (await request('DELETE', 'requests')),
  };
}

/**
 * The admin API's state when a mock that runs in this page answers at `baseUrl`; null for any
 * other backend (a real one, the mock behind `npx session-first mock-server`, or none).
 */
export async function probeMock(admin: MockAdmin): Promise<MockState | null> {
  try {
    const { state, inPage } = await admin.describe();
    return inPage && Array.isArray(state.scenarios) ? state : null;
  } catch {
    return null;
  }
}
