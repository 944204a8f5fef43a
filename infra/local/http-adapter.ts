import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { LocalRoute } from './cloud-template.ts';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2 | string>;

/** API Gateway's own payload limit; the functions enforce their much smaller ones. */
const API_GATEWAY_MAX_BODY = 10 * 1024 * 1024;

/** A Lambda context good enough for Powertools: names, request id, remaining time. */
export function lambdaContext(functionName: string, timeoutSeconds: number): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Runs an invocation as Lambda does with respect to its time limit: after `timeoutSeconds` the
 * invocation fails ("Task timed out"), so a queue poller or a request waiting on it moves on (the
 * batch is retried after its visibility timeout) instead of waiting for ever on, say, a request to
 * a restarted emulator that never answers. The handler itself cannot be stopped in-process.
 */
export async function withLambdaTimeout<T>(
  invocation: Promise<T>,
  timeoutSeconds: number,
  functionName: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${functionName}: Task timed out after ${timeoutSeconds} seconds`)),
      timeoutSeconds * 1000,
    );
    timer.unref();
  });
  try {
    return await Promise.race([invocation, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** The route API Gateway would pick: an exact match beats a greedy {proxy+}, which beats $default. */
export function matchRoute(routes: LocalRoute[], method: string, path: string): LocalRoute | undefined {
  const methodMatches = (r: LocalRoute) => r.method === 'ANY' || r.method === method;
  const exact = routes.find((r) => methodMatches(r) && r.path === path);
  if (exact) return exact;
  const greedy = routes
    .filter((r) => methodMatches(r) && r.path.endsWith('/{proxy+}'))
    .filter((r) => path.startsWith(r.path.slice(0, -'{proxy+}'.length)))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return greedy ?? routes.find((r) => r.path === '$default');
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > API_GATEWAY_MAX_BODY) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const TEXT_TYPES = /^(text\/|application\/(x-www-form-urlencoded|json|xml))/;

/** Builds the API Gateway HTTP API (payload 2.0) event for a Node request. */
export function toApiGatewayEvent(
  req: IncomingMessage,
  body: Buffer,
  route: LocalRoute,
): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = (req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const isText = TEXT_TYPES.test(headers['content-type'] ?? 'text/plain');
  const now = new Date();
  const method = (req.method ?? 'GET').toUpperCase();
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(route.path.endsWith('{proxy+}')
      ? { pathParameters: { proxy: url.pathname.slice(route.path.length - '{proxy+}'.length) } }
      : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

function writeResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2 | string): void {
  // Payload 2.0: a bare string (or object without statusCode) is a 200 JSON response.
  if (typeof result === 'string' || result.statusCode === undefined) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(typeof result === 'string' ? result : JSON.stringify(result));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k.toLowerCase()] = String(v);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode, headers);
  res.end(result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined);
}

function plainError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ message }));
}

/**
 * What the gateway answers before the functions are loaded (`npm start` listens first, because the
 * functions' settings name its address): a plain "starting" page in the GOV.UK style with 503 and
 * Retry-After, never the 500 an unknown function would give. Its one inline style is allowed by
 * hash; nothing else loads, since the stylesheet is served by a function that is not there yet.
 */
const STARTING_STYLE = [
  'body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#0b0c0c;background:#fff;line-height:1.3}',
  'header{background:#0b0c0c;color:#fff;padding:10px 0;font-weight:700;font-size:1.2rem}',
  '.w{max-width:960px;margin:0 15px}@media(min-width:40.0625em){.w{margin:0 30px}}',
  '@media(min-width:1020px){.w{margin:0 auto}}main{padding:40px 0}',
  'h1{font-size:2rem;margin:0 0 20px}p{font-size:1.2rem;margin:0 0 15px}',
].join('');

const STARTING_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The service is starting – running locally</title>
<style>${STARTING_STYLE}</style>
</head>
<body>
<header><div class="w">Private fostering notifications (running locally)</div></header>
<div class="w"><main id="main-content">
<h1>The service is starting</h1>
<p>This usually takes less than a minute.</p>
<p>Refresh this page in a few seconds. The terminal shows the addresses and staff sign-ins when it is ready.</p>
</main></div>
</body>
</html>
`;

const STARTING_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'retry-after': '5',
  'cache-control': 'no-store',
  'content-security-policy': [
    "default-src 'none'",
    `style-src 'sha256-${createHash('sha256').update(STARTING_STYLE).digest('base64')}'`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

function startingPage(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(503, STARTING_HEADERS);
  res.end(req.method === 'HEAD' ? undefined : STARTING_PAGE);
}

export interface HttpGatewayOptions {
  /** False while the functions are still loading: every request gets the "starting" page. */
  ready?: () => boolean;
}

/**
 * An HTTP server that does what API Gateway does in front of the functions: match the route,
 * build the v2 event, invoke, and turn the result into a response.
 */
export function createHttpGateway(
  routes: LocalRoute[],
  invoke: (
    functionId: string,
    event: APIGatewayProxyEventV2,
  ) => Promise<APIGatewayProxyStructuredResultV2 | string>,
  options: HttpGatewayOptions = {},
): Server {
  const ready = options.ready ?? (() => true);
  return createServer(async (req, res) => {
    try {
      if (!ready()) return startingPage(req, res);
      const method = (req.method ?? 'GET').toUpperCase();
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const route = matchRoute(routes, method, path);
      // API Gateway's own answers, before any function runs.
      if (!route) return plainError(res, 404, 'Not Found');
      const body = await readBody(req);
      if (body === 'too-large') return plainError(res, 413, 'Request Entity Too Large');
      writeResult(res, await invoke(route.functionId, toApiGatewayEvent(req, body, route)));
    } catch {
      // An unhandled function error: API Gateway answers 500 with a fixed body, no details.
      if (!res.headersSent) plainError(res, 500, 'Internal Server Error');
      else res.end();
    }
  });
}
