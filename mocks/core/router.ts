/**
 * Path and method matching as Starlette (FastAPI's router) does it: on the percent-decoded path;
 * the first route that matches path and method wins; a path matched with another method answers
 * 405 with the first such route's methods in `Allow`; a GET route also answers HEAD; a path no
 * route takes, but would without its trailing slash, is redirected there (307).
 */

/** A route: a method and a path template such as `/api/session/{session_id}/upgrade`. */
export interface Route<T> {
  method: string;
  path: string;
  target: T;
}

export type RouteMatch<T> =
  | { kind: 'found'; target: T; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  /** No route takes the path, but one takes it without its trailing slash (or with one added). */
  | { kind: 'redirect'; path: string }
  | { kind: 'not-found' };

const utf8 = new TextDecoder('utf-8');

/**
 * The percent-decoded path, as uvicorn gives it to Starlette (Python's `unquote`): runs of `%XX`
 * are decoded as UTF-8 with invalid bytes replaced by U+FFFD; a `%` not followed by two hex
 * digits stays as it is. An encoded slash becomes a real one, so it cannot sit inside an id.
 */
export function decodePath(path: string): string {
  return path.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    return utf8.decode(bytes);
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `{name}` matches one non-empty path segment, as Starlette's `str` convertor does. */
function compile(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return escapeRegExp(part);
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
}

/** A router over `routes`, in the order given (the order FastAPI would register them in). */
export function createRouter<T>(routes: readonly Route<T>[]) {
  const compiled = routes.map((route) => ({ ...route, ...compile(route.path) }));

  return function match(method: string, path: string): RouteMatch<T> {
    let partial: string[] | undefined;
    for (const route of compiled) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      const methods = route.method === 'GET' ? ['GET', 'HEAD'] : [route.method];
      if (methods.includes(method)) {
        const params = Object.fromEntries(route.names.map((name, i) => [name, found[i + 1] ?? '']));
        return { kind: 'found', target: route.target, params };
      }
      partial ??= methods;
    }
    if (partial) return { kind: 'method-not-allowed', allowed: partial };
    // Starlette's `redirect_slashes`: the other spelling of the path, if any route (whatever its
    // method) takes it, is where the client is sent.
    if (path !== '/') {
      const other = path.endsWith('/') ? path.replace(/\/+$/, '') : `${path}/`;
      if (compiled.some((route) => route.pattern.test(other))) return { kind: 'redirect', path: other };
    }
    return { kind: 'not-found' };
  };
}
