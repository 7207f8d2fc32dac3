/**
 * Every answer a mock backend gives in a test file, queued for one check against the OpenAPI
 * contract when the file ends (tests/setup/node.ts): those that reach it through MSW and those a
 * test takes from `backend.handle` directly (tests/support/api.ts `sendTo`).
 */
import type { MockCore, ScenarioName } from '../../mocks/index.ts';
import { validateResponse } from './contract.ts';

interface ProducedResponse {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  body: string;
  /** null for the admin API, which no scenario touches. */
  scenario: ScenarioName | null;
}

const produced: Promise<ProducedResponse | string>[] = [];

/** The scenario `backend` answered this request under: null for the admin API, undefined if it did not answer it. */
export function scenarioOf(backend: Pick<MockCore, 'requestLog'>, requestId: string, pathname: string): ScenarioName | null | undefined {
  if (pathname.startsWith('/__mock/')) return null;
  return backend.requestLog.entries().findLast((e) => e.request_id === requestId)?.scenario;
}

/** Queues one mock answer for the contract check (reads a clone: the caller keeps its response). */
export function watchResponse(request: Request, response: Response, scenario: ScenarioName | null): void {
  const { method } = request;
  // A followed redirect's answer is the answer of where it led.
  const { pathname } = new URL(response.redirected ? response.url : request.url);
  const copy = response.clone();
  produced.push(
    copy.text().then(
      (body) => ({ method, path: pathname, status: copy.status, headers: copy.headers, body, scenario }),
      (error: unknown) => `${method} ${pathname}: could not read the response body: ${String(error)}`,
    ),
  );
}

/** Problems of one response; `malformed-response` successes with a body must NOT conform. */
function contractViolations(response: ProducedResponse): string[] {
  const problems = validateResponse(response);
  const hasBody = response.status >= 200 && response.status < 300 && response.status !== 204;
  if (response.scenario === 'malformed-response' && hasBody) {
    return problems.length > 0
      ? []
      : [`${response.method} ${response.path} → ${response.status}: the malformed-response scenario answered a conforming body`];
  }
  return problems.map((p) => `${p} [scenario ${response.scenario ?? 'none: admin API'}]`);
}

/** How many answers were checked so far in this file, and the contract violations among them. */
export async function takeContractViolations(): Promise<{ checked: number; violations: string[] }> {
  const responses = await Promise.all(produced.splice(0));
  return { checked: responses.length, violations: responses.flatMap((r) => (typeof r === 'string' ? [r] : contractViolations(r))) };
}
