const BASE = 'http://x.invalid';

/** True when `p` is a same-origin path that cannot be read as another origin or a script. */
const isLocalPath = (p: string): boolean => {
  // Control characters, backslashes and a leading `//` are how browsers are talked into leaving the origin.
  if (!/^\/(?![/\\])/.test(p) || /[\x00-\x1f\x7f\\]/.test(p)) return false;
  try {
    const u = new URL(p, BASE);
    return u.origin == BASE && !u.pathname.startsWith('//');
  } catch {
    return false;
  }
};

/**
 * The `returnTo` to navigate to, or `fallback` when `raw` is not a plain same-origin path.
 * Percent-encoded forms are decoded (up to three levels) and each level must pass too, so
 * `/%2F%2Fevil.com` and its double-encoded twin are refused. Good paths come back unchanged.
 */
export const safeReturnTo = (raw: unknown, fallback = '/'): string => {
  if (typeof raw != 'string' || raw.length > 2048) return fallback;
  let p = raw;
  for (let i = 0; i < 4; i++) {
    if (!isLocalPath(p)) return fallback;
    let next: string;
    try {
      next = decodeURIComponent(p);
    } catch {
      return fallback;
    }
    if (next == p) return raw;
    p = next;
  }
  return fallback;
};
