import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { parseCookies } from './cookies.ts';
import type { WebRequest, WebResponse } from './http.ts';

export interface WebRequestOptions {
  /**
   * A header that carries the client's address, set by a proxy in front (CloudFront's
   * `cloudfront-viewer-address`, "address:port"), when API Gateway's own source address is the
   * proxy's. Only configured when that proxy is there, since a client could send it too.
   */
  clientAddressHeader?: string;
}

/** The address in `address:port` (IPv4 or IPv6). */
const withoutPort = (value: string) => value.replace(/:\d+$/, '');

/** Turn an API Gateway HTTP API (payload v2) event into the request the pages see. */
export function toWebRequest(event: APIGatewayProxyEventV2, options: WebRequestOptions = {}): WebRequest {
  const headers: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  // v2 moves Cookie headers into `cookies`; some callers (tests, proxies) still send the header.
  const cookieValues = event.cookies ?? (headers.cookie ? [headers.cookie] : []);

  const query: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    // API Gateway joins repeated parameters with commas; pages only ever read single values.
    if (value !== undefined) query[name] = value;
  }

  const rawPath = event.rawPath || event.requestContext?.http?.path || '/';
  const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') || '/' : '/';

  let body: Buffer | undefined;
  if (event.body !== undefined && event.body !== null) {
    body = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  }

  return {
    method: (event.requestContext?.http?.method ?? 'GET').toUpperCase(),
    path,
    query,
    headers,
    cookies: parseCookies(cookieValues),
    body,
    ...clientAddressOf(event, headers, options),
  };
}

/** Turn a response into API Gateway's structured result; binary bodies go base64-encoded. */
export function toApiGatewayResponse(response: WebResponse): APIGatewayProxyStructuredResultV2 {
  const binary = Buffer.isBuffer(response.body);
  return {
    statusCode: response.status,
    headers: response.headers,
    ...(response.cookies?.length ? { cookies: response.cookies } : {}),
    body: binary ? (response.body as Buffer).toString('base64') : (response.body as string),
    isBase64Encoded: binary,
  };
}

function clientAddressOf(
  event: APIGatewayProxyEventV2,
  headers: Record<string, string>,
  options: WebRequestOptions,
): { clientAddress?: string } {
  const forwarded = options.clientAddressHeader ? headers[options.clientAddressHeader] : undefined;
  const address = forwarded ? withoutPort(forwarded.trim()) : event.requestContext?.http?.sourceIp;
  return address ? { clientAddress: address } : {};
}
