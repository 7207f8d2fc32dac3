import { describe, expect, it } from 'vitest';
import type { HTTPValidationError } from '../../src/api/types.ts';
import { store } from '../../mocks/index.ts';
import { call, createSession, postCreate, type ApiAnswer } from '../support/api.ts';

/** Each endpoint with a body, with a way to send it any raw body. */
const endpoints: { name: string; send: (rawBody: string | undefined) => Promise<ApiAnswer> }[] = [
  { name: 'create-anonymous', send: (rawBody) => postCreate(rawBody === undefined ? {} : { rawBody }) },
  {
    name: 'upgrade',
    send: async (rawBody) => {
      const created = await createSession();
      return call('PATCH', `/api/session/${created.session.session_id}/upgrade`, {
        ...(rawBody === undefined ? {} : { rawBody }),
        headers: { 'X-Session-Token': created.session_token },
      });
    },
  },
  { name: 'login', send: (rawBody) => call('POST', '/api/auth/login', rawBody === undefined ? {} : { rawBody }) },
];

describe("422 in FastAPI's shape", () => {
  describe.each(endpoints)('$name', ({ name, send }) => {
    it('answers json_invalid with the error position for invalid JSON', async () => {
      const answer = await send('{"metadata": }');

      expect(answer.status).toBe(422);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.json).toEqual({ detail: [{ type: 'json_invalid', loc: ['body', 13], msg: 'JSON decode error' }] });
    });

    it('answers model_attributes_type for a body that is not an object', async () => {
      const answer = await send('["not", "an", "object"]');

      expect(answer.json).toEqual({
        detail: [
          {
            type: 'model_attributes_type',
            loc: ['body'],
            msg: 'Input should be a valid dictionary or object to extract fields from',
          },
        ],
      });
    });

    it('answers dict_type when metadata is not an object', async () => {
      const body = { email: 'ada@acme.test', password: 'x', user_id: 'u', tenant_id: 't', access_token: 'a', metadata: 'x' };

      const answer = await send(JSON.stringify(body));

      if (name === 'login') {
        // login has no metadata field; unknown fields are ignored like pydantic does.
        expect(answer.status).toBe(401);
      } else {
        expect(answer.status).toBe(422);
        expect(answer.json).toEqual({
          detail: [{ type: 'dict_type', loc: ['body', 'metadata'], msg: 'Input should be a valid dictionary' }],
        });
      }
    });
  });

  describe('create-anonymous', () => {
    it('accepts no body at all', async () => {
      const answer = await postCreate();

      expect(answer.status).toBe(201);
    });

    it('rejects an array as metadata and a null metadata', async () => {
      const asArray = await postCreate({ metadata: [1, 2] });
      const asNull = await postCreate({ rawBody: '{"metadata": null}' });

      expect(asArray.status).toBe(422);
      expect(asNull.status).toBe(422);
      expect(store.sessionCount()).toBe(0);
    });

    it('rejects an empty or too long Idempotency-Key (the contract allows 1 to 255 characters)', async () => {
      const empty = await postCreate({ idempotencyKey: '' });
      const tooLong = await postCreate({ idempotencyKey: 'k'.repeat(256) });
      const longest = await postCreate({ idempotencyKey: 'k'.repeat(255) });

      expect(empty.json).toEqual({
        detail: [
          { type: 'string_too_short', loc: ['header', 'idempotency-key'], msg: 'String should have at least 1 character' },
        ],
      });

      expect(tooLong.status).toBe(422);
      expect(tooLong.json).toEqual({
        detail: [
          { type: 'string_too_long', loc: ['header', 'idempotency-key'], msg: 'String should have at most 255 characters' },
        ],
      });
      expect(longest.status).toBe(201);
    });

    it('reports a bad Idempotency-Key and a bad body together, header first', async () => {
      const answer = await postCreate({ idempotencyKey: '', rawBody: '{"metadata": 1}' });

      expect((answer.json as HTTPValidationError).detail.map((e) => e.type)).toEqual(['string_too_short', 'dict_type']);
    });
  });

  describe('upgrade', () => {
    const upgradeWithBody = endpoints[1]!.send;

    it('reports every missing field, in field order', async () => {
      const answer = await upgradeWithBody('{}');

      expect(answer.status).toBe(422);
      expect(answer.json).toEqual({
        detail: [
          { type: 'missing', loc: ['body', 'user_id'], msg: 'Field required' },
          { type: 'missing', loc: ['body', 'tenant_id'], msg: 'Field required' },
          { type: 'missing', loc: ['body', 'access_token'], msg: 'Field required' },
        ],
      });
    });

    it('reports wrong types and missing fields together', async () => {
      const answer = await upgradeWithBody(JSON.stringify({ user_id: 42, tenant_id: null, metadata: [] }));

      expect(answer.json).toEqual({
        detail: [
          { type: 'string_type', loc: ['body', 'user_id'], msg: 'Input should be a valid string' },
          { type: 'string_type', loc: ['body', 'tenant_id'], msg: 'Input should be a valid string' },
          { type: 'missing', loc: ['body', 'access_token'], msg: 'Field required' },
          { type: 'dict_type', loc: ['body', 'metadata'], msg: 'Input should be a valid dictionary' },
        ],
      });
    });

    it('answers missing body for no body at all', async () => {
      const answer = await upgradeWithBody(undefined);

      expect(answer.json).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required' }] });
    });
  });

  describe('login', () => {
    const loginWithBody = endpoints[2]!.send;

    it('reports a missing email', async () => {
      const answer = await loginWithBody(JSON.stringify({ password: 'demo-pass-1' }));

      expect(answer.status).toBe(422);
      expect(answer.json).toEqual({ detail: [{ loc: ['body', 'email'], msg: 'Field required', type: 'missing' }] });
    });

    it('reports wrong-typed fields', async () => {
      const answer = await loginWithBody(JSON.stringify({ email: ['ada@acme.test'], password: true }));

      expect((answer.json as HTTPValidationError).detail).toEqual([
        { type: 'string_type', loc: ['body', 'email'], msg: 'Input should be a valid string' },
        { type: 'string_type', loc: ['body', 'password'], msg: 'Input should be a valid string' },
      ]);
    });

    it.each([
      ['no body', undefined],
      ['a JSON null body', 'null'],
    ])('answers missing body for %s', async (_, rawBody) => {
      const answer = await loginWithBody(rawBody);

      expect(answer.json).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required' }] });
    });
  });

  describe('json_invalid positions (where Python json.loads stops)', () => {
    it.each([
      ['not json', 0],
      ['', undefined],
      ['   ', 3],
      ['{', 1],
      ["{'email': 1}", 1],
      ['{"email": "a",}', 14],
      ['{"email": "a"} x', 15],
      ['{"email": "unterminated', 10],
      ['{"email": "bad \\q escape"}', 15],
      ['[1, 2', 5],
      ['{"n": -}', 6],
    ])('%j → loc ["body", %s]', async (rawBody, position) => {
      const answer = await call('POST', '/api/auth/login', { rawBody });

      if (position === undefined) {
        expect(answer.json).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required' }] });
      } else {
        expect(answer.json).toEqual({ detail: [{ type: 'json_invalid', loc: ['body', position], msg: 'JSON decode error' }] });
      }
    });
  });
});
