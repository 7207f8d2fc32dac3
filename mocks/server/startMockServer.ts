/**
 * The mock backend over real HTTP (Node only, no MSW): each request becomes a Fetch `Request`
 * for the backend's `handle`, and its `Response` goes back over the socket. CORS as FastAPI's
 * `CORSMiddleware` answers it: any origin by default, or exactly one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockCore, type MockCore } from '../core/createMockCore.ts';
import { INTERNAL_SERVER_ERROR, METHOD_NOT_ALLOWED, reply, toResponse } from '../core/replies.ts';

/** Options of {@link startMockServer}. */
export interface MockServerOptions {
  /** The port to listen on; 0 picks a free one. Default 4010. */
  port?: number;
  /** The interface to listen on. Default `127.0.0.1` (this machine only). */
  host?: string;
  /** The origin browsers may call from: `*` (default) for any, or one origin such as `http://localhost:5173`. */
  cors?: string;
  /** The backend to serve; default a new one in memory. */
  backend?: Pick<MockCore, 'handle'>;
}

/** A running mock server. */
export interface MockServer {
  /** Its address, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** What a preflight may ask for: the contract's methods and headers. */
export const CORS_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'];
export const CORS_HEADERS = ['X-Session-Token', 'Idempotency-Key', 'Content-Type'];
// Starlette allows the CORS-safelisted request headers on top of the configured ones.
const SAFELISTED_HEADERS = ['accept', 'accept-language', 'content-language', 'content-type'];
const ALLOWED_HEADERS = new Set([...CORS_HEADERS.map((h) => h.toLowerCase()), ...SAFELISTED_HEADERS]);

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'expect']);

/** The value for `Access-Control-Allow-Origin`, or null when the origin is not allowed. */
function allowedOrigin(cors: string, origin: string | undefined): string | null {
  if (origin === undefined) return null;
  if (cors === '*') return '*';
  return origin === cors ? origin : null;
}

function corsHeaders(allow: string | null): Record<string, string> {
  if (allow === null) return {};
  return allow === '*' ? { 'access-control-allow-origin': '*' } : { 'access-control-allow-origin': allow, vary: 'Origin' };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function send(res: ServerResponse, response: Response, extraHeaders: Record<string, string>): Promise<void> {
  const headers: Record<string, string> = { ...extraHeaders };
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(body);
}

/** Answers a CORS preflight as Starlette's CORSMiddleware does (200 "OK", or 400 with the reason). */
function answerPreflight(req: IncomingMessage, res: ServerResponse, allow: string | null): void {
  const method = String(req.headers['access-control-request-method']).toUpperCase();
  const requested = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  const problems = [
    ...(allow === null ? ['origin'] : []),
    ...(CORS_METHODS.includes(method) ? [] : ['method']),
    ...(requested.every((h) => ALLOWED_HEADERS.has(h)) ? [] : ['headers']),
  ];
  const headers = {
    ...corsHeaders(allow),
    'access-control-allow-methods': CORS_METHODS.join(', '),
    'access-control-allow-headers': CORS_HEADERS.join(', '),
    'access-control-max-age': '600',
    'content-type': 'text/plain; charset=utf-8',
  };
  if (problems.length > 0) {
    res.writeHead(400, headers);
    res.end(`Disallowed CORS ${problems.join(', ')}`);
    return;
  }
  res.writeHead(200, headers);
  res.end('OK');
}

/** Starts the mock backend as an HTTP server; resolves once it listens. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  // Loaded here, not at the top: this module is part of `session-first/mocks`, which browsers load too.
  const { createServer } = await import('node:http');
  const backend = options.backend ?? createMockCore();
  const cors = options.cors ?? '*';
  const host = options.host ?? '127.0.0.1';
  let base = '';
  let requestCount = 0;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = req.headers.origin;
    const allow = allowedOrigin(cors, origin);
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS' && origin !== undefined && req.headers['access-control-request-method'] !== undefined) {
      answerPreflight(req, res, allow);
      return;
    }
    const target = req.url ?? '';
    if (!target.startsWith('/')) {
      await send(res, toResponse(reply.notFound(), method), corsHeaders(allow));
      return;
    }
    const headers = new Headers();
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i] ?? '';
      if (!HOP_BY_HOP.has(name.toLowerCase())) headers.append(name, req.rawHeaders[i + 1] ?? '');
    }
    const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
    let request: Request;
    try {
      request = new Request(base + target, { method, headers, body: body && body.length > 0 ? new Uint8Array(body) : undefined });
    } catch {
      // A method the Fetch API refuses to carry (TRACE, CONNECT): no route takes it.
      await send(res, toResponse({ status: 405, body: { detail: METHOD_NOT_ALLOWED } }, method), corsHeaders(allow));
      return;
    }
    requestCount += 1;
    const response = await backend.handle(request, { requestId: `http-${requestCount}` });
    if (response.type === 'error') {
      // The offline scenario: the connection drops without an answer, as a network failure would.
      req.socket.destroy();
      return;
    }
    await send(res, response, corsHeaders(allow));
  }

  const server = createServer((req, res) => {
    serve(req, res).catch(() => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      send(res, toResponse(reply.error(500, INTERNAL_SERVER_ERROR), 'GET'), {}).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  base = `http://${shownHost}:${address.port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
