/** The origin of `url`, or null for one without (`about:blank`) or not a URL at all. */
export function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** `url` as a base for relative paths: `http://host/prefix` -> `http://host/prefix/`. */
export function baseOf(url: string): string {
  const { href } = new URL(url);
  return href.endsWith('/') ? href : `${href}/`;
}
