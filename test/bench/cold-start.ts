import { execFile } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { buildSdkFloorBundle } from './bundles.ts';
import { median } from './stats.ts';

const run = promisify(execFile);

/**
 * The cold start a visitor meets (issue 16): a fresh `node` process imports a function's built
 * bundle (as Lambda bundles it, with its precompiled templates beside it) and serves its first
 * requests, against its floor: a fresh process that imports only the AWS SDK packages the bundle
 * imports at start, makes one client each, and makes the same DynamoDB calls those requests
 * made (recorded on the wire, below). Both are timed from the first line of the script to the
 * last response, so Node's own start (the same for both) is left out and the ratio is stricter.
 *
 * The functions carry their own SDK (bundled, as pipeline-function.ts deploys them), so there are
 * two floors: the SDK packages as the Lambda runtime provides them (node_modules, CommonJS), which
 * is what issue 16 names, and the same packages bundled as the function is (like for like): the
 * second says what the function's own code adds. Runs are interleaved (bundle, floor, bundled
 * floor, bundle, ...) so a busy moment hits all three.
 */

export interface ColdStartTarget {
  name: string;
  /** The bundle's index.mjs. */
  bundle: string;
  /** The requests of the first visit, in order (API Gateway events; a fresh requestId is fine). */
  events: APIGatewayProxyEventV2[];
  /** The @aws-sdk/* packages the bundle imports at start (not those it imports when first used). */
  sdkPackages: string[];
  /** Where to bundle the like-for-like floor (bundles.ts: buildSdkFloorBundle); none if absent. */
  sdkFloorBundle?: string;
}

/** One DynamoDB call as it went over the wire: its operation and JSON input. */
export interface RecordedCall {
  operation: string;
  input: Record<string, unknown>;
}

export interface ColdStartFigure {
  name: string;
  /** Median, fresh process: import the bundle and serve every event. */
  coldStartMs: number;
  /** Median of the import alone, and of each request after it. */
  importMs: number;
  requestMs: number[];
  statuses: number[];
  /** Median, fresh process: import the SDK packages, make the clients and the recorded calls. */
  coldStartFloorMs: number;
  /** Median of the floor's import and clients alone (the rest is its calls). */
  floorImportMs: number;
  /** Median, fresh process: the SDK packages bundled as the function is, the clients, the calls. */
  bundledFloorMs: number | undefined;
  bundledFloorImportMs: number | undefined;
  floorCalls: string[];
  /** Floor calls the table refused (a conditional check): still one round trip each. */
  floorCallsRefused: number;
  samples: number;
}

/** The child that imports the bundle and calls its handler with each event. */
const BUNDLE_CHILD = `
const t0 = performance.now();
const spec = JSON.parse(process.env.COLD_START_SPEC);
const { handler } = await import(spec.bundle);
const tImport = performance.now();
const context = {
  callbackWaitsForEmptyEventLoop: false, functionName: spec.name, functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:' + spec.name,
  memoryLimitInMB: '512', awsRequestId: 'cold-start', logGroupName: '/aws/lambda/' + spec.name,
  logStreamName: 'cold-start', getRemainingTimeInMillis: () => 10000,
  done() {}, fail() {}, succeed() {},
};
const requestMs = [];
const statuses = [];
let last = tImport;
for (const event of spec.events) {
  const response = await handler(event, context);
  statuses.push(response.statusCode);
  const now = performance.now();
  requestMs.push(now - last);
  last = now;
}
process.stdout.write(JSON.stringify({ ms: last - t0, importMs: tImport - t0, requestMs, statuses }));
`;

/** The floor: the SDK packages, one client each, and the same DynamoDB calls, in order. */
const FLOOR_CHILD = `
const t0 = performance.now();
const spec = JSON.parse(process.env.COLD_START_SPEC);
const modules = spec.bundle ? (await import(spec.bundle)).packages : {};
if (!spec.bundle) for (const name of spec.packages) modules[name] = await import(name);
const ddb = modules['@aws-sdk/client-dynamodb'] ?? (await import('@aws-sdk/client-dynamodb'));
const client = new ddb.DynamoDBClient({});
if (modules['@aws-sdk/lib-dynamodb']) modules['@aws-sdk/lib-dynamodb'].DynamoDBDocumentClient.from(client);
if (modules['@aws-sdk/client-sqs']) new modules['@aws-sdk/client-sqs'].SQSClient({});
if (modules['@aws-sdk/client-sesv2']) new modules['@aws-sdk/client-sesv2'].SESv2Client({});
const tImport = performance.now();
let refused = 0;
for (const call of spec.calls) {
  try {
    await client.send(new ddb[call.operation + 'Command'](call.input));
  } catch (error) {
    if (error.name !== 'ConditionalCheckFailedException') throw error;
    refused++;
  }
}
process.stdout.write(JSON.stringify({ ms: performance.now() - t0, importMs: tImport - t0, refused }));
`;

async function child<T>(script: string, spec: unknown, env: Record<string, string>, cwd: string): Promise<T> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...env, COLD_START_SPEC: JSON.stringify(spec) },
    // From the bundle's folder: its node_modules (a link to the repository's) stands in for the
    // SDK the Lambda runtime provides.
    cwd,
    timeout: 60_000,
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout) as T;
}

/**
 * Runs the bundle's first visit once with DynamoDB behind a recording proxy, and returns the calls
 * it made: what the floor makes. Not timed.
 */
export async function recordDynamoDbCalls(
  target: ColdStartTarget,
  env: Record<string, string>,
  cwd: string,
): Promise<{ calls: RecordedCall[]; statuses: number[] }> {
  const upstream = new URL(env.AWS_ENDPOINT_URL_DYNAMODB ?? '');
  const calls: RecordedCall[] = [];
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1];
      if (operation) calls.push({ operation, input: JSON.parse(body.toString('utf8') || '{}') });
      const out = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  try {
    const port = (proxy.address() as AddressInfo).port;
    const out = await child<{ statuses: number[] }>(
      BUNDLE_CHILD,
      { name: target.name, bundle: pathToFileURL(target.bundle).href, events: target.events },
      { ...env, AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}` },
      cwd,
    );
    return { calls, statuses: out.statuses };
  } finally {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  }
}

/**
 * A write replayed by the floor goes to an item of its own (the partition key suffixed), so a
 * conditional put is not refused for the item the bundle's own run made; reads and updates are
 * replayed as they were.
 */
function forFloor(call: RecordedCall, run: number): RecordedCall {
  if (call.operation !== 'PutItem') return call;
  const item = call.input.Item as Record<string, { S?: string }> | undefined;
  if (!item?.pk?.S) return call;
  return { ...call, input: { ...call.input, Item: { ...item, pk: { S: `${item.pk.S}#floor-${run}` } } } };
}

export async function measureColdStarts(options: {
  targets: ColdStartTarget[];
  runs: number;
  environment: Record<string, string>;
  /** Where esbuild resolves the SDK from for the like-for-like floor (default: cwd). */
  repoRoot?: string;
  /** The folder whose node_modules the children resolve @aws-sdk/* from. */
  cwd: string;
  /** A fresh event list for each run (new request ids, a client address of its own). */
  eventsFor?: (target: ColdStartTarget, run: number) => APIGatewayProxyEventV2[];
  onProgress?: (line: string) => void;
}): Promise<ColdStartFigure[]> {
  const { targets, runs, environment, cwd } = options;
  const recorded = new Map<string, RecordedCall[]>();
  for (const target of targets) {
    const { calls } = await recordDynamoDbCalls(target, environment, cwd);
    recorded.set(target.name, calls);
    if (target.sdkFloorBundle) {
      await buildSdkFloorBundle(
        target.sdkFloorBundle,
        target.sdkPackages,
        calls.map((c) => c.operation),
        options.repoRoot ?? cwd,
      );
    }
    options.onProgress?.(
      `cold start ${target.name}: first visit makes ${calls.map((c) => c.operation).join(', ')}`,
    );
  }
  const samples = new Map(
    targets.map((t) => [
      t.name,
      {
        ms: [] as number[],
        importMs: [] as number[],
        requestMs: [] as number[][],
        statuses: [] as number[],
        floorMs: [] as number[],
        floorImportMs: [] as number[],
        bundledFloorMs: [] as number[],
        bundledFloorImportMs: [] as number[],
        refused: 0,
      },
    ]),
  );
  for (let r = 0; r < runs; r++) {
    for (const target of targets) {
      const s = samples.get(target.name);
      if (!s) continue;
      const events = options.eventsFor?.(target, r) ?? target.events;
      const bundle = await child<{ ms: number; importMs: number; requestMs: number[]; statuses: number[] }>(
        BUNDLE_CHILD,
        { name: target.name, bundle: pathToFileURL(target.bundle).href, events },
        environment,
        cwd,
      );
      s.ms.push(bundle.ms);
      s.importMs.push(bundle.importMs);
      s.requestMs.push(bundle.requestMs);
      s.statuses = bundle.statuses;
      const floor = await child<{ ms: number; importMs: number; refused: number }>(
        FLOOR_CHILD,
        {
          packages: target.sdkPackages,
          calls: (recorded.get(target.name) ?? []).map((call) => forFloor(call, r)),
        },
        environment,
        cwd,
      );
      s.floorMs.push(floor.ms);
      s.floorImportMs.push(floor.importMs);
      s.refused = Math.max(s.refused, floor.refused);
      if (target.sdkFloorBundle) {
        const bundled = await child<{ ms: number; importMs: number }>(
          FLOOR_CHILD,
          {
            bundle: pathToFileURL(target.sdkFloorBundle).href,
            packages: target.sdkPackages,
            calls: (recorded.get(target.name) ?? []).map((call) => forFloor(call, runs + r)),
          },
          environment,
          cwd,
        );
        s.bundledFloorMs.push(bundled.ms);
        s.bundledFloorImportMs.push(bundled.importMs);
      }
    }
    if ((r + 1) % 5 === 0) options.onProgress?.(`cold starts: ${r + 1}/${runs} rounds`);
  }
  return targets.map((target) => {
    const s = samples.get(target.name);
    const requests = s?.requestMs[0]?.length ?? 0;
    return {
      name: target.name,
      coldStartMs: median(s?.ms ?? []),
      importMs: median(s?.importMs ?? []),
      requestMs: Array.from({ length: requests }, (_, i) =>
        median((s?.requestMs ?? []).map((l) => l[i] ?? 0)),
      ),
      statuses: s?.statuses ?? [],
      coldStartFloorMs: median(s?.floorMs ?? []),
      floorImportMs: median(s?.floorImportMs ?? []),
      bundledFloorMs: s?.bundledFloorMs.length ? median(s.bundledFloorMs) : undefined,
      bundledFloorImportMs: s?.bundledFloorImportMs.length ? median(s.bundledFloorImportMs) : undefined,
      floorCalls: (recorded.get(target.name) ?? []).map((c) => c.operation),
      floorCallsRefused: s?.refused ?? 0,
      samples: s?.ms.length ?? 0,
    };
  });
}

/** Where a bundle's index.mjs is, in the bench's build folder (bundles.ts). */
export const bundleFile = (outDir: string, name: string) => join(outDir, name, 'index.mjs');
