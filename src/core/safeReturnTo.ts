const BASE = 'http://x.invalid';

/**
 * The `returnTo` to navigate to, or `fallback` when `raw` is not a plain same-origin path.
 * Percent-encoded forms are decoded (up to three levels) and each level must pass too, so
 * `/%2F%2Fevil.com` and its double-encoded twin are refused. Good paths come back unchanged.
 */
export const safeReturnTo = (raw: unknown, fallback = '/'): string => {
  let p = raw;
  try {
    for (let i = 0; i < 4; i++) {
      // Control characters, backslashes and a leading `//` are how browsers are talked into leaving the origin.
      if (typeof p != 'string' || p.length > 2048 || !/^\/(?![/\\])/.test(p) || /[\x00-\x1f\x7f\\]/.test(p)) break;
      const u = new URL(p, BASE);
      if (u.origin != BASE || u.pathname.startsWith('//')) break;
      if (p == (p = decodeURIComponent(p))) return raw as string;
    }
  } catch {
    // Malformed percent-encoding.
  }
  return fallback;
};
