/** Servers that fail in the ways a client meets in the field: down, dropping, hanging, talking nonsense. */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A running test server. */
export interface FaultyServer {
  url: string;
  /** Requests that reached the server (connections, for one that drops them). */
  readonly hits: number;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closer(server: Server, sockets: Set<Socket>): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

/**
 * A server whose first `answered` requests get `listener`'s answer, and whose later
 * connections are dropped at once (Infinity: it never drops; 0: it drops everything).
 */
export async function startFaultyServer(listener: RequestListener, answered = Infinity): Promise<FaultyServer> {
  const sockets = new Set<Socket>();
  let hits = 0;
  const server = createServer((request, response) => {
    hits++;
    if (hits > answered) {
      request.socket.destroy();
      return;
    }
    listener(request, response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (answered === 0) {
      hits++;
      socket.destroy();
    }
  });
  const url = await listen(server);
  return {
    url,
    get hits() {
      return hits;
    },
    close: closer(server, sockets),
  };
}

/** The URL of a port that was just closed: nothing listens there. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return url;
}

/** A listener that answers every request with `status`, `contentType` and `body`. */
export function answerAlways(status: number, contentType: string, body: string): RequestListener {
  return (request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(status, { 'content-type': contentType });
      response.end(body);
    });
  };
}

/** A listener that reads the request and never answers. */
export const neverAnswer: RequestListener = (request) => {
  request.resume();
};
