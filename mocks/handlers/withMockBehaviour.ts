import { delay, HttpResponse, type JsonBodyType, type PathParams } from 'msw';
import { mockConfig } from '../config.ts';
import { requestLog } from '../requestLog.ts';
import { countScenarioRequest, getScenario } from '../scenarios.ts';
import { respond, type MockReply } from './respond.ts';

/** What an endpoint receives: the request and its path parameters as strings. */
export interface MockRequest {
  request: Request;
  params: Record<string, string>;
}

/** An endpoint of the mock backend: answers a {@link MockReply}, no transport concerns. */
export type MockEndpoint = (input: MockRequest) => MockReply | Promise<MockReply>;

const SERVICE_UNAVAILABLE = 'Service temporarily unavailable';

function stringParams(params: PathParams): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string') result[name] = value;
  }
  return result;
}

function toCamelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * The `malformed-response` body: every snake_case key renamed to camelCase, all the way down,
 * so `session_token`, `session_id`, `access_token`... are missing under their documented names.
 */
function malform(value: JsonBodyType): JsonBodyType {
  if (Array.isArray(value)) return value.map((item: JsonBodyType) => malform(item));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]: [string, JsonBodyType]) => [toCamelCase(key), malform(inner)]),
  );
}

function toResponse(reply: MockReply, malformed: boolean): Response {
  if (reply.status === 204) return new HttpResponse(null, { status: 204 });
  const success = reply.status < 300;
  return HttpResponse.json(malformed && success ? malform(reply.body) : reply.body, { status: reply.status });
}

/**
 * Wraps an endpoint with what every response goes through: the latency (config + `slow`),
 * the transport scenarios (`offline`, `flaky`, `server-down`, `malformed-response`) and the
 * request log.
 */
export function withMockBehaviour(endpoint: MockEndpoint) {
  return async ({
    request,
    params,
    requestId,
  }: {
    request: Request;
    params: PathParams;
    requestId: string;
  }): Promise<Response> => {
    const scenario = getScenario();
    const requestNumber = countScenarioRequest();
    const url = new URL(request.url);
    const latencyMs = mockConfig.latencyMs + (scenario === 'slow' ? mockConfig.slowLatencyMs : 0);
    const log = (status: number): void => {
      requestLog.record({ requestId, method: request.method, path: url.pathname + url.search, status, latencyMs, scenario });
    };

    if (latencyMs > 0) await delay(latencyMs);

    if (scenario === 'offline') {
      log(0);
      return HttpResponse.error();
    }
    let reply: MockReply;
    if (scenario === 'server-down' || (scenario === 'flaky' && requestNumber % 2 === 1)) {
      reply = respond.error(503, SERVICE_UNAVAILABLE);
    } else {
      try {
        reply = await endpoint({ request, params: stringParams(params) });
      } catch (error) {
        log(500);
        throw error; // MSW turns it into a 500 and reports it: a bug in the mock, not a scenario.
      }
    }
    log(reply.status);
    return toResponse(reply, scenario === 'malformed-response');
  };
}
