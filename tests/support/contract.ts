/**
 * Checks HTTP responses against the OpenAPI document (src/api/openapi.yaml) with a real
 * JSON Schema 2020-12 validator (Ajv), as OpenAPI 3.1 schemas are JSON Schema 2020-12.
 *
 * The document lets responses carry fields a real backend adds later. The mock's own check is
 * stricter (`strict: true`): an object schema that lists its properties gets
 * `additionalProperties: false`, so the mock sends exactly what the document lists.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** A parsed OpenAPI document, loosely typed: the validator checks what it reads. */
export type OpenApiDocument = Record<string, unknown>;

/** A response as it went over the wire. */
export interface ContractResponse {
  method: string;
  /** A path (`/api/...`) or a full URL; origin and query are ignored. */
  path: string;
  status: number;
  headers?: Headers | Record<string, string> | undefined;
  /** The raw body text; null/undefined/'' for none; any other value is sent as its JSON. */
  body?: unknown;
}

/** Validates one response; returns every problem found (empty: it conforms). */
export type ResponseValidator = (response: ContractResponse) => string[];

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const SCHEMA_BASE = 'https://contract.invalid/openapi-components.json';
const COMPONENT_SCHEMAS = '#/components/schemas/';

/** File path of the repository's OpenAPI document. */
// A plain path, not a URL object: under jsdom the global URL is jsdom's, which node:fs rejects.
export const OPENAPI_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/api/openapi.yaml');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses the repository's OpenAPI document. */
export function loadOpenApiDocument(): OpenApiDocument {
  const parsed: unknown = parse(readFileSync(OPENAPI_FILE, 'utf8'));
  if (!isRecord(parsed)) throw new Error(`${OPENAPI_FILE} is not a YAML mapping`);
  return parsed;
}

/** Follows a local JSON pointer (`#/components/...`); undefined when it leads nowhere. */
export function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const segments = ref === '#' ? [] : ref.slice(2).split('/');
  let node: unknown = document;
  for (const raw of segments) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)];
    else if (isRecord(node) && Object.hasOwn(node, key)) node = node[key];
    else return undefined;
  }
  return node;
}

/** Follows `$ref`s (a chain of them) to the object they point to. */
function deref(document: OpenApiDocument, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isRecord(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 20) return undefined;
    current = resolvePointer(document, current.$ref);
  }
  return current;
}

/**
 * Deep copy with `#/components/schemas/X` refs pointing into the schema registered with Ajv;
 * `strict` closes every object schema that lists properties and says nothing about others.
 */
function retarget(schema: unknown, strict: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((item) => retarget(item, strict));
  if (!isRecord(schema)) return schema;
  const copy = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_SCHEMAS)
        ? `${SCHEMA_BASE}#/$defs/${value.slice(COMPONENT_SCHEMAS.length)}`
        : // Under `properties` the keys are field names, not schema keywords.
          key === 'properties' && isRecord(value)
          ? Object.fromEntries(Object.entries(value).map(([name, field]) => [name, retarget(field, strict)]))
          : retarget(value, strict),
    ]),
  );
  if (strict && isRecord(copy.properties) && !Object.hasOwn(copy, 'additionalProperties')) copy.additionalProperties = false;
  return copy;
}

function formatAjvError(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'body' : `body${error.instancePath}`;
  const extra =
    error.keyword === 'additionalProperties' ? ` '${String(error.params.additionalProperty)}'` : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
}

function headerValue(headers: ContractResponse['headers'], name: string): string | null {
  if (!headers) return null;
  // Duck-typed: Headers from another realm (jsdom, undici) fail an instanceof check.
  if (typeof headers.get === 'function') return (headers as Headers).get(name);
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return found ? found[1] : null;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function pathnameOf(path: string): string {
  return (path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').split(/[?#]/)[0] ?? '') || '/';
}

const utf8 = new TextDecoder();

/** The path as the server routes it: percent-decoded (an encoded slash separates segments). */
function routedPathOf(path: string): string {
  return pathnameOf(path).replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => utf8.decode(Uint8Array.from(run.slice(1).split('%'), (hex) => parseInt(hex, 16))));
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  /** Concrete paths win over templated ones, as OpenAPI requires. */
  templateParams: number;
  responses: Record<string, unknown>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function listOperations(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  const paths = isRecord(document.paths) ? document.paths : {};
  for (const [template, rawItem] of Object.entries(paths)) {
    const item = deref(document, rawItem);
    if (!isRecord(item)) continue;
    const parts = template.split(/(\{[^}]+\})/);
    const pattern = new RegExp(
      `^${parts.map((part) => (/^\{[^}]+\}$/.test(part) ? '([^/]+)' : escapeRegExp(part))).join('')}$`,
    );
    const templateParams = parts.filter((part) => /^\{[^}]+\}$/.test(part)).length;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isRecord(operation)) continue;
      const responses = isRecord(operation.responses) ? operation.responses : {};
      operations.push({ method: method.toUpperCase(), template, pattern, templateParams, responses });
    }
  }
  return operations;
}

function findMediaType(content: Record<string, unknown>, contentType: string): string | undefined {
  const [type = ''] = contentType.split('/');
  return [contentType, `${type}/*`, '*/*'].find((candidate) => Object.hasOwn(content, candidate));
}

/** FastAPI's router answers for what the document does not list: 404 for a path, 405 for a method. */
const ROUTER_ANSWERS = { 404: 'Not Found', 405: 'Method Not Allowed' } as const;

/**
 * A validator bound to one OpenAPI document (a bad document makes a failing validator).
 * `strict`: no property beyond those a schema lists (the mock's own check).
 */
export function createContractValidator(document: OpenApiDocument, { strict = false }: { strict?: boolean } = {}) {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  // OpenAPI's own schema keywords are annotations as far as validation goes.
  ajv.addVocabulary(['discriminator', 'xml', 'externalDocs', 'example']);
  const components = isRecord(document.components) ? document.components : {};
  const schemas = isRecord(components.schemas) ? components.schemas : {};
  ajv.addSchema({ $id: SCHEMA_BASE, $defs: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, retarget(schema, strict)])) });

  const operations = listOperations(document);
  const compiled = new Map<string, ValidateFunction>();

  function compile(key: string, schema: unknown): ValidateFunction {
    let validate = compiled.get(key);
    if (!validate) {
      const target = retarget(schema, strict);
      validate = ajv.compile(isRecord(target) || typeof target === 'boolean' ? target : {});
      compiled.set(key, validate);
    }
    return validate;
  }

  /** The documented operation for a method and a concrete path, if any. */
  function findOperation(method: string, path: string): Operation | undefined {
    const pathname = routedPathOf(path);
    return operations
      .filter((op) => op.method === method.toUpperCase() && op.pattern.test(pathname))
      .sort((a, b) => a.templateParams - b.templateParams)[0];
  }

  /** The documented response object for a status: exact, then `4XX`-style range, then `default`. */
  function findResponse(operation: Operation, status: number): unknown {
    const key = [String(status), `${String(status).charAt(0)}XX`, 'default'].find((k) =>
      Object.hasOwn(operation.responses, k),
    );
    return key === undefined ? undefined : deref(document, operation.responses[key]);
  }

  /** Problems of a value against a component schema (`components.schemas[name]`). */
  function validateComponent(name: string, value: unknown): string[] {
    if (!Object.hasOwn(schemas, name)) return [`no schema named ${name}`];
    const validate = compile(`component ${name}`, { $ref: `${COMPONENT_SCHEMAS}${name}` });
    return validate(value) ? [] : (validate.errors ?? []).map(formatAjvError);
  }

  /** Whether any method of the document is listed at `path`. */
  const pathIsListed = (path: string) => HTTP_METHODS.some((m) => findOperation(m, path) !== undefined);

  /** Starlette's `redirect_slashes`: 307, no body, to the same path without its trailing slash, which the document lists. */
  function validateSlashRedirect(response: ContractResponse, label: string): string[] {
    const location = headerValue(response.headers, 'location');
    const target = location === null ? null : new URL(location, 'http://x.invalid').pathname;
    const problems: string[] = [];
    if (target !== pathnameOf(response.path).replace(/\/+$/, '') || !pathIsListed(target)) problems.push(`${label}: a 307 not to the listed path without the trailing slash`);
    if (bodyText(response.body) !== '') problems.push(`${label}: a redirect with a body`);
    return problems;
  }

  /** A 404 or 405 with FastAPI's router body, for a path or method the document does not list. */
  function validateRouterAnswer(response: ContractResponse, label: string): string[] {
    if (response.status === 307) return validateSlashRedirect(response, label);
    const expected = pathIsListed(response.path) ? 405 : 404;
    if (response.status !== expected) return [`${label}: no documented operation`];
    const body = parseBody(response);
    const problems = validateComponent('HTTPError', body).map((p) => `${label}: ${p}`);
    const detail = ROUTER_ANSWERS[expected];
    if (!isRecord(body) || body.detail !== detail) problems.push(`${label}: the router answers {"detail": "${detail}"}`);
    if (!(headerValue(response.headers, 'content-type') ?? '').startsWith('application/json')) problems.push(`${label}: not application/json`);
    if (expected === 405 && !headerValue(response.headers, 'allow')) problems.push(`${label}: 405 without an Allow header`);
    return problems;
  }

  function parseBody(response: ContractResponse): unknown {
    try {
      return JSON.parse(bodyText(response.body));
    } catch {
      return undefined;
    }
  }

  function validateResponse(response: ContractResponse): string[] {
    const given = response.method.toUpperCase();
    // Starlette answers HEAD as GET, without the body.
    const method = given === 'HEAD' ? 'GET' : given;
    const label = `${given} ${pathnameOf(response.path)} → ${response.status}`;
    const operation = findOperation(method, response.path);
    if (!operation) return validateRouterAnswer(response, label);
    const documented = findResponse(operation, response.status);
    if (!isRecord(documented)) {
      const statuses = Object.keys(operation.responses).join(', ');
      return [`${label}: status ${response.status} is not documented for ${method} ${operation.template} (documented: ${statuses})`];
    }
    const text = bodyText(response.body);
    const content = isRecord(documented.content) ? documented.content : {};
    if (given === 'HEAD') return text === '' ? [] : [`${label}: expected no body for HEAD`];
    if (response.status === 204 || Object.keys(content).length === 0) {
      return text === '' ? [] : [`${label}: expected no body, got ${JSON.stringify(text.slice(0, 80))}`];
    }
    const contentType = (headerValue(response.headers, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (contentType === '') return [`${label}: missing content-type (documented: ${Object.keys(content).join(', ')})`];
    const mediaType = findMediaType(content, contentType);
    if (mediaType === undefined) {
      return [`${label}: content-type ${contentType} is not documented (documented: ${Object.keys(content).join(', ')})`];
    }
    const media = content[mediaType];
    if (!isRecord(media) || media.schema === undefined) return [];
    let value: unknown = text;
    if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
      if (text === '') return [`${label}: expected a JSON body, got none`];
      try {
        value = JSON.parse(text);
      } catch {
        return [`${label}: body is not valid JSON: ${JSON.stringify(text.slice(0, 80))}`];
      }
    }
    const validate = compile(`${method} ${operation.template} ${response.status} ${mediaType}`, media.schema);
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${label}: ${formatAjvError(e)}`);
  }

  return { validateResponse, validateComponent, findOperation, findResponse };
}

let repositoryValidator: ReturnType<typeof createContractValidator> | undefined;

/** The strict validator of the repository's document: what the mock sends must be exactly what it lists. */
function contract(): ReturnType<typeof createContractValidator> {
  repositoryValidator ??= createContractValidator(loadOpenApiDocument(), { strict: true });
  return repositoryValidator;
}

/** Checks a mock response against the repository's OpenAPI document, strictly; returns every problem found. */
export function validateResponse(response: ContractResponse): string[] {
  return contract().validateResponse(response);
}

/** Checks a value against `components.schemas[name]` of the repository's document, strictly. */
export function validateComponent(name: string, value: unknown): string[] {
  return contract().validateComponent(name, value);
}
