/**
 * Checks for what the persisted snapshot holds: a snapshot read from web storage may have been
 * written by another version or edited by hand, so every value is checked before it is used.
 */

/** The deepest JSON nesting the backend accepts anywhere (request bodies, stored metadata). */
export const MAX_JSON_DEPTH = 100;

/** The last millisecond of year 9999: later times have no ISO 8601 form the contract accepts. */
export const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const isString = (value: unknown): value is string => typeof value === 'string';

export const isStringOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';

/** A time in epoch milliseconds that a Date can print: 0 to year 9999. */
export const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_TIME;

export const isTimeOrNull = (value: unknown): value is number | null => value === null || isTime(value);

/** The field if the object has it as its own property (never one inherited from a prototype). */
export function ownField(object: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}

/**
 * True when arrays and objects in `value` nest at most `maxDepth` levels (`{}` is 1). Walks with
 * its own stack, so a value nested far deeper than the JavaScript stack allows is measured safely.
 */
export function nestsAtMost(value: unknown, maxDepth: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return false;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return true;
}

/** The entries of a stored list that pass `parse`, in order; anything else is dropped. */
export function parseList<T>(value: unknown, parse: (entry: unknown) => T | undefined): T[] {
  if (!Array.isArray(value)) return [];
  const parsed: T[] = [];
  for (const entry of value) {
    const item = parse(entry);
    if (item !== undefined) parsed.push(item);
  }
  return parsed;
}
