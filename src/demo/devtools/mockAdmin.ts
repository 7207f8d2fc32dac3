/**
 * The mock backend's admin API (`/__mock/...`) over fetch, as the developer panel uses it: the
 * same calls work against the service worker, msw/node or `npx session-first mock-server`.
 */
import type { MockState, RequestLogEntry, ScenarioName } from '../../../mocks/index.ts';

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(path, {
    method,
    cache: 'no-store',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
  return response;
}

export const mockAdmin = {
  /** Scenario, latency and clock offset in effect, and the scenarios to choose from. */
  async state(): Promise<MockState> {
    return (await (await send('GET', '/__mock/state')).json()) as MockState;
  },
  async setScenario(name: ScenarioName): Promise<void> {
    await send('PUT', '/__mock/scenario', { name });
  },
  async setLatency(ms: number): Promise<void> {
    await send('PUT', '/__mock/latency', { ms });
  },
  /** Empties the store; scenario, latency and clock back to their defaults. */
  async reset(): Promise<void> {
    await send('POST', '/__mock/reset');
  },
  /** The requests this page's backend answered, oldest first. */
  async requests(): Promise<RequestLogEntry[]> {
    return ((await (await send('GET', '/__mock/requests')).json()) as { requests: RequestLogEntry[] }).requests;
  },
  async clearRequests(): Promise<void> {
    await send('DELETE', '/__mock/requests');
  },
};
