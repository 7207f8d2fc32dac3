/**
 * The checker's HTTP side: one request at a time over the global `fetch`, each bounded by a
 * timeout, none ever throwing. It counts what it sends, remembers every answer (for the
 * no-internals check), keeps the secrets it sees out of printed reports, and stops sending once
 * the server has failed several requests in a row, so a server that goes away mid-run costs
 * seconds, not a timeout per remaining request.
 */

/** What a check asks to send. */
export interface RequestSpec {
  method: string;
  /** Path below the base URL, starting with `/`. */
  path: string;
  headers?: Record<string, string>;
  /** A value sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Raw body text; sent with `contentType` if given, else with no Content-Type at all. */
  text?: string;
  contentType?: string;
}

/** The request as it went out (headers as sent, body text). */
export interface SentRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | null;
}

/** The answer as it came back. */
export interface ReceivedResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON; undefined when it is empty or not JSON. */
  json: unknown;
}

/** One request and what came of it: a response, or why there was none. */
export interface Exchange {
  request: SentRequest;
  response: ReceivedResponse | null;
  /** Network error, timeout, or "not sent" once the server stopped answering. */
  error: string | null;
}

/** Settings of {@link createHttpClient}. */
export interface HttpClientOptions {
  baseUrl: string;
  timeoutMs: number;
  /** Requests in a row that may fail at the network level before no more are sent. */
  maxConsecutiveFailures?: number;
}

/** What {@link createHttpClient} returns. */
export interface HttpClient {
  send(spec: RequestSpec): Promise<Exchange>;
  /** Requests actually sent (answered or not). */
  readonly sentCount: number;
  /** Every exchange so far, in order. */
  readonly exchanges: readonly Exchange[];
  /** Registers a secret so that {@link redact} hides it. */
  addSecret(secret: string): void;
  /** The text with every registered secret shortened to its first characters. */
  redact(text: string): string;
  /** Why the client stopped sending, or null while it still sends. */
  readonly stoppedBecause: string | null;
}

const DEFAULT_MAX_CONSECUTIVE_FAILURES = 3;
const SHORTENED_SECRET_LENGTH = 6;
const MIN_SECRET_LENGTH = 8;

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const cause: unknown = 'cause' in error ? error.cause : undefined;
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** A one-line reason for a failed fetch: timeout, refused, reset, DNS, TLS... */
export function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms (timeout)`;
  }
  const code = errorCode(error);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  const message = cause ?? (error instanceof Error ? error.message : String(error));
  return code && !message.includes(code) ? `network error ${code}: ${message}` : `network error: ${message}`;
}

function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

function headersRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function outgoing(spec: RequestSpec): SentRequest {
  const headers = { ...spec.headers };
  let body: string | null = null;
  if (spec.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(spec.json);
  } else if (spec.text !== undefined) {
    if (spec.contentType !== undefined) headers['Content-Type'] = spec.contentType;
    body = spec.text;
  }
  return { method: spec.method, path: spec.path, headers, body };
}

/** An HTTP client for one check run against `baseUrl`. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const maxFailures = options.maxConsecutiveFailures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES;
  const exchanges: Exchange[] = [];
  const secrets = new Set<string>();
  let sentCount = 0;
  let failuresInARow = 0;
  let stoppedBecause: string | null = null;

  async function send(spec: RequestSpec): Promise<Exchange> {
    const request = outgoing(spec);
    if (stoppedBecause !== null) {
      const skipped: Exchange = { request, response: null, error: `not sent: ${stoppedBecause}` };
      exchanges.push(skipped);
      return skipped;
    }
    sentCount++;
    let exchange: Exchange;
    try {
      // Bytes, not a string: fetch would add `Content-Type: text/plain` to a string body.
      const body = request.body === null ? null : new TextEncoder().encode(request.body);
      const response = await fetch(joinUrl(options.baseUrl, request.path), {
        method: request.method,
        headers: request.headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await response.text();
      exchange = {
        request,
        response: { status: response.status, headers: headersRecord(response.headers), text, json: parseJson(text) },
        error: null,
      };
      failuresInARow = 0;
    } catch (error) {
      exchange = { request, response: null, error: describeNetworkError(error, options.timeoutMs) };
      failuresInARow++;
      if (failuresInARow >= maxFailures) {
        stoppedBecause = `the server stopped answering (${failuresInARow} requests in a row failed, the last with: ${exchange.error})`;
      }
    }
    exchanges.push(exchange);
    return exchange;
  }

  function redact(text: string): string {
    let result = text;
    // Longest first, so a secret that contains another is shortened whole.
    for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
      result = result.split(secret).join(`${secret.slice(0, SHORTENED_SECRET_LENGTH)}…`);
    }
    return result;
  }

  return {
    send,
    get sentCount() {
      return sentCount;
    },
    exchanges,
    addSecret(secret: string) {
      if (secret.length >= MIN_SECRET_LENGTH) secrets.add(secret);
    },
    redact,
    get stoppedBecause() {
      return stoppedBecause;
    },
  };
}
