import type { Metadata, ValidationErrorItem } from '../../src/api/types.ts';

/** A body field: a string, or a JSON object (`metadata`). */
export interface FieldRule {
  kind: 'string' | 'object';
  required: boolean;
}

/** The fields of a request body, in the order FastAPI (pydantic) reports their errors. */
export type BodyRules = Readonly<Record<string, FieldRule>>;

type ValueOf<R extends FieldRule> = R['kind'] extends 'string' ? string : Metadata;

/** The validated body a set of rules describes. */
export type BodyOf<R extends BodyRules> = {
  [F in keyof R as R[F]['required'] extends true ? F : never]: ValueOf<R[F]>;
} & {
  [F in keyof R as R[F]['required'] extends true ? never : F]?: ValueOf<R[F]>;
};

/** Either the validated body or FastAPI's 422 error items. */
export type BodyResult<T> =
  | { ok: true; value: T }
  | { ok: false; errors: [ValidationErrorItem, ...ValidationErrorItem[]] };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Where Python's `json.loads` would stop on `text` (FastAPI reports it as `loc: ["body", pos]`).
 * Only called on text `JSON.parse` rejected.
 */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const skipWhitespace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const readLiteral = (word: string): boolean => {
    if (!text.startsWith(word, i)) return false;
    i += word.length;
    return true;
  };
  const readString = (): boolean => {
    const start = i;
    i++;
    while (i < text.length) {
      const ch = text.charAt(i);
      if (ch === '"') {
        i++;
        return true;
      }
      if (ch < ' ') return false;
      if (ch === '\\') {
        const escape = text.charAt(i + 1);
        if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (escape !== '' && '"\\/bfnrt'.includes(escape)) i += 2;
        else return false;
        continue;
      }
      i++;
    }
    i = start; // Python reports an unterminated string where it starts.
    return false;
  };
  const readNumber = (): boolean => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) return false;
    i += match[0].length;
    return true;
  };
  const readContainer = (close: '}' | ']', readMember: () => boolean): boolean => {
    i++;
    skipWhitespace();
    if (text.charAt(i) === close) {
      i++;
      return true;
    }
    for (;;) {
      skipWhitespace();
      if (!readMember()) return false;
      skipWhitespace();
      const ch = text.charAt(i);
      if (ch === close) {
        i++;
        return true;
      }
      if (ch !== ',') return false;
      i++;
    }
  };
  const readValue = (): boolean => {
    skipWhitespace();
    const ch = text.charAt(i);
    if (ch === '{') {
      return readContainer('}', () => {
        if (text.charAt(i) !== '"' || !readString()) return false;
        skipWhitespace();
        if (text.charAt(i) !== ':') return false;
        i++;
        return readValue();
      });
    }
    if (ch === '[') return readContainer(']', readValue);
    if (ch === '"') return readString();
    if (ch === '-' || (ch >= '0' && ch <= '9')) return readNumber();
    return readLiteral('true') || readLiteral('false') || readLiteral('null');
  };
  if (readValue()) skipWhitespace(); // What is left after a complete value is "extra data".
  return i;
}

/**
 * Reads and validates a JSON request body the way FastAPI does before the endpoint runs:
 * invalid JSON → `json_invalid`; no body (or `null`) → `missing` when required; not an object →
 * `model_attributes_type`; then each field: `missing`, `string_type` or `dict_type`. Unknown
 * fields are ignored, like pydantic's default. The content type is not checked.
 */
export async function validateBody<R extends BodyRules>(
  request: Request,
  rules: R,
  options: { required: boolean },
): Promise<BodyResult<BodyOf<R>>> {
  const text = await request.text();
  let body: unknown = null;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, errors: [{ type: 'json_invalid', loc: ['body', jsonErrorOffset(text)], msg: 'JSON decode error' }] };
    }
  }
  if (body === null) {
    if (options.required) return { ok: false, errors: [{ type: 'missing', loc: ['body'], msg: 'Field required' }] };
    body = {};
  }
  if (!isPlainObject(body)) {
    return {
      ok: false,
      errors: [
        {
          type: 'model_attributes_type',
          loc: ['body'],
          msg: 'Input should be a valid dictionary or object to extract fields from',
        },
      ],
    };
  }
  const errors: ValidationErrorItem[] = [];
  const value: Record<string, unknown> = {};
  for (const [field, rule] of Object.entries(rules)) {
    const given = body[field];
    if (given === undefined) {
      if (rule.required) errors.push({ type: 'missing', loc: ['body', field], msg: 'Field required' });
    } else if (rule.kind === 'string' && typeof given !== 'string') {
      errors.push({ type: 'string_type', loc: ['body', field], msg: 'Input should be a valid string' });
    } else if (rule.kind === 'object' && !isPlainObject(given)) {
      errors.push({ type: 'dict_type', loc: ['body', field], msg: 'Input should be a valid dictionary' });
    } else {
      value[field] = given;
    }
  }
  const [first, ...rest] = errors;
  if (first) return { ok: false, errors: [first, ...rest] };
  // Every rule was checked above, so the object has the shape BodyOf<R> describes.
  return { ok: true, value: value as BodyOf<R> };
}
