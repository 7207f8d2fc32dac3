import type { ValidationErrorItem } from '../../src/api/types.ts';
import { MAX_JSON_DEPTH } from '../state/guards.ts';
import { findJsonProblem, indexBeyondDepth } from './findJsonProblem.ts';

/** A request body as FastAPI hands it to validation. */
export type RequestBody =
  /** No bytes at all: FastAPI validates `None`. */
  | { kind: 'empty' }
  /** Parsed JSON (a JSON content type, or none). */
  | { kind: 'json'; value: unknown }
  /** Another content type: FastAPI validates the raw bytes, which no model accepts. */
  | { kind: 'text'; text: string }
  /** JSON that does not decode: FastAPI answers this error alone, before any other validation. */
  | { kind: 'undecodable'; error: ValidationErrorItem };

/**
 * True for the content types FastAPI parses as JSON: none (or empty), `application/json` and
 * `application/*+json`, parameters ignored, compared without case (Python's `email.message`
 * rules: a type without exactly one `/` counts as `text/plain`).
 */
function isJsonContentType(header: string | null): boolean {
  if (header === null || header === '') return true;
  const type = (header.split(';')[0] ?? '').trim().toLowerCase();
  const parts = type.split('/');
  if (parts.length !== 2) return false;
  const [main, sub = ''] = parts;
  return main === 'application' && (sub === 'json' || sub.endsWith('+json'));
}

/** Reads the body the way FastAPI does before validating it against the endpoint's model. */
export async function readRequestBody(request: Request): Promise<RequestBody> {
  const text = await request.text();
  if (text === '') return { kind: 'empty' };
  if (!isJsonContentType(request.headers.get('content-type'))) return { kind: 'text', text };
  if (indexBeyondDepth(text, MAX_JSON_DEPTH) === -1) {
    try {
      return { kind: 'json', value: JSON.parse(text) as unknown };
    } catch {
      // Not JSON: the slower scan below says where and why, as Python would.
    }
  }
  const problem = findJsonProblem(text, MAX_JSON_DEPTH) ?? { position: 0, message: 'Expecting value' };
  return {
    kind: 'undecodable',
    error: { type: 'json_invalid', loc: ['body', problem.position], msg: 'JSON decode error', input: {}, ctx: { error: problem.message } },
  };
}
