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
import { countingFetch } from '../support/harness.tsx';

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

describe('ExperiencePlaneClient.sendEarly, the request sent before anything asks for it', () => {
  /** A client on the mock backend that logs the endpoint of each request it sends. */
  const countingClient = () => {
    const counting = countingFetch();
    return { client: new ExperiencePlaneClient({ baseUrl: 'http://localhost', fetch: counting.fetch }), sent: counting.stats.log };
  };

  it('the next call for the same request takes its answer: one request', async () => {
    const { client, sent } = countingClient();

    client.sendEarly({ idempotencyKey: 'key-1' });
    const created = await client.createAnonymousSession({ idempotencyKey: 'key-1' });

    expect(sent).toEqual(['create']);
    expect(created.session_token).toBeTruthy();
  });

  it('serves only the next call: another request drops it, and the same request later is sent again', async () => {
    const { client: maker } = countingClient();
    const { session, session_token } = await maker.createAnonymousSession();
    const { client, sent } = countingClient();

    client.sendEarly({ stored: { session_id: session.session_id, session_token } });
    await client.createAnonymousSession({ idempotencyKey: 'another' });
    await client.getSession(session.session_id, session_token);

    expect(sent).toEqual(['get', 'create', 'get']);
  });

  it('a failed early request fails the call that takes it, with the same code', async () => {
    const { client } = countingClient();

    client.sendEarly({ stored: { session_id: 'ses_unknown', session_token: 'tok' } });
    const error = await failure(client.getSession('ses_unknown', 'tok'));

    expect(error.code).toBe('not_found');
  });
});
