/**
 * Request validation as FastAPI (pydantic 2) does it before an endpoint runs: the same error
 * `type` names, messages, `loc`, `input` and `ctx`, in field order. Unknown fields are ignored.
 */
import type { Metadata, ValidationErrorItem } from '../../src/api/types.ts';
import { isRecord, ownField } from '../state/guards.ts';
import type { RequestBody } from './readRequestBody.ts';
import { reply, type MockReply } from './replies.ts';

/** A body field and what pydantic accepts for it (lax mode, as for a parsed JSON body). */
export type FieldRule =
  | { kind: 'string'; required: boolean }
  | { kind: 'dict'; required: boolean }
  | { kind: 'literal'; required: boolean; values: readonly string[] }
  | { kind: 'integer'; required: boolean; min: number; max: number };

/** The fields of a body model, in declaration order (the order pydantic reports errors in). */
export type ModelRules = Readonly<Record<string, FieldRule>>;

type ValueOf<R extends FieldRule> = R extends { kind: 'string' }
  ? string
  : R extends { kind: 'dict' }
    ? Metadata
    : R extends { kind: 'literal'; values: readonly (infer V)[] }
      ? V
      : number;

/** The validated body that a set of rules describes. */
export type ModelOf<R extends ModelRules> = {
  [F in keyof R as R[F]['required'] extends true ? F : never]: ValueOf<R[F]>;
} & {
  [F in keyof R as R[F]['required'] extends true ? never : F]?: ValueOf<R[F]>;
};

/** The validated body, or the errors (`undecodable`: a JSON decode error FastAPI reports alone). */
export type ModelResult<T> =
  | { ok: true; value: T }
  | { ok: false; errors: ValidationErrorItem[]; undecodable: boolean };

/** pydantic's way of listing literal choices: `'a', 'b' or 'c'`. */
function expectedList(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : (quoted[0] ?? '');
}

/** The value pydantic's lax `int` makes of the input, or its error. */
function laxInteger(input: unknown, loc: (string | number)[]): { value: number } | { error: ValidationErrorItem } {
  if (typeof input === 'boolean') return { value: input ? 1 : 0 };
  if (typeof input === 'string') {
    if (/^\s*[-+]?\d+\s*$/.test(input)) return { value: Number(input.trim()) };
    return { error: { type: 'int_parsing', loc, msg: 'Input should be a valid integer, unable to parse string as an integer', input } };
  }
  if (typeof input !== 'number') return { error: { type: 'int_type', loc, msg: 'Input should be a valid integer', input } };
  if (!Number.isFinite(input)) return { error: { type: 'finite_number', loc, msg: 'Input should be a finite number', input } };
  if (!Number.isInteger(input)) {
    return { error: { type: 'int_from_float', loc, msg: 'Input should be a valid integer, got a number with a fractional part', input } };
  }
  return { value: input };
}

/** The value a field rule accepts, or pydantic's error for it. */
function validateField(rule: FieldRule, input: unknown, loc: (string | number)[]): { value: unknown } | { error: ValidationErrorItem } {
  switch (rule.kind) {
    case 'string':
      return typeof input === 'string' ? { value: input } : { error: { type: 'string_type', loc, msg: 'Input should be a valid string', input } };
    case 'dict':
      return isRecord(input) ? { value: input } : { error: { type: 'dict_type', loc, msg: 'Input should be a valid dictionary', input } };
    case 'literal': {
      if (typeof input === 'string' && rule.values.includes(input)) return { value: input };
      const expected = expectedList(rule.values);
      return { error: { type: 'literal_error', loc, msg: `Input should be ${expected}`, input, ctx: { expected } } };
    }
    case 'integer': {
      const parsed = laxInteger(input, loc);
      if ('error' in parsed) return parsed;
      if (parsed.value < rule.min) {
        return { error: { type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${rule.min}`, input, ctx: { ge: rule.min } } };
      }
      if (parsed.value > rule.max) {
        return { error: { type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${rule.max}`, input, ctx: { le: rule.max } } };
      }
      return parsed;
    }
  }
}

/**
 * Validates a body against a model: no body (or JSON `null`) is `missing` when required and an
 * empty model otherwise; anything but a JSON object is `model_attributes_type`; then each field.
 */
export function validateModel<R extends ModelRules>(body: RequestBody, rules: R, options: { required: boolean }): ModelResult<ModelOf<R>> {
  if (body.kind === 'undecodable') return { ok: false, errors: [body.error], undecodable: true };
  const input = body.kind === 'json' ? body.value : body.kind === 'text' ? body.text : null;
  if (input === null) {
    if (options.required) return { ok: false, errors: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }], undecodable: false };
    // Every rule is optional here, so the empty object is the model.
    return { ok: true, value: {} as ModelOf<R> };
  }
  if (!isRecord(input)) {
    const error: ValidationErrorItem = {
      type: 'model_attributes_type',
      loc: ['body'],
      msg: 'Input should be a valid dictionary or object to extract fields from',
      input,
    };
    return { ok: false, errors: [error], undecodable: false };
  }
  const errors: ValidationErrorItem[] = [];
  const value: Record<string, unknown> = {};
  for (const [field, rule] of Object.entries(rules)) {
    const given = ownField(input, field);
    if (given === undefined) {
      if (rule.required) errors.push({ type: 'missing', loc: ['body', field], msg: 'Field required', input });
      continue;
    }
    const checked = validateField(rule, given, ['body', field]);
    if ('error' in checked) errors.push(checked.error);
    else value[field] = checked.value;
  }
  if (errors.length > 0) return { ok: false, errors, undecodable: false };
  // Every rule was checked above, so the object has the shape ModelOf<R> describes.
  return { ok: true, value: value as ModelOf<R> };
}

/**
 * FastAPI's order: a body that does not decode is answered alone; otherwise parameter errors
 * come before body errors, all in one 422.
 */
export function checkRequest<T>(parameterErrors: ValidationErrorItem[], body: ModelResult<T>): { reply: MockReply } | { value: T } {
  if (!body.ok && body.undecodable) return { reply: reply.invalid(body.errors) };
  const errors = [...parameterErrors, ...(body.ok ? [] : body.errors)];
  if (errors.length > 0 || !body.ok) return { reply: reply.invalid(errors) };
  return { value: body.value };
}
