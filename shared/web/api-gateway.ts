import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { parseCookies } from './cookies.ts';
import type { WebRequest, WebResponse } from './http.ts';

/** Turn an API Gateway HTTP API (payload v2) event into the request the pages see. */
export function toWebRequest(event: APIGatewayProxyEventV2): WebRequest {
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
    ...(event.requestContext?.http?.sourceIp ? { clientAddress: event.requestContext.http.sourceIp } : {}),
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
