/**
 * Route paths with parameters, so no route parses its own URL: `/staff/cases/{reference}` matches
 * `/staff/cases/AB12CD34` with `{ reference: 'AB12CD34' }`. A `{name}` matches one whole, non-empty
 * path segment (never a slash), percent-decoded; a trailing `/*` matches any non-empty rest (the
 * assets); every other segment matches only itself. Parameters are still untrusted input: a route
 * validates them as it would a form field.
 */

/** The parameter names in a path pattern: `PathParams<'/a/{x}/b/{y}'>` is `'x' | 'y'`. */
export type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParams<Rest>
  : never;

const PARAM = /^\{([A-Za-z][A-Za-z0-9]*)\}$/;

/** The parameters if `path` matches `pattern`, else undefined. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  if (pattern.endsWith('/*')) {
    const prefix = pattern.slice(0, -1);
    return path.startsWith(prefix) && path.length > prefix.length ? {} : undefined;
  }
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i] as string;
    const name = PARAM.exec(segment)?.[1];
    if (name === undefined) {
      if (segment !== actual) return undefined;
      continue;
    }
    if (actual === '') return undefined;
    try {
      params[name] = decodeURIComponent(actual);
    } catch {
      return undefined; // malformed percent-encoding: no such page
    }
  }
  return params;
}
