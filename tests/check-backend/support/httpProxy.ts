/**
 * A small HTTP proxy in front of any backend of the contract, whose behaviour a handler can
 * change request by request: the way the broken backends are made without touching a backend.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the proxy received it (header names in lower case). */
export interface ProxyRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** An answer, from the upstream or made by a handler. */
export interface ProxyResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Sends a request on to the upstream and resolves to its answer. */
export type Forward = (request: ProxyRequest) => Promise<ProxyResponse>;

/** Decides the answer to one request, usually by forwarding it (changed or not). */
export type ProxyHandler = (request: ProxyRequest, forward: Forward) => Promise<ProxyResponse>;

/** A running proxy. */
export interface RunningProxy {
  url: string;
  close(): Promise<void>;
}

// Set by the transport of each hop, never copied from one connection to the next.
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'te', 'trailer']);

function copyHeaders(entries: Iterable<[string, string]>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  return headers;
}

async function readRequest(message: IncomingMessage): Promise<ProxyRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  const headers = copyHeaders(
    Object.entries(message.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value] as [string, string]])),
  );
  return { method: message.method ?? 'GET', path: message.url ?? '/', headers, body: Buffer.concat(chunks) };
}

function forwarder(upstreamUrl: string): Forward {
  return async (request) => {
    const response = await fetch(upstreamUrl + request.path, {
      method: request.method,
      headers: request.headers,
      body: request.body.length > 0 ? new Uint8Array(request.body) : null,
      redirect: 'manual',
    });
    return { status: response.status, headers: copyHeaders(response.headers), body: Buffer.from(await response.arrayBuffer()) };
  };
}

/** Starts a proxy to `upstreamUrl` on a free port of 127.0.0.1; `handler` decides every answer. */
export async function startProxy(upstreamUrl: string, handler: ProxyHandler): Promise<RunningProxy> {
  const forward = forwarder(upstreamUrl);
  const server: Server = createServer((message, reply) => {
    readRequest(message)
      .then((request) => handler(request, forward))
      .then((response) => {
        reply.writeHead(response.status, response.headers);
        reply.end(response.body);
      })
      .catch((error: unknown) => {
        reply.writeHead(502, { 'content-type': 'text/plain' });
        reply.end(`proxy failure: ${error instanceof Error ? error.message : String(error)}`);
      });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The body as JSON, or undefined. */
export function jsonOf(message: { body: Buffer }): unknown {
  try {
    return JSON.parse(message.body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON answer. */
export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): ProxyResponse {
  return { status, headers: { ...headers, 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(value)) };
}
