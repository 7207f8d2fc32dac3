/**
 * The client's error codes for answers that go wrong after the status line: the status came back,
 * the body did not (a reset connection, a server that stops sending). Those are transport failures,
 * which the machine retries (R3), not malformed bodies, which it does not.
 */
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../mocks/node.ts';
import { ExperiencePlaneClient } from '../../src/client/ExperiencePlaneClient.ts';
import type { ApiError } from '../../src/core/errors.ts';

const BASE = 'http://client.test';
const CREATE = `${BASE}/api/session/create-anonymous`;
const json = { 'content-type': 'application/json' };
const encoder = new TextEncoder();

/** A 201 whose body starts, then ends the way `end` says. */
const halfBody = (end: (c: ReadableStreamDefaultController<Uint8Array>, request: Request) => void) =>
  server.use(
    http.post(CREATE, ({ request }) => {
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(encoder.encode('{"session": {"session_id": "ses_'));
          end(c, request);
        },
      });
      return new HttpResponse(body, { status: 201, headers: json });
    }),
  );

const failure = (p: Promise<unknown>) => p.then(
  () => expect.unreachable('the call succeeded'),
  (e: ApiError) => e,
);

describe('ExperiencePlaneClient, when the body does not arrive whole', () => {
  it('a connection reset in the middle of the body is a network error', async () => {
    halfBody((c) => c.error(new Error('ECONNRESET')));
    const client = new ExperiencePlaneClient({ baseUrl: BASE });

    const error = await failure(client.createAnonymousSession());

    expect(error.code).toBe('network');
  });

  it('a body that stops arriving is a timeout', async () => {
    // As a network stack does: the aborted request ends the body being read.
    halfBody((c, request) => request.signal.addEventListener('abort', () => c.error(request.signal.reason)));
    const client = new ExperiencePlaneClient({ baseUrl: BASE, timeout: 100 });

    const error = await failure(client.createAnonymousSession());

    expect(error.code).toBe('timeout');
    expect(error.message).not.toMatch(/\d+ ?ms|POST|api/);
  });

  it('a body that ends early is a malformed response, with the status it came with', async () => {
    halfBody((c) => c.close());
    const client = new ExperiencePlaneClient({ baseUrl: BASE });

    const error = await failure(client.createAnonymousSession());

    expect({ code: error.code, status: error.status }).toEqual({ code: 'malformed_response', status: 201 });
  });
});

describe('ExperiencePlaneClient’s baseUrl', () => {
  it('names the same API with or without a trailing slash', async () => {
    const client = new ExperiencePlaneClient({ baseUrl: `${BASE}//` });

    const { session, session_token } = await client.createAnonymousSession();

    expect(client.options.baseUrl).toBe(BASE);
    expect((await client.getSession(session.session_id, session_token)).session_id).toBe(session.session_id);
  });
});
