/**
 * Where and why Python's `json.loads` (the C scanner CPython uses) would reject a text: FastAPI
 * answers an invalid JSON body with `loc: ["body", <position>]` and the decoder's message. Written
 * as a loop with its own stack, so no nesting can overflow the JavaScript stack; nesting deeper
 * than `maxDepth` is reported as a problem too.
 */

/** Why a text is not accepted: the position (in code points, as Python counts) and the message. */
export interface JsonProblem {
  position: number;
  message: string;
}

// Sticky patterns that skip a run in one native step: whitespace, and plain string characters.
const WHITESPACE_RUN = /[ \t\n\r]*/y;
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const LITERALS = ['null', 'true', 'false'];
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** What the scanner expects next. */
type Expecting = 'value' | 'key' | 'after-value';

class JsonScanFailure {
  constructor(
    readonly index: number,
    readonly message: string,
  ) {}
}

/** Python counts characters in code points; JavaScript indexes UTF-16 units. */
function codePointsBefore(text: string, index: number): number {
  let count = 0;
  for (let i = 0; i < index; i++) {
    const unit = text.charCodeAt(i);
    const pairedLow = unit >= 0xdc00 && unit <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff;
    if (!pairedLow) count++;
  }
  return count;
}

/** Null when `text` is JSON that Python accepts, nested at most `maxDepth` deep; else the problem. */
export function findJsonProblem(text: string, maxDepth: number): JsonProblem | null {
  try {
    scan(text, maxDepth);
    return null;
  } catch (failure) {
    if (!(failure instanceof JsonScanFailure)) throw failure;
    return { position: codePointsBefore(text, failure.index), message: failure.message };
  }
}

function scan(text: string, maxDepth: number): void {
  let i = 0;
  const open: ('{' | '[')[] = [];
  const skipRun = (run: RegExp): void => {
    run.lastIndex = i;
    run.test(text);
    i = run.lastIndex;
  };
  const skipWhitespace = (): void => skipRun(WHITESPACE_RUN);
  const fail = (index: number, message: string): never => {
    throw new JsonScanFailure(index, message);
  };

  const readString = (): void => {
    const begin = i;
    i++;
    for (;;) {
      skipRun(STRING_RUN);
      if (i >= text.length) fail(begin, 'Unterminated string starting at');
      const ch = text.charAt(i);
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === '\\') {
        i++;
        if (i >= text.length) fail(begin, 'Unterminated string starting at');
        const escape = text.charAt(i);
        if (escape !== 'u') {
          if (!SIMPLE_ESCAPES.has(escape)) fail(i - 1, 'Invalid \\escape');
          i++;
          continue;
        }
        // Python needs the four digits and at least one more character after them.
        if (i + 5 >= text.length || !HEX4.test(text.slice(i + 1, i + 5))) fail(i, 'Invalid \\uXXXX escape');
        i += 5;
        continue;
      }
      fail(i, 'Invalid control character at');
    }
  };

  const isDigit = (index: number): boolean => {
    const code = text.charCodeAt(index);
    return code >= 0x30 && code <= 0x39;
  };

  // Python's number: -?(0|[1-9][0-9]*), then a fraction only if a digit follows the dot, then an
  // exponent only if it has digits (otherwise the number ends before the `e`).
  const readNumber = (): void => {
    const start = i;
    if (text.charAt(i) === '-') i++;
    if (text.charAt(i) === '0') i++;
    else if (isDigit(i)) while (isDigit(i)) i++;
    else fail(start, 'Expecting value');
    if (text.charAt(i) === '.' && isDigit(i + 1)) {
      i += 2;
      while (isDigit(i)) i++;
    }
    if (text.charAt(i) === 'e' || text.charAt(i) === 'E') {
      const exponentStart = i;
      i++;
      if (text.charAt(i) === '+' || text.charAt(i) === '-') i++;
      if (!isDigit(i)) i = exponentStart;
      while (isDigit(i)) i++;
    }
  };

  const readScalar = (): void => {
    const ch = text.charAt(i);
    if (ch === '"') return readString();
    for (const literal of LITERALS) {
      if (ch === literal.charAt(0) && text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    readNumber();
  };

  skipWhitespace();
  let expecting: Expecting = 'value';
  for (;;) {
    if (expecting === 'value') {
      skipWhitespace();
      if (i >= text.length) fail(i, 'Expecting value');
      const ch = text.charAt(i);
      if (ch === '{' || ch === '[') {
        if (open.length >= maxDepth) fail(i, `Nested deeper than ${maxDepth} levels`);
        open.push(ch);
        i++;
        skipWhitespace();
        const close = ch === '{' ? '}' : ']';
        if (text.charAt(i) === close) {
          i++;
          open.pop();
          expecting = 'after-value';
        } else {
          expecting = ch === '{' ? 'key' : 'value';
        }
      } else {
        readScalar();
        expecting = 'after-value';
      }
    } else if (expecting === 'key') {
      if (text.charAt(i) !== '"') fail(i, 'Expecting property name enclosed in double quotes');
      readString();
      skipWhitespace();
      if (text.charAt(i) !== ':') fail(i, "Expecting ':' delimiter");
      i++;
      expecting = 'value';
    } else {
      skipWhitespace();
      const inside = open.at(-1);
      if (inside === undefined) {
        if (i !== text.length) fail(i, 'Extra data');
        return;
      }
      const ch = text.charAt(i);
      if (ch === (inside === '{' ? '}' : ']')) {
        i++;
        open.pop();
      } else if (ch === ',') {
        i++;
        skipWhitespace();
        expecting = inside === '{' ? 'key' : 'value';
      } else {
        fail(i, "Expecting ',' delimiter");
      }
    }
  }
}

/**
 * Where the first bracket nested deeper than `maxDepth` opens, or -1: one quick pass that skips
 * strings, to learn whether the text may go to `JSON.parse` (whose result is then no deeper).
 */
export function indexBeyondDepth(text: string, maxDepth: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      // Skip the string: to the next quote that no backslash escapes.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (code === 0x5b || code === 0x7b) {
      depth++;
      if (depth > maxDepth) return i;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return -1;
}

