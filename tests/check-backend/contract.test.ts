import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPENAPI_MODULE, OPENAPI_SOURCE, renderOpenApiModule } from '../../scripts/gen-openapi-document.mjs';
import { answerProblems } from '../../src/cli/checkBackend/contract.ts';
import { isJsonObject, unknownKeywords, validateSchema } from '../../src/cli/checkBackend/jsonSchema.ts';
import { openApiDocument } from '../../src/cli/checkBackend/openapiDocument.gen.ts';
import { propertyOptions } from '../property/propertyOptions.ts';
import { createContractValidator, loadOpenApiDocument } from '../support/contract.ts';

// Ajv over the document as written (the mock's own contract check closes every object instead).
const ajvAsWritten = createContractValidator(loadOpenApiDocument());
const validateWithAjv = (name: string, value: unknown) => ajvAsWritten.validateComponent(name, value);

const session = {
  session_id: 'ses_1',
  tenant_id: null,
  user_id: null,
  created_at: '2030-01-01T10:00:00.000Z',
  expires_at: '2030-01-01T10:30:00.000Z',
  upgraded_at: null,
  metadata: { source: 'test' },
};
const token = 'A'.repeat(43);

/** A valid value of every component schema, to mutate. */
const VALID_EXAMPLES: Record<string, unknown> = {
  Metadata: { any: ['thing'] },
  Session: session,
  SessionEnvelope: { session },
  SessionWithToken: { session: { ...session, user_id: 'usr_ada', tenant_id: 'acme', upgraded_at: '2030-01-01T10:05:00+01:00' }, session_token: token },
  CreateAnonymousSessionRequest: { metadata: {} },
  UpgradeSessionRequest: { user_id: 'usr_ada', tenant_id: 'acme', access_token: 'at', metadata: {} },
  LoginRequest: { email: 'ada@acme.test', password: 'demo-pass-1' },
  LoginResponse: { access_token: 'at', token_type: 'bearer', expires_in: 3600, user_id: 'usr_ada', tenant_id: 'acme' },
  HTTPError: { detail: 'Session not found' },
  ValidationErrorItem: { loc: ['body', 'metadata', 0], msg: 'value is not a valid dict', type: 'type_error.dict' },
  HTTPValidationError: { detail: [{ loc: ['body', 'password'], msg: 'Field required', type: 'missing' }] },
  MockSession: { session_id: 'ses_1', user_id: null, tenant_id: null, created_at: session.created_at, expires_at: session.expires_at, upgraded_at: null },
  MockSessionList: { sessions: [] },
  MockSeedRequest: { email: 'ada@acme.test' },
  MockSeededSession: { session_id: 'ses_1', session_token: token },
  MockScenarioName: 'flaky',
  MockScenarioInfo: { name: 'offline', description: 'Every request fails with a network error.' },
  MockScenarioChange: { name: 'default' },
  MockLatencyChange: { ms: 250 },
  MockClockAdvance: { advance_ms: 60_000 },
  MockState: { scenario: 'default', latency_ms: 0, clock_offset_ms: 0, scenarios: [{ name: 'default', description: 'Normal.' }] },
  MockRequestLogEntry: { id: 1, request_id: 'r1', method: 'GET', path: '/api/session/ses_1', status: 200, latency_ms: 0, scenario: 'default', at: session.created_at },
  MockRequestList: { requests: [] },
};

const componentSchemas = (openApiDocument.components as { schemas: Record<string, unknown> }).schemas;

type Path = (string | number)[];

function pathsOf(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return [at, ...value.flatMap((item, i) => pathsOf(item, [...at, i]))];
  if (isJsonObject(value)) return [at, ...Object.entries(value).flatMap(([key, inner]) => pathsOf(inner, [...at, key]))];
  return [at];
}

/** A copy of `value` with what is at `path` replaced (or removed, for `undefined`). */
function changedAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (replacement === undefined && rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = changedAt(copy[Number(head)], rest, replacement);
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  if (replacement === undefined && rest.length === 0) delete copy[String(head)];
  else copy[String(head)] = changedAt(copy[String(head)], rest, replacement);
  return copy;
}

function conformsHere(name: string, value: unknown): boolean {
  return validateSchema({ $ref: `#/components/schemas/${name}` }, value, { document: openApiDocument, allowExtraProperties: false }).length === 0;
}

describe('src/cli/checkBackend/openapiDocument.gen.ts', () => {
  it('is src/api/openapi.yaml as it is now (regenerate with npm run gen:types if not)', () => {
    const expected = renderOpenApiModule(readFileSync(OPENAPI_SOURCE, 'utf8'));

    const committed = readFileSync(OPENAPI_MODULE, 'utf8');

    expect(committed).toBe(expected);
  });

  it('uses no schema keyword that the small validator does not know', () => {
    const components = openApiDocument.components as Record<string, Record<string, unknown>>;
    const parameterSchemas = Object.values(components.parameters ?? {}).map((parameter) => (parameter as { schema?: unknown }).schema);

    const unknown = unknownKeywords([...Object.values(components.schemas ?? {}), ...parameterSchemas]);

    expect(unknown).toEqual([]);
  });

  it('the keyword check can fail: it names a keyword the validator would skip', () => {
    expect(unknownKeywords([{ type: 'object', properties: { a: { not: { type: 'null' } } }, patternProperties: {} }])).toEqual(['not', 'patternProperties']);
  });
});

describe('the dependency-free validator agrees with Ajv (JSON Schema 2020-12) on the contract', () => {
  it('has a valid example of every component schema, valid for both', () => {
    expect(Object.keys(VALID_EXAMPLES).sort()).toEqual(Object.keys(componentSchemas).sort());
    for (const [name, example] of Object.entries(VALID_EXAMPLES)) {
      expect(validateWithAjv(name, example), name).toEqual([]);
      expect(conformsHere(name, example), name).toBe(true);
    }
  });

  it('gives the same verdict as Ajv on mutated examples (a value replaced, a field removed, a field added)', () => {
    const mutation = fc.constantFrom(...Object.keys(VALID_EXAMPLES)).chain((name) => {
      const example = VALID_EXAMPLES[name];
      const paths = pathsOf(example);
      return fc.record({
        name: fc.constant(name),
        value: fc.oneof(
          fc.tuple(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 })).map(([path, replacement]) => changedAt(example, path, replacement)),
          // A scalar example (an enum) has no field to remove.
          ...(paths.length > 1 ? [fc.constantFrom(...paths.filter((path) => path.length > 0)).map((path) => changedAt(example, path, undefined))] : []),
          fc.constantFrom(...paths).map((path) => changedAt(example, [...path, 'extra_field'], 1)),
        ),
      });
    });

    fc.assert(
      fc.property(mutation, ({ name, value }) => {
        expect(conformsHere(name, value)).toBe(validateWithAjv(name, value).length === 0);
      }),
      propertyOptions(500),
    );
  });

  it('agrees on date-times, integers, constants and lengths at their edges', () => {
    const cases: [string, unknown][] = [
      ['Session', { ...session, created_at: '2030-01-01T10:00:00Z' }],
      ['Session', { ...session, created_at: '2030-01-01 10:00:00.5+02:00' }],
      ['Session', { ...session, created_at: '2030-01-01T10:00:00' }],
      ['Session', { ...session, created_at: '2030-01-01' }],
      ['Session', { ...session, session_id: '' }],
      ['LoginResponse', { ...(VALID_EXAMPLES.LoginResponse as object), expires_in: 0 }],
      ['LoginResponse', { ...(VALID_EXAMPLES.LoginResponse as object), expires_in: 1.5 }],
      ['LoginResponse', { ...(VALID_EXAMPLES.LoginResponse as object), token_type: 'Bearer' }],
      ['SessionWithToken', { session, session_token: 'é'.repeat(22) }],
      ['SessionWithToken', { session, session_token: 'A'.repeat(21) }],
      ['HTTPValidationError', { detail: [] }],
      ['ValidationErrorItem', { loc: ['body', 1.5], msg: 'm', type: 't' }],
    ];

    for (const [name, value] of cases) {
      expect(conformsHere(name, value), `${name} ${JSON.stringify(value)}`).toBe(validateWithAjv(name, value).length === 0);
    }
  });
});

describe('answerProblems (what check-backend reports about an answer)', () => {
  const created = { status: 201, contentType: 'application/json', text: JSON.stringify({ session, session_token: token }) };

  it('accepts a conforming answer, and extra fields anywhere (SPEC §2: a backend may add fields)', () => {
    const withExtras = JSON.stringify({ session: { ...session, region: 'eu' }, session_token: token, served_by: 'edge-1' });

    expect(answerProblems('POST /api/session/create-anonymous', created)).toEqual([]);
    expect(answerProblems('POST /api/session/create-anonymous', { ...created, text: withExtras })).toEqual([]);
    expect(answerProblems('POST /api/session/{session_id}/logout', { status: 204, contentType: null, text: '' })).toEqual([]);
  });

  it('names what is wrong: a missing field, a wrong type, a bad date-time, a short token', () => {
    const broken = JSON.stringify({ session: { ...session, tenant_id: 7, created_at: 'yesterday' }, session_token: 'short' });

    const missing = answerProblems('POST /api/session/create-anonymous', { ...created, text: JSON.stringify({ session }) });
    const problems = answerProblems('POST /api/session/create-anonymous', { ...created, text: broken });

    expect(missing).toEqual(['body must have the property session_token']);
    expect(problems).toEqual([
      'body.session.tenant_id must be string or null, got integer 7',
      'body.session.created_at must be an RFC 3339 date-time, got "yesterday"',
      'body.session_token must have at least 22 characters, has 5',
    ]);
  });

  it('rejects an undocumented status, a wrong content type, a body that is not JSON and a body on 204', () => {
    const operation = 'POST /api/session/create-anonymous';

    expect(answerProblems(operation, { ...created, status: 200 })).toEqual([
      'status 200 is not documented for POST /api/session/create-anonymous (documented: 201, 422, 503)',
    ]);
    expect(answerProblems(operation, { ...created, contentType: 'text/html; charset=utf-8' })).toEqual([
      'content-type text/html is not the documented application/json',
    ]);
    expect(answerProblems(operation, { ...created, text: '{"session":' })).toEqual(['the body is not JSON']);
    expect(answerProblems('POST /api/session/{session_id}/logout', { status: 204, contentType: null, text: '{}' })).toEqual([
      'status 204 has no body in the contract, got 2 bytes',
    ]);
  });

  it("rejects a 422 that is not FastAPI's list and an error that is not {detail: string}", () => {
    const flat422 = answerProblems('PATCH /api/session/{session_id}/upgrade', { status: 422, contentType: 'application/json', text: '{"detail":"bad"}' });
    const list401 = answerProblems('GET /api/session/{session_id}', { status: 401, contentType: 'application/json', text: '{"detail":[]}' });

    expect(flat422).toEqual(['body.detail must be array, got string "bad"']);
    expect(list401).toEqual(['body.detail must be string, got array []']);
  });
});
