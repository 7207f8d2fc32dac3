/**
 * Finds what an answer must never show (SPEC §2): a stack trace, a file path, a source file
 * and line. Only strings are searched (JSON keys and values, or the text when it is not JSON),
 * so escaping in the JSON text neither hides nor fakes a marker.
 */
import { isJsonObject } from './jsonSchema.ts';

const MARKERS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'a Python traceback', pattern: /Traceback \(most recent call last\)/ },
  { name: 'a Python stack frame', pattern: /File "[^"]+", line \d+/ },
  { name: 'a JavaScript stack frame', pattern: /^\s*at (?:\S+ \()?(?:file:\/\/|node:|\/|[A-Za-z]:\\)[^\s)]*:\d+:\d+\)?\s*$/m },
  { name: 'a file path', pattern: /(?:^|[\s"'(=])(?:\/(?:usr|home|srv|opt|var|app|tmp|root|Users|workspace)\/[^\s"']+|[A-Za-z]:\\[^\s"']+)/ },
  { name: 'a package folder', pattern: /site-packages|dist-packages|node_modules/ },
  { name: 'a source file and line', pattern: /\b[\w-]+\.(?:py|ts|js|mjs|cjs|java|rb|go|php|cs):\d+\b/ },
];

/**
 * Every string in a JSON value (keys too), or the text itself when it is not JSON. A loop, not
 * recursion: a hostile server may answer JSON nested deeper than the stack.
 */
function stringsOf(text: string, json: unknown): string {
  if (json === undefined) return text;
  const parts: string[] = [];
  const pending: unknown[] = [json];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) for (const item of value) pending.push(item);
    else if (isJsonObject(value)) {
      for (const [key, inner] of Object.entries(value)) {
        parts.push(key);
        pending.push(inner);
      }
    }
  }
  return parts.join('\n');
}

/** What internal detail the body shows (e.g. "a Python traceback"), or null when none. */
export function internalsIn(text: string, json: unknown): string | null {
  const readable = stringsOf(text, json);
  return MARKERS.find(({ pattern }) => pattern.test(readable))?.name ?? null;
}
