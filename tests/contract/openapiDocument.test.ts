import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// openapi-typescript's own dependency; its `struct` rule checks a document against OpenAPI 3.1.
import { createConfig, lintFromString } from '@redocly/openapi-core';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import {
  createContractValidator,
  loadOpenApiDocument,
  OPENAPI_FILE,
  resolvePointer,
  validateResponse,
  type ContractResponse,
} from '../support/contract.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCHEMA_GEN_PATH = new URL('../../src/api/schema.gen.ts', import.meta.url);
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Node = Record<string, unknown>;

function isRecord(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every `$ref` in the document with the JSON pointer where it appears. */
function collectRefs(node: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => collectRefs(item, `${at}/${i}`));
  if (!isRecord(node)) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [{ at, ref: value }] : collectRefs(value, `${at}/${key}`),
  );
}

function operationsOf(document: Node): { method: string; path: string; operation: Node }[] {
  const paths = isRecord(document.paths) ? document.paths : {};
  return Object.entries(paths).flatMap(([path, item]) =>
    isRecord(item)
      ? HTTP_METHODS.filter((m) => isRecord(item[m])).map((method) => ({ method, path, operation: item[method] as Node }))
      : [],
  );
}

async function lintErrors(source: string): Promise<string[]> {
  const config = await createConfig({ extends: ['minimal'] });
  const problems = await lintFromString({ source, absoluteRef: OPENAPI_FILE, config });
  return problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
}

describe('src/api/openapi.yaml', () => {
  const document = loadOpenApiDocument();
  const source = readFileSync(OPENAPI_FILE, 'utf8');

  it('parses as an OpenAPI 3.1 document with paths and components', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(isRecord(document.info)).toBe(true);
    expect(Object.keys(document.paths as Node).length).toBeGreaterThan(0);
    expect(isRecord(document.components)).toBe(true);
  });

  it('has no structural errors (Redocly struct and no-unresolved-refs rules)', async () => {
    await expect(lintErrors(source)).resolves.toEqual([]);
  });

  it('the structural check can fail: it rejects a misspelled keyword and a dangling $ref', async () => {
    const misspelled = source.replace(/^ {6}responses:$/m, '      responzes:');
    const dangling = source.replace("'#/components/schemas/Session'", "'#/components/schemas/Sesion'");

    const misspelledErrors = await lintErrors(misspelled);
    const danglingErrors = await lintErrors(dangling);

    expect(misspelled).not.toBe(source);
    expect(misspelledErrors.join('\n')).toMatch(/responzes/);
    expect(danglingErrors.join('\n')).toMatch(/no-unresolved-refs/);
  });

  it('resolves every $ref within the document', () => {
    const refs = collectRefs(document);

    const dangling = refs.filter(({ ref }) => resolvePointer(document, ref) === undefined);

    expect(refs.length).toBeGreaterThan(10);
    expect(dangling).toEqual([]);
  });

  it('gives every operation an operationId and documented responses with descriptions', () => {
    const operations = operationsOf(document);

    expect(operations.map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort()).toEqual([
      'DELETE /__mock/requests',
      'GET /__mock/requests',
      'GET /__mock/sessions',
      'GET /__mock/state',
      'GET /api/session/{session_id}',
      'PATCH /api/session/{session_id}/upgrade',
      'POST /__mock/clock',
      'POST /__mock/reset',
      'POST /__mock/sessions',
      'POST /api/auth/login',
      'POST /api/session/create-anonymous',
      'POST /api/session/{session_id}/logout',
      'PUT /__mock/latency',
      'PUT /__mock/scenario',
    ]);
    // The mock's own controls are set apart under their tag; the experience API never carries it.
    for (const { path, operation } of operations) {
      expect(operation.tags, path).toEqual(path.startsWith('/__mock/') ? ['mock-admin'] : [expect.stringMatching(/^(session|auth)$/)]);
    }
    for (const { method, path, operation } of operations) {
      const where = `${method} ${path}`;
      expect(typeof operation.operationId, where).toBe('string');
      const responses = operation.responses as Node;
      expect(Object.keys(responses).length, where).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(responses)) {
        expect(status, where).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
        const resolved = isRecord(response) && typeof response.$ref === 'string' ? resolvePointer(document, response.$ref) : response;
        expect(isRecord(resolved) && typeof resolved.description === 'string', `${where} ${status}`).toBe(true);
      }
    }
  });

  it('declares every path template parameter as a path parameter', () => {
    for (const { method, path, operation } of operationsOf(document)) {
      const templateNames = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const declared = ((operation.parameters as unknown[] | undefined) ?? [])
        .map((p) => (isRecord(p) && typeof p.$ref === 'string' ? resolvePointer(document, p.$ref) : p))
        .filter((p): p is Node => isRecord(p) && p.in === 'path')
        .map((p) => p.name);

      expect(declared.sort(), `${method} ${path}`).toEqual(templateNames.sort());
    }
  });

  it('compiles every component schema under JSON Schema 2020-12 in strict mode', () => {
    const validator = createContractValidator(document);
    const names = Object.keys((document.components as { schemas: Node }).schemas);

    for (const name of names) {
      expect(() => validator.validateComponent(name, {}), name).not.toThrow();
    }
    expect(names.length).toBeGreaterThan(5);
  });
});

describe('validateResponse (the contract check the test setup runs on every mock response)', () => {
  const json = { 'content-type': 'application/json' };
  const session = {
    session_id: 'ses_1',
    tenant_id: null,
    user_id: null,
    created_at: '2030-01-01T10:00:00.000Z',
    expires_at: '2030-01-01T10:30:00.000Z',
    upgraded_at: null,
    metadata: {},
  };
  const created: ContractResponse = {
    method: 'POST',
    path: '/api/session/create-anonymous',
    status: 201,
    headers: json,
    body: { session, session_token: 'A'.repeat(43) },
  };

  it('accepts conforming responses, full URLs and raw JSON text included', () => {
    expect(validateResponse(created)).toEqual([]);
    expect(validateResponse({ ...created, path: 'http://localhost/api/session/create-anonymous?x=1' })).toEqual([]);
    expect(validateResponse({ ...created, body: JSON.stringify(created.body) })).toEqual([]);
    expect(validateResponse({ method: 'post', path: '/api/session/ses_1/logout', status: 204 })).toEqual([]);
    expect(
      validateResponse({ method: 'GET', path: '/api/session/ses_1', status: 404, headers: new Headers(json), body: { detail: 'Session not found' } }),
    ).toEqual([]);
  });

  it('rejects a status the operation does not document', () => {
    const problems = validateResponse({ ...created, status: 200 });

    expect(problems).toEqual([expect.stringMatching(/status 200 is not documented for POST \/api\/session\/create-anonymous/)]);
  });

  it('rejects a missing required field', () => {
    const problems = validateResponse({ ...created, body: { session } });

    expect(problems).toEqual([expect.stringContaining("must have required property 'session_token'")]);
  });

  it('rejects an extra field in what the mock sends (the strict check)', () => {
    const problems = validateResponse({ ...created, body: { session: { ...session, secret: 1 } , session_token: 'A'.repeat(43) } });

    expect(problems).toEqual([expect.stringContaining("must NOT have additional properties 'secret'")]);
  });

  it('lets a real backend add fields: the document itself accepts them, only the strict check refuses', () => {
    const lenient = createContractValidator(loadOpenApiDocument());
    const withExtras: ContractResponse = { ...created, body: { session: { ...session, region: 'eu' }, session_token: 'A'.repeat(43), trace_id: 't1' } };

    const strictProblems = validateResponse(withExtras).join('\n');

    expect(lenient.validateResponse(withExtras)).toEqual([]);
    expect(strictProblems).toContain("additional properties 'trace_id'");
    expect(strictProblems).toContain("additional properties 'region'");
  });

  it("accepts FastAPI's router answers for what the document does not list, and nothing else there", () => {
    const notFound = { method: 'GET', path: '/api/nothing', status: 404, headers: json, body: { detail: 'Not Found' } };
    const notAllowed = { method: 'DELETE', path: '/api/session/ses_1', status: 405, headers: { ...json, allow: 'GET, HEAD' }, body: { detail: 'Method Not Allowed' } };

    expect(validateResponse(notFound)).toEqual([]);
    expect(validateResponse(notAllowed)).toEqual([]);
    expect(validateResponse({ ...notFound, body: { detail: 'Session not found' } })).not.toEqual([]);
    expect(validateResponse({ ...notAllowed, headers: json })).not.toEqual([]);
    expect(validateResponse({ ...notAllowed, status: 404, body: { detail: 'Not Found' } })).not.toEqual([]);
  });

  it("accepts the router's 307 from a trailing slash to the listed path, and no other redirect", () => {
    const redirect = { method: 'POST', path: '/api/session/create-anonymous/', status: 307, headers: { location: 'http://api.test/api/session/create-anonymous' } };

    expect(validateResponse(redirect)).toEqual([]);
    expect(validateResponse({ ...redirect, headers: { location: 'http://api.test/api/elsewhere' } })).not.toEqual([]);
    expect(validateResponse({ ...redirect, path: '/api/nothing/', headers: { location: 'http://api.test/api/nothing' } })).not.toEqual([]);
    expect(validateResponse({ ...redirect, headers: {} })).not.toEqual([]);
    expect(validateResponse({ ...redirect, body: '{}' })).not.toEqual([]);
  });

  it('checks HEAD as GET without a body', () => {
    const head = { method: 'HEAD', path: '/api/session/ses_1', status: 404, headers: json };

    expect(validateResponse(head)).toEqual([]);
    expect(validateResponse({ ...head, body: { detail: 'Session not found' } })).toEqual([expect.stringContaining('expected no body for HEAD')]);
  });

  it('rejects wrong types, formats and constants', () => {
    const badSession = { ...session, tenant_id: 7, created_at: 'yesterday' };
    const badLogin = { access_token: 'a', token_type: 'mac', expires_in: 1.5, user_id: 'u', tenant_id: 't' };

    const sessionProblems = validateResponse({ ...created, body: { session: badSession, session_token: 'short' } });
    const loginProblems = validateResponse({ method: 'POST', path: '/api/auth/login', status: 200, headers: json, body: badLogin });

    expect(sessionProblems.join('\n')).toMatch(/tenant_id must be string,null/);
    expect(sessionProblems.join('\n')).toMatch(/created_at must match format "date-time"/);
    expect(sessionProblems.join('\n')).toMatch(/session_token must NOT have fewer than 22 characters/);
    expect(loginProblems.join('\n')).toMatch(/token_type must be equal to constant/);
    expect(loginProblems.join('\n')).toMatch(/expires_in must be integer/);
  });

  it('rejects a wrong or missing content type, a non-JSON body and a missing body', () => {
    expect(validateResponse({ ...created, headers: { 'content-type': 'text/plain' } })).toEqual([
      expect.stringContaining('content-type text/plain is not documented'),
    ]);
    expect(validateResponse({ ...created, headers: {} })).toEqual([expect.stringContaining('missing content-type')]);
    expect(validateResponse({ ...created, body: '{"session":' })).toEqual([expect.stringContaining('not valid JSON')]);
    expect(validateResponse({ ...created, body: null })).toEqual([expect.stringContaining('expected a JSON body')]);
  });

  it('rejects a body on 204', () => {
    const problems = validateResponse({ method: 'POST', path: '/api/session/ses_1/logout', status: 204, headers: json, body: '{}' });

    expect(problems).toEqual([expect.stringContaining('expected no body')]);
  });

  it("rejects a 422 that is not FastAPI's shape, and an error that is not {detail: string}", () => {
    const flat422 = validateResponse({ ...created, status: 422, body: { detail: 'Field required' } });
    const emptyList = validateResponse({ ...created, status: 422, body: { detail: [] } });
    const listAs401 = validateResponse({ method: 'GET', path: '/api/session/x', status: 401, headers: json, body: { detail: [] } });

    expect(flat422).not.toEqual([]);
    expect(emptyList).not.toEqual([]);
    expect(listAs401).not.toEqual([]);
  });

  it('rejects an undocumented operation', () => {
    expect(validateResponse({ method: 'DELETE', path: '/api/session/ses_1', status: 204 })).toEqual([
      expect.stringContaining('no documented operation'),
    ]);
    expect(validateResponse({ method: 'GET', path: '/api/sessions', status: 200 })).toEqual([
      expect.stringContaining('no documented operation'),
    ]);
  });

  it('matches a concrete path before a templated one', () => {
    const validator = createContractValidator(loadOpenApiDocument());

    const operation = validator.findOperation('POST', '/api/session/create-anonymous');

    expect(operation?.template).toBe('/api/session/create-anonymous');
  });
});

describe('src/api/schema.gen.ts', () => {
  it('is what openapi-typescript generates from the current openapi.yaml (regenerate with the CLI if not)', async () => {
    const generated = COMMENT_HEADER + astToString(await openapiTS(pathToFileURL(OPENAPI_FILE), { silent: true }));

    const committed = readFileSync(SCHEMA_GEN_PATH, 'utf8');

    expect(committed).toBe(generated);
  });

  it("the CLI's output is the programmatic output plus the CLI's comment header, exactly", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schema-gen-'));
    try {
      const out = join(dir, 'schema.gen.ts');
      const cli = fileURLToPath(new URL('../../node_modules/openapi-typescript/bin/cli.js', import.meta.url));
      execFileSync(process.execPath, [cli, 'src/api/openapi.yaml', '-o', out], { cwd: ROOT, stdio: 'pipe' });

      const fromCli = readFileSync(out, 'utf8');
      const programmatic = astToString(await openapiTS(pathToFileURL(OPENAPI_FILE), { silent: true }));

      expect(fromCli.startsWith(COMMENT_HEADER)).toBe(true);
      expect(fromCli).toBe(COMMENT_HEADER + programmatic);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A child process of its own: a loaded machine takes a while.
  }, 30_000);
});
