import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { useServiceClock } from '../../shared/clock.ts';
import { createMatchIndex } from '../../shared/store/match-index.ts';
import { buildStylesheet } from '../build/stylesheet.mjs';
import { buildApp } from '../build-app.ts';
import { type CfnTemplate, type LocalWiring, queueUrlPlaceholder, readWiring } from './cloud-template.ts';
import { createLocalClock, type LocalClock, startCronDriver } from './cron-driver.ts';
import { type Emulators, LOCAL_AWS_ENVIRONMENT, startEmulators } from './emulators.ts';
import { createHttpGateway, lambdaContext, withLambdaTimeout } from './http-adapter.ts';
import { type LocalOidcProvider, startLocalOidcProvider } from './oidc-provider.ts';
import { provisionQueues, provisionTable } from './provision.ts';
import { startQueuePoller } from './queue-poller.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface LocalStackOptions {
  /** DynamoDB Local's data folder; omit for an in-memory table (tests). */
  dataDirectory?: string;
  httpPort?: number;
  mailboxPort?: number;
  dynamodbPort?: number;
  sqsPort?: number;
  /** Extra CDK context, e.g. another environment's routing rules. */
  context?: Record<string, unknown>;
  /** Run the schedule (the reminder sweep) on its cron; tests drive it by hand instead. */
  schedules?: boolean;
  /** Run queue pollers; a test of the DLQ may want them off. */
  pollers?: boolean;
  pollerConcurrency?: number;
  clock?: LocalClock;
  /** Port of the embedded OpenID Connect provider that stands in for Cognito (0: any free port). */
  oidcPort?: number;
  /** One password for every seeded staff account (a demo); random when absent. */
  staffPassword?: string;
  /**
   * The SES endpoint the functions use, given the emulator's (e.g. a fault-injecting proxy in the
   * reliability tests); `mailboxUrl` stays the emulator's.
   */
  sesEndpointOverride?: (sesEndpoint: string) => string | Promise<string>;
  /** Called with a safe description of background errors (poller, schedule). */
  onBackgroundError?: (where: string, error: unknown) => void;
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface LocalStack {
  baseUrl: string;
  mailboxUrl: string;
  tableName: string;
  /** The notification queue (the one that feeds a function) and its dead-letter queue. */
  notificationQueue: { url: string; arn: string };
  deadLetterQueue: { url: string; arn: string };
  wiring: LocalWiring;
  emulators: Emulators;
  db: DynamoDBDocumentClient;
  sqs: SQSClient;
  clock: LocalClock;
  /** The local sign-in provider and its seeded staff, when the template has a staff function. */
  oidc: LocalOidcProvider | undefined;
  /** Invokes a function by its source entry (e.g. 'functions/remind/handler.ts'). */
  invoke(entry: string, event: unknown): Promise<unknown>;
  /** Runs each schedule's target once, as of `at` (default the local clock's now). */
  runSchedules(at?: Date): Promise<unknown[]>;
  stopPollers(): Promise<void>;
  startPollers(): void;
  stop(): Promise<void>;
}

/** Synthesizes the CDK app without bundling and returns every stack's template. */
export function synthesizeTemplates(context: Record<string, unknown> = {}): Record<string, CfnTemplate> {
  const outdir = mkdtempSync(join(tmpdir(), 'pf-synth-'));
  try {
    const { app } = buildApp({ bundle: false, context, outdir });
    const assembly = app.synth({ validateOnSynthesis: false });
    return Object.fromEntries(assembly.stacks.map((s) => [s.stackName, s.template as CfnTemplate]));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The whole pipeline on one machine: emulators, resources created from the synthesized template,
 * the functions in-process behind an API Gateway-like HTTP server, SQS pollers and the schedule.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  // The pages' stylesheet, as a bundle carries it (a no-op when it is up to date).
  buildStylesheet();
  const wiring = readWiring(synthesizeTemplates(options.context));
  const emulators = await startEmulators({
    dataDirectory: options.dataDirectory,
    ...(options.dynamodbPort ? { dynamodbPort: options.dynamodbPort } : {}),
    ...(options.sqsPort ? { sqsPort: options.sqsPort } : {}),
    ...(options.mailboxPort ? { sesPort: options.mailboxPort } : {}),
  });
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const rawDb = new DynamoDBClient({
    endpoint: emulators.dynamodbEndpoint,
    region: LOCAL_AWS_ENVIRONMENT.AWS_REGION,
    credentials,
  });
  const db = DynamoDBDocumentClient.from(rawDb);
  const sqs = new SQSClient({
    endpoint: emulators.sqsEndpoint,
    region: LOCAL_AWS_ENVIRONMENT.AWS_REGION,
    credentials,
    useQueueUrlAsEndpoint: false,
  });

  let oidc: LocalOidcProvider | undefined;
  try {
    for (const table of wiring.tables) {
      const { created } = await provisionTable(rawDb, table);
      // A new table holds no match keys of the old, unkeyed kind: it starts as a deployment does
      // once it has run retire-legacy-match-keys, so route looks nothing up under them.
      if (created) await createMatchIndex(db, table.name).markLegacyKeysRetired(new Date(), 0);
    }
    const queues = await provisionQueues(sqs, wiring.queues);

    const mapping = wiring.eventSources[0];
    const fed = mapping && wiring.queues.find((q) => q.id === mapping.queueId);
    const notificationQueue = fed && queues.get(fed.id);
    const deadLetterQueue = fed?.redrive && queues.get(fed.redrive.deadLetterQueueId);
    if (!notificationQueue || !deadLetterQueue)
      throw new Error('The template has no queue feeding a function');

    // Listening comes first (the functions' settings name this address), so until every function
    // is loaded the gateway answers with a "starting" page (503), never a 500.
    let functionsLoaded = false;
    const http: Server = createHttpGateway(wiring.routes, (id, event) => invokeById(id, event) as never, {
      ready: () => functionsLoaded,
    });
    await new Promise<void>((ok, fail) => {
      http.once('error', fail);
      http.listen(options.httpPort ?? 0, '127.0.0.1', () => ok());
    });
    const address = http.address();
    const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    // One process runs every function, so their environments are merged; they agree on every
    // shared variable because the stack gives them the same values.
    const environment: Record<string, string> = { ...LOCAL_AWS_ENVIRONMENT };
    for (const fn of wiring.functions) {
      for (const [name, value] of Object.entries(fn.environment)) {
        let text = typeof value === 'string' ? value : JSON.stringify(value);
        for (const [id, q] of queues) text = text.replaceAll(queueUrlPlaceholder(id), q.url);
        environment[name] = text;
      }
    }
    // Secrets Manager is not emulated: the address hashes use the fixed local key
    // (shared/hash-key.ts), and nothing stands in front of the local API to send an origin header.
    delete environment.HASH_KEY_SECRET_ARN;
    delete environment.ORIGIN_SECRET_ARN;
    Object.assign(environment, {
      AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamodbEndpoint,
      AWS_ENDPOINT_URL_SQS: emulators.sqsEndpoint,
      AWS_ENDPOINT_URL_SESV2: options.sesEndpointOverride
        ? await options.sesEndpointOverride(emulators.sesEndpoint)
        : emulators.sesEndpoint,
      // The deployed URLs are the API's; locally they are this server's.
      STAFF_BASE_URL: `${baseUrl}/staff`,
      PUBLIC_BASE_URL: baseUrl,
      // No CloudWatch here: metrics would only be JSON noise on the console.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    });
    // Cognito's stand-in: the staff function signs people in through it with the same OIDC code.
    const hasStaff = wiring.functions.some((f) => f.entry === 'functions/staff/handler.ts');
    oidc = hasStaff
      ? await startLocalOidcProvider({
          port: options.oidcPort ?? 0,
          redirectUris: [`${baseUrl}/staff/auth/callback`],
          postLogoutRedirectUris: [`${baseUrl}/staff/signed-out`],
          ...(options.staffPassword ? { password: options.staffPassword } : {}),
        })
      : undefined;
    if (oidc) {
      Object.assign(environment, {
        OIDC_ISSUER: oidc.issuer,
        OIDC_CLIENT_ID: oidc.clientId,
        OIDC_CLIENT_SECRET: oidc.clientSecret,
        // The provider's users, as Cognito's groups would list them: allocation offers the
        // caseworkers before they have ever signed in (functions/staff/staff-directory.ts).
        STAFF_DIRECTORY: JSON.stringify(oidc.users.map(({ email, name, role }) => ({ email, name, role }))),
      });
      // Cognito-only settings: the local provider publishes its own end-session endpoint.
      delete environment.OIDC_CLIENT_SECRET_ARN;
      delete environment.OIDC_LOGOUT_URL;
      // The directory is the provider's users (STAFF_DIRECTORY above), not Cognito's groups.
      delete environment.STAFF_USER_POOL_ID;
    }
    // A log level set for this process (tests set ERROR) wins over the template's.
    if (process.env.POWERTOOLS_LOG_LEVEL) environment.POWERTOOLS_LOG_LEVEL = process.env.POWERTOOLS_LOG_LEVEL;
    // Each handler parses its configuration from process.env when it is first imported, below.
    Object.assign(process.env, environment);

    const handlers = new Map<string, { handler: Handler; timeout: number }>();
    for (const fn of wiring.functions) {
      const module = (await import(pathToFileURL(join(REPO_ROOT, fn.entry)).href)) as Record<string, Handler>;
      const handler = module[fn.exportName];
      if (!handler) throw new Error(`${fn.entry} does not export ${fn.exportName}`);
      handlers.set(fn.id, { handler, timeout: fn.timeoutSeconds });
    }
    const invokeById = (id: string, event: unknown) => {
      const fn = handlers.get(id);
      if (!fn) throw new Error(`No function ${id}`);
      return withLambdaTimeout(
        Promise.resolve(fn.handler(event, lambdaContext(id, fn.timeout))),
        fn.timeout,
        id,
      );
    };
    functionsLoaded = true;
    const idOfEntry = (entry: string) => {
      const fn = wiring.functions.find((f) => f.entry === entry);
      if (!fn) throw new Error(`No function with entry ${entry}`);
      return fn.id;
    };

    const report = (where: string) => (error: unknown) => options.onBackgroundError?.(where, error);
    let pollers: { stop(): Promise<void> }[] = [];
    const startPollers = () => {
      pollers = wiring.eventSources.map((source) => {
        const queue = queues.get(source.queueId);
        if (!queue) throw new Error(`No queue ${source.queueId}`);
        return startQueuePoller(sqs, {
          queueUrl: queue.url,
          queueArn: queue.arn,
          batchSize: source.batchSize,
          reportBatchItemFailures: source.reportBatchItemFailures,
          // Two batches at once by default: the bench compared the mapping's maximum concurrency
          // (5 for the notification queue, `source.maximumConcurrency`) and found no difference on
          // a 2-core machine, so the reliability suite keeps the setting it was tuned with.
          concurrency: options.pollerConcurrency ?? 2,
          invoke: (event) => invokeById(source.functionId, event) as never,
          onError: report(`poller ${source.functionId}`),
        });
      });
    };
    if (options.pollers !== false) startPollers();

    const clock = options.clock ?? createLocalClock();
    // The staff pages read the same clock as the schedule, so `--as-of` moves both.
    useServiceClock(clock.now);
    const runSchedule = (s: LocalWiring['schedules'][number], at: Date) => {
      const input = s.input
        ? JSON.parse(s.input.replaceAll('<aws.scheduler.scheduled-time>', at.toISOString()))
        : { scheduledTime: at.toISOString() };
      return invokeById(s.functionId, input);
    };
    const crons =
      options.schedules === false
        ? []
        : wiring.schedules.map((s) =>
            startCronDriver(s.expression, s.timezone, clock, async (at) => {
              await Promise.resolve(runSchedule(s, at)).catch(report(`schedule ${s.id}`));
            }),
          );

    return {
      baseUrl,
      mailboxUrl: emulators.sesEndpoint,
      tableName: wiring.tables[0]?.name ?? '',
      notificationQueue,
      deadLetterQueue,
      wiring,
      emulators,
      db,
      sqs,
      clock,
      oidc,
      invoke: (entry, event) => invokeById(idOfEntry(entry), event),
      runSchedules: (at) => Promise.all(wiring.schedules.map((s) => runSchedule(s, at ?? clock.now()))),
      startPollers,
      async stopPollers() {
        await Promise.all(pollers.map((p) => p.stop()));
        pollers = [];
      },
      async stop() {
        for (const c of crons) c.stop();
        await Promise.all(pollers.map((p) => p.stop()));
        http.closeAllConnections();
        await new Promise((r) => http.close(r));
        sqs.destroy();
        rawDb.destroy();
        await oidc?.stop();
        await emulators.stop();
      },
    };
  } catch (error) {
    await oidc?.stop();
    await emulators.stop();
    throw error;
  }
}
