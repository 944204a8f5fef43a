/**
 * The small HTTP model the web functions work with: independent of API Gateway, so pages are
 * written and tested against plain objects, and one adapter (api-gateway.ts) meets the wire.
 */

export interface WebRequest {
  method: string;
  /** Path without query string; trailing slashes removed (except the root). */
  path: string;
  query: Record<string, string>;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  cookies: Record<string, string>;
  /** The raw body, already base64-decoded when API Gateway encoded it. */
  body: Buffer | undefined;
  /**
   * The address the request came from, as API Gateway saw it (requestContext.http.sourceIp): for
   * rate limits only, never logged.
   */
  clientAddress?: string;
}

export interface WebResponse {
  status: number;
  headers: Record<string, string>;
  /** Set-Cookie values, one per cookie (API Gateway v2 wants them apart from headers). */
  cookies?: string[];
  body: string | Buffer;
}

/**
 * An error with an HTTP status and a title that is safe to show to the public. Thrown anywhere in
 * a request; turned into a GOV.UK error page in one place (web-app.ts). `detail` is for logs and
 * must never hold personal data.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly options: {
      /** For logs only; never personal data. */
      detail?: string;
      /** Public wording under the title, instead of the status's usual text. */
      body?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(options.detail ?? title);
  }
}

/** POST-then-redirect: 303 so the browser follows with a GET and a refresh never re-posts. */
export function redirect(location: string, cookies?: string[]): WebResponse {
  return { status: 303, headers: { location }, body: '', ...(cookies?.length ? { cookies } : {}) };
}

export function htmlResponse(body: string, status = 200, cookies?: string[]): WebResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body,
    ...(cookies?.length ? { cookies } : {}),
  };
}
