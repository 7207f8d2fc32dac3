/**
 * The part of JSON Schema 2020-12 that the experience API's OpenAPI document uses, as a small
 * validator with no dependency. A keyword outside {@link SUPPORTED_KEYWORDS} and
 * {@link ANNOTATION_KEYWORDS} is not checked; a test fails when the document starts using one.
 */

/** A JSON object as parsed from text. */
export type JsonObject = { [key: string]: unknown };

/** How {@link validateSchema} reads the schema. */
export interface SchemaOptions {
  /** The document that local `$ref`s (`#/components/...`) point into. */
  document: JsonObject;
  /**
   * Accept properties that `additionalProperties: false` forbids. SPEC §2: extra response
   * fields a backend adds later must not break the client, so a checker must not fail on them.
   */
  allowExtraProperties: boolean;
}

/** Keywords this validator checks. */
export const SUPPORTED_KEYWORDS: ReadonlySet<string> = new Set([
  '$ref',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'oneOf',
  'allOf',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'format',
]);

/** Keywords that say something about a value without constraining it. */
export const ANNOTATION_KEYWORDS: ReadonlySet<string> = new Set([
  'title',
  'description',
  'default',
  'example',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
]);

const MAX_REF_HOPS = 32;

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a local JSON pointer such as `#/components/schemas/Session`; undefined if it leads nowhere. */
export function resolvePointer(document: JsonObject, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = document;
  const segments = ref.length <= 2 ? [] : ref.slice(2).split('/');
  for (const raw of segments) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)];
    else if (isJsonObject(node) && Object.hasOwn(node, key)) node = node[key];
    else return undefined;
  }
  return node;
}

/** Follows `$ref` (and chains of them) to the object it names; the node itself when it has none. */
export function dereference(document: JsonObject, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isJsonObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops === MAX_REF_HOPS) return undefined;
    current = resolvePointer(document, current.$ref);
  }
  return current;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  const actual = jsonTypeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

// RFC 3339 date-time, as JSON Schema's `format: date-time` means it.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

function isDateTime(text: string): boolean {
  return DATE_TIME.test(text) && !Number.isNaN(Date.parse(text.replace(' ', 'T')));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function childPath(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`;
}

function numberProblems(schema: JsonObject, value: number, path: string): string[] {
  const problems: string[] = [];
  if (typeof schema.minimum === 'number' && value < schema.minimum) problems.push(`${path} must be >= ${schema.minimum}`);
  if (typeof schema.maximum === 'number' && value > schema.maximum) problems.push(`${path} must be <= ${schema.maximum}`);
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) {
    problems.push(`${path} must be > ${schema.exclusiveMinimum}`);
  }
  if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) {
    problems.push(`${path} must be < ${schema.exclusiveMaximum}`);
  }
  return problems;
}

function stringProblems(schema: JsonObject, value: string, path: string): string[] {
  const problems: string[] = [];
  const length = [...value].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength) {
    problems.push(`${path} must have at least ${schema.minLength} characters, has ${length}`);
  }
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) {
    problems.push(`${path} must have at most ${schema.maxLength} characters, has ${length}`);
  }
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    problems.push(`${path} must match ${schema.pattern}`);
  }
  if (schema.format === 'date-time' && !isDateTime(value)) {
    problems.push(`${path} must be an RFC 3339 date-time, got ${describe(value)}`);
  }
  return problems;
}

function objectProblems(schema: JsonObject, value: JsonObject, path: string, options: SchemaOptions): string[] {
  const problems: string[] = [];
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((name) => typeof name === 'string') : [];
  for (const name of required) {
    if (!Object.hasOwn(value, name)) problems.push(`${path} must have the property ${name}`);
  }
  for (const [name, propertyValue] of Object.entries(value)) {
    const here = childPath(path, name);
    if (Object.hasOwn(properties, name)) {
      problems.push(...validateSchema(properties[name], propertyValue, options, here));
    } else if (schema.additionalProperties === false) {
      if (!options.allowExtraProperties) problems.push(`${path} must not have the property ${name}`);
    } else if (schema.additionalProperties !== undefined && schema.additionalProperties !== true) {
      problems.push(...validateSchema(schema.additionalProperties, propertyValue, options, here));
    }
  }
  return problems;
}

function arrayProblems(schema: JsonObject, value: unknown[], path: string, options: SchemaOptions): string[] {
  const problems: string[] = [];
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
    problems.push(`${path} must have at least ${schema.minItems} items, has ${value.length}`);
  }
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
    problems.push(`${path} must have at most ${schema.maxItems} items, has ${value.length}`);
  }
  if (schema.items !== undefined) {
    value.forEach((item, i) => problems.push(...validateSchema(schema.items, item, options, childPath(path, i))));
  }
  return problems;
}

function combinatorProblems(schema: JsonObject, value: unknown, path: string, options: SchemaOptions): string[] {
  const problems: string[] = [];
  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf) problems.push(...validateSchema(part, value, options, path));
  }
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((part) => validateSchema(part, value, options, path).length === 0)) {
    problems.push(`${path} must match one of the anyOf schemas, got ${describe(value)}`);
  }
  if (Array.isArray(schema.oneOf)) {
    const matches = schema.oneOf.filter((part) => validateSchema(part, value, options, path).length === 0).length;
    if (matches !== 1) problems.push(`${path} must match exactly one of the oneOf schemas, matches ${matches}`);
  }
  return problems;
}

/**
 * Every way `value` breaks `schema`, as `path must ...` sentences (empty: it conforms).
 * `path` names the value in those sentences, e.g. `body.session.user_id`.
 */
export function validateSchema(schema: unknown, value: unknown, options: SchemaOptions, path = 'body'): string[] {
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [`${path} is not allowed`];
  const resolved = dereference(options.document, schema);
  if (!isJsonObject(resolved)) return [`${path}: the schema reference ${describe(schema)} leads nowhere`];

  if (resolved.type !== undefined) {
    const types = Array.isArray(resolved.type) ? resolved.type.map(String) : [String(resolved.type)];
    if (!types.some((type) => hasType(value, type))) {
      return [`${path} must be ${types.join(' or ')}, got ${jsonTypeOf(value)} ${describe(value)}`];
    }
  }
  const problems: string[] = [];
  if (Object.hasOwn(resolved, 'const') && !deepEqual(resolved.const, value)) {
    problems.push(`${path} must be ${describe(resolved.const)}, got ${describe(value)}`);
  }
  if (Array.isArray(resolved.enum) && !resolved.enum.some((option) => deepEqual(option, value))) {
    problems.push(`${path} must be one of ${describe(resolved.enum)}, got ${describe(value)}`);
  }
  if (typeof value === 'string') problems.push(...stringProblems(resolved, value, path));
  if (typeof value === 'number') problems.push(...numberProblems(resolved, value, path));
  if (isJsonObject(value)) problems.push(...objectProblems(resolved, value, path, options));
  if (Array.isArray(value)) problems.push(...arrayProblems(resolved, value, path, options));
  problems.push(...combinatorProblems(resolved, value, path, options));
  return problems;
}

/** Keywords used by the schemas under `node` that this validator neither checks nor ignores on purpose. */
export function unknownKeywords(node: unknown): string[] {
  const found = new Set<string>();
  const visitSchema = (schema: unknown): void => {
    if (Array.isArray(schema)) {
      schema.forEach(visitSchema);
      return;
    }
    if (!isJsonObject(schema)) return;
    for (const [keyword, value] of Object.entries(schema)) {
      if (!SUPPORTED_KEYWORDS.has(keyword) && !ANNOTATION_KEYWORDS.has(keyword)) found.add(keyword);
      if (keyword === 'properties' && isJsonObject(value)) Object.values(value).forEach(visitSchema);
      else if (['items', 'additionalProperties', 'allOf', 'anyOf', 'oneOf'].includes(keyword)) visitSchema(value);
    }
  };
  visitSchema(node);
  return [...found].sort();
}
