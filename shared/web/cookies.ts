/**
 * Cookies for the web functions. Every cookie is HttpOnly (no script can read it), Secure (never
 * sent over plain HTTP; browsers treat http://localhost and 127.0.0.1 as secure, so local runs
 * work), SameSite=Lax (not sent on cross-site POSTs: a second line of defence behind the CSRF
 * token) and Path=/.
 */

export interface CookieOptions {
  /** Seconds; omitted makes a session cookie. */
  maxAge?: number;
}

const COOKIE_NAME = /^[A-Za-z0-9_-]+$/;
const COOKIE_VALUE = /^[A-Za-z0-9_.~-]*$/;

/** One Set-Cookie value. Names and values are restricted to safe characters, never encoded. */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (!COOKIE_NAME.test(name)) throw new Error('Invalid cookie name');
  if (!COOKIE_VALUE.test(value)) throw new Error('Invalid cookie value');
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax'];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAge))}`);
  return parts.join('; ');
}

/** A Set-Cookie value that removes the cookie. */
export function clearCookie(name: string): string {
  return serializeCookie(name, '', { maxAge: 0 });
}

/**
 * Parse `name=value` pairs from Cookie header values (API Gateway v2 passes them as an array).
 * The first occurrence of a name wins; a name that appears twice is usually a stale cookie for
 * a wider path, and the most specific one is sent first.
 */
export function parseCookies(values: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const value of values ?? []) {
    for (const pair of value.split(';')) {
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const raw = pair.slice(eq + 1).trim();
      if (!COOKIE_NAME.test(name) || name in out) continue;
      out[name] = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
    }
  }
  return out;
}
