import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** One request, as a browser would send it, before API Gateway turns it into an event. */
export interface PlainRequest {
  method: string;
  /** Path with an optional query string: `/the-child?change=check`. */
  path: string;
  headers?: Record<string, string>;
  /** `name=value` pairs, as a Cookie header would carry them. */
  cookies?: string[];
  body?: string | Buffer;
  /** The client's address (API Gateway's sourceIp); 127.0.0.1 when not given. */
  sourceIp?: string;
}

/**
 * The API Gateway HTTP API (payload 2.0) event for a request to the greedy `ANY /{proxy+}` route,
 * so a test can call a web function's handler directly — thousands of times a second — with the
 * same event shape it gets in AWS and from the local HTTP adapter.
 */
export function apiGatewayEvent(req: PlainRequest): APIGatewayProxyEventV2 {
  const url = new URL(req.path, 'http://localhost');
  const headers: Record<string, string> = { host: 'localhost', 'user-agent': 'reliability-test' };
  for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
  if (req.body !== undefined && headers['content-length'] === undefined) {
    headers['content-length'] = String(Buffer.byteLength(req.body));
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const binary = Buffer.isBuffer(req.body);
  const now = new Date();
  const routeKey = url.pathname === '/' ? 'GET /' : 'ANY /{proxy+}';
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(req.cookies?.length ? { cookies: req.cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(url.pathname === '/' ? {} : { pathParameters: { proxy: url.pathname.slice(1) } }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method.toUpperCase(),
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(req.body !== undefined
      ? { body: binary ? (req.body as Buffer).toString('base64') : (req.body as string) }
      : {}),
    isBase64Encoded: binary,
  };
}

/** A handler's structured result as the status, headers, cookies and text a browser would see. */
export function fromApiGatewayResult(result: unknown): {
  status: number;
  headers: Record<string, string>;
  setCookies: string[];
  body: string;
} {
  const r = result as APIGatewayProxyStructuredResultV2;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
  const body = r.body ?? '';
  return {
    status: r.statusCode ?? 200,
    headers,
    setCookies: r.cookies ?? [],
    body: r.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body,
  };
}
