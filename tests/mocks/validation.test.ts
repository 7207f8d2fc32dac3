import { describe, expect, it } from 'vitest';
import type { HTTPValidationError } from '../../src/api/types.ts';
import { mockBackend } from '../../mocks/index.ts';
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
      expect(answer.json).toEqual({
        detail: [{ type: 'json_invalid', loc: ['body', 13], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }],
      });
    });

    it('answers model_attributes_type for a body that is not an object', async () => {
      const answer = await send('["not", "an", "object"]');

      expect(answer.json).toEqual({
        detail: [
          {
            type: 'model_attributes_type',
            loc: ['body'],
            msg: 'Input should be a valid dictionary or object to extract fields from',
            input: ['not', 'an', 'object'],
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
          detail: [{ type: 'dict_type', loc: ['body', 'metadata'], msg: 'Input should be a valid dictionary', input: 'x' }],
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
      expect(await mockBackend.listSessions()).toEqual([]);
    });

    it('rejects an empty or too long Idempotency-Key (the contract allows 1 to 255 characters)', async () => {
      const empty = await postCreate({ idempotencyKey: '' });
      const tooLong = await postCreate({ idempotencyKey: 'k'.repeat(256) });
      const longest = await postCreate({ idempotencyKey: 'k'.repeat(255) });

      expect(empty.json).toEqual({
        detail: [
          { type: 'string_too_short', loc: ['header', 'idempotency-key'], msg: 'String should have at least 1 character', input: '', ctx: { min_length: 1 } },
        ],
      });

      expect(tooLong.status).toBe(422);
      expect(tooLong.json).toEqual({
        detail: [
          {
            type: 'string_too_long',
            loc: ['header', 'idempotency-key'],
            msg: 'String should have at most 255 characters',
            input: 'k'.repeat(256),
            ctx: { max_length: 255 },
          },
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
          { type: 'missing', loc: ['body', 'user_id'], msg: 'Field required', input: {} },
          { type: 'missing', loc: ['body', 'tenant_id'], msg: 'Field required', input: {} },
          { type: 'missing', loc: ['body', 'access_token'], msg: 'Field required', input: {} },
        ],
      });
    });

    it('reports wrong types and missing fields together', async () => {
      const answer = await upgradeWithBody(JSON.stringify({ user_id: 42, tenant_id: null, metadata: [] }));

      expect(answer.json).toEqual({
        detail: [
          { type: 'string_type', loc: ['body', 'user_id'], msg: 'Input should be a valid string', input: 42 },
          { type: 'string_type', loc: ['body', 'tenant_id'], msg: 'Input should be a valid string', input: null },
          { type: 'missing', loc: ['body', 'access_token'], msg: 'Field required', input: { user_id: 42, tenant_id: null, metadata: [] } },
          { type: 'dict_type', loc: ['body', 'metadata'], msg: 'Input should be a valid dictionary', input: [] },
        ],
      });
    });

    it('answers missing body for no body at all', async () => {
      const answer = await upgradeWithBody(undefined);

      expect(answer.json).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] });
    });
  });

  describe('login', () => {
    const loginWithBody = endpoints[2]!.send;

    it('reports a missing email', async () => {
      const answer = await loginWithBody(JSON.stringify({ password: 'demo-pass-1' }));

      expect(answer.status).toBe(422);
      expect(answer.json).toEqual({ detail: [{ loc: ['body', 'email'], msg: 'Field required', type: 'missing', input: { password: 'demo-pass-1' } }] });
    });

    it('reports wrong-typed fields', async () => {
      const answer = await loginWithBody(JSON.stringify({ email: ['ada@acme.test'], password: true }));

      expect((answer.json as HTTPValidationError).detail).toEqual([
        { type: 'string_type', loc: ['body', 'email'], msg: 'Input should be a valid string', input: ['ada@acme.test'] },
        { type: 'string_type', loc: ['body', 'password'], msg: 'Input should be a valid string', input: true },
      ]);
    });

    it.each([
      ['no body', undefined],
      ['a JSON null body', 'null'],
    ])('answers missing body for %s', async (_, rawBody) => {
      const answer = await loginWithBody(rawBody);

      expect(answer.json).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] });
    });
  });

  describe("json_invalid positions and messages (where and why Python's json.loads stops)", () => {
    it.each([
      ['not json', 0, 'Expecting value'],
      ['', undefined, ''],
      ['   ', 3, 'Expecting value'],
      ['{', 1, 'Expecting property name enclosed in double quotes'],
      ["{'email': 1}", 1, 'Expecting property name enclosed in double quotes'],
      ['{"email": "a",}', 14, 'Expecting property name enclosed in double quotes'],
      ['{"email" "a"}', 9, "Expecting ':' delimiter"],
      ['{"email": "a"} x', 15, 'Extra data'],
      ['{"email": "unterminated', 10, 'Unterminated string starting at'],
      ['{"email": "bad \\q escape"}', 15, 'Invalid \\escape'],
      ['{"email": "\\u12"}', 12, 'Invalid \\uXXXX escape'],
      ['{"email": "tab\there"}', 14, 'Invalid control character at'],
      ['[1, 2', 5, "Expecting ',' delimiter"],
      ['[1, 2,]', 6, 'Expecting value'],
      ['{"n": -}', 6, 'Expecting value'],
      ['{"n": NaN}', 6, 'Expecting value'],
      ['{"é😀": x}', 7, 'Expecting value'],
    ])('%j → loc ["body", %s]: %s', async (rawBody, position, message) => {
      const answer = await call('POST', '/api/auth/login', { rawBody });

      if (position === undefined) {
        expect(answer.json).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] });
      } else {
        expect(answer.json).toEqual({ detail: [{ type: 'json_invalid', loc: ['body', position], msg: 'JSON decode error', input: {}, ctx: { error: message } }] });
      }
    });
  });
});
