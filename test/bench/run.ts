/**
 * `npm run bench`: the budgets of design.md and issue 16, measured on this machine in one run, each
 * figure next to the floor it is measured against (so a slow or busy machine moves both), with the
 * load average after each part. Writes test/bench/results.json and the README's table from it
 * (readme-table.ts), and prints the table.
 *
 *   BENCH_CASES          cases for the sweep at scale (default 100000; the small run is a tenth)
 *   BENCH_NOTIFICATIONS  end-to-end notifications (default 500), BENCH_CONCURRENCY (default 16)
 *   BENCH_SERIAL_NOTIFICATIONS  end-to-end notifications sent one at a time (default 100)
 *   BENCH_OVERHEAD_RUNS  notify submits (default 300: half over HTTP, half straight into the handler)
 *   BENCH_IMPORT_RUNS    fresh imports per bundle (default 20), BENCH_SWEEP_REPEATS (default 3)
 *   BENCH_POLLER_CONCURRENCY  batches each local queue poller runs at once (default 2, the local
 *                        stack's: infra/local/local-stack.ts says why)
 *
 *   BENCH_COLD_START_RUNS  fresh processes per web function for the cold start (default 15)
 *   BENCH_PARTS            the parts to run, comma-separated (default all; a partial run writes
 *                          results.partial.json and leaves results.json and the README alone)
 *
 * Budgets (readme-table.ts: BUDGETS) and what they compare:
 *   coldStartRatio         notify's first visit in a fresh process (import the built bundle, GET the
 *                          start page and the first question) ÷ a fresh process importing only its
 *                          SDK packages (as the Lambda runtime provides them) and making the same
 *                          DynamoDB calls (cold-start.ts); beside it, not a budget, the same ÷ those
 *                          packages bundled as the function bundles them (what our own code adds)
 *   notifyOverheadRatio    median final-submit POST (over HTTP, through the local API gateway) ÷
 *                          median of the DynamoDB and SQS calls it must make, made directly one
 *                          after another, same clients
 *   endToEndP50Ms/P99Ms    final-submit POST sent → the designated manager's alert in the SES store;
 *                          beside it the CPU a notification costs in each process (process-cpu.ts),
 *                          the rate this machine could reach at that cost, and the rate the budget
 *                          needs (Little's law), and the same latency with one notifier at a time
 *   sweepReadAmplification items the sweep read ÷ reminders due, with BENCH_CASES cases, 1% due
 *   sweepScaleRatio        sweep time with BENCH_CASES cases ÷ with a tenth of them, same number due
 *   bundleKb, importMs     each function bundled as for Lambda; import in a fresh node (median)
 *   baselineImportMs       the same handler bundled the naive way (CommonJS, all of zod)
 *   pageWeightKb           start page and "Check your answers": HTML + everything it references
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';

Object.assign(process.env, {
  CDK_VALIDATION: 'false',
  POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
const { CreateQueueCommand, PurgeQueueCommand, SendMessageCommand } = await import('@aws-sdk/client-sqs');
const { GetCommand, PutCommand, UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
const { REPO_ROOT, startLocalStack } = await import('../../infra/local/local-stack.ts');
const { CHECK_ANSWERS_PATH, START_PATH } = await import('../../functions/notify/journey.ts');
const { DRAFT_COOKIE } = await import('../../functions/notify/app.ts');
const { draftKey, dueIndexKeys, notificationKey } = await import('../../shared/store/keys.ts');
const { rateLimitKey } = await import('../../shared/store/rate-limits.ts');
const { OUTBOX_REQUEUE_AFTER_MINUTES } = await import('../../shared/domain/reminders.ts');
const visitor = await import('../support/notify-visitor.ts');
const { MailboxWatcher, isAlertFor } = await import('../support/mailbox-watch.ts');
const { waitForQueueEmpty } = await import('../support/queues.ts');
const { buildBundles, lambdaEnvironment, removeBundles, timeImports } = await import('./bundles.ts');
const { measureColdStarts } = await import('./cold-start.ts');
const { apiGatewayEvent } = await import('../support/api-gateway-event.ts');
const { createSessionStore } = await import('../../shared/store/session-store.ts');
const { SESSION_COOKIE } = await import('../../functions/staff/auth.ts');
const { FIRST_QUESTION_PATH } = await import('../../functions/notify/journey.ts');
const { BUDGETS, benchTable, writeReadmeTable } = await import('./readme-table.ts');
const { measurePageWeight } = await import('./page-weight.ts');
const { batchWrite, casesWithFutureReminders, dueReminders, timeSweep } = await import('./sweep-bench.ts');
const { median, percentile, round } = await import('./stats.ts');
const { cpuBetween, cpuSnapshot, endToEndCeiling } = await import('./process-cpu.ts');

const int = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number`);
  return value;
};
const CASES = int('BENCH_CASES', 100_000);
const SMALL_CASES = Math.max(1, Math.round(CASES / 10));
const DUE = Math.max(1, Math.round(CASES / 100));
const NOTIFICATIONS = int('BENCH_NOTIFICATIONS', 500);
const CONCURRENCY = int('BENCH_CONCURRENCY', 16);
const SERIAL_NOTIFICATIONS = int('BENCH_SERIAL_NOTIFICATIONS', 100);
const OVERHEAD_RUNS = int('BENCH_OVERHEAD_RUNS', 300);
const IMPORT_RUNS = int('BENCH_IMPORT_RUNS', 20);
const SWEEP_REPEATS = int('BENCH_SWEEP_REPEATS', 3);
const COLD_START_RUNS = int('BENCH_COLD_START_RUNS', 15);
/**
 * Parts to run (comma-separated): pages, coldstart, overhead, endtoend, sweep, imports. All by
 * default; a partial run writes results.partial.json and leaves results.json and the README alone.
 */
const PARTS = new Set(
  (process.env.BENCH_PARTS ?? 'pages,coldstart,overhead,endtoend,sweep,imports').split(','),
);
const FULL = ['pages', 'coldstart', 'overhead', 'endtoend', 'sweep', 'imports'].every((p) => PARTS.has(p));

const benchStarted = performance.now();
const elapsed = () => `${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(4)} s`;
const log = (line: string) => console.log(`[bench ${elapsed()}] ${line}`);

function machine() {
  // `java -version` writes to stderr.
  const javaOut = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const java = `${javaOut.stderr ?? ''}${javaOut.stdout ?? ''}`.split('\n')[0] ?? 'unknown';
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGb: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    java: java.trim(),
    platform: `${platform()} ${release()}`,
    loadAverageAtStart: loadavg().map((l) => round(l, 2)),
  };
}

/** One sweep's own figures (per run, never summed). */
type SweepRun = { ms: number; itemsRead: number; due: number } & Record<string, unknown>;

interface Results {
  measuredAt: string;
  machine: ReturnType<typeof machine> & {
    loadAverageAtEnd?: number[];
    loadAverageByPart?: Record<string, number[]>;
  };
  parts: string[];
  coldStartRatio: number;
  coldStart: Record<string, unknown>;
  notifyOverheadRatio: number;
  notifyOverhead: {
    postMedianMs: number;
    postP90Ms: number;
    floorMedianMs: number;
    floorCalls: string;
    callMedianMs: Record<string, number>;
    criticalPathMedianMs: number;
    ratioAgainstCriticalPath: number;
    fiveCallFloorMedianMs: number;
    ratioAgainstFiveCalls: number;
    handlerOnlyMedianMs: number;
    handlerOnlyRatio: number;
    samples: number;
  };
  endToEndP50Ms: number;
  endToEndP99Ms: number;
  endToEnd: Record<string, unknown>;
  sweepReadAmplification: number;
  sweepScaleRatio: number;
  sweep: {
    cases: number;
    smallCases: number;
    duePerSweep: number;
    sweepsPerSize: number;
    small: { medianMs: number; perSweep: SweepRun[] };
    large: { medianMs: number; perSweep: SweepRun[] };
    /** sweepReadAmplification = itemsRead ÷ due, both summed over the large size's sweeps. */
    summedOverLargeSweeps: { sweeps: number; itemsRead: number; due: number };
    seededItems: number;
    seedSeconds: number;
    seedItemsPerSecond: number;
  };
  bundleKb: Record<string, number>;
  bundleTopModules: Record<string, { module: string; kb: number }[]>;
  sdkPackages: Record<string, { atStart: string[]; whenFirstUsed: string[] }>;
  importMs: Record<string, number>;
  baselineImportMs: Record<string, number | null>;
  baselineBundleKb: Record<string, number | null>;
  sdkImportMs: Record<string, number>;
  sourceMapKb: Record<string, number>;
  emptyImportMs: number;
  bundleErrors: Record<string, string | null>;
  pageWeightKb: { start: number; checkAnswers: number };
  pageWeightDetail: Record<string, unknown>;
  benchSeconds: number;
}
const results = {
  measuredAt: new Date().toISOString(),
  machine: machine(),
  parts: [...PARTS],
} as Results;
const loadAverageByPart: Record<string, number[]> = {};
results.machine.loadAverageByPart = loadAverageByPart;
/** The load average when each part finished: how busy the machine was while it was measured. */
const partDone = (part: string) => {
  loadAverageByPart[part] = loadavg().map((l) => round(l, 2));
};
log(`machine: ${JSON.stringify(results.machine)}`);

// ---- The stack -------------------------------------------------------------------------------------
log('starting the local stack (DynamoDB Local in memory, fauxqs, SES emulator)');
const stack = await startLocalStack({
  schedules: false,
  // Default: the local stack's two batches at once per queue (infra/local/local-stack.ts).
  ...(process.env.BENCH_POLLER_CONCURRENCY ? { pollerConcurrency: int('BENCH_POLLER_CONCURRENCY', 2) } : {}),
  onBackgroundError: (where, error) => log(`background error in ${where}: ${(error as Error).name}`),
});
const http = visitor.httpTransport(stack.baseUrl);
const raw = new DynamoDBClient({
  endpoint: stack.emulators.dynamodbEndpoint,
  region: 'eu-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
log(`stack up at ${stack.baseUrl}`);
// What the functions were given (from the synthesized template): the bundles import with it.
const functionEnvironment = Object.fromEntries(
  Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'),
);

// Built now: the cold starts need the stack's tables; the imports are timed after it stops.
log('bundling every functions/*/handler.ts as for Lambda (web functions with their precompiled views)');
const bundles = await buildBundles(REPO_ROOT);

try {
  // ---- 2. Page weight ------------------------------------------------------------------------------
  if (PARTS.has('pages')) {
    const filled = new visitor.Visitor(http);
    await visitor.fillInForm(filled);
    const cookie = `${DRAFT_COOKIE}=${filled.cookie}`;
    const pages = {
      start: await measurePageWeight(stack.baseUrl, START_PATH),
      checkAnswers: await measurePageWeight(stack.baseUrl, CHECK_ANSWERS_PATH, cookie),
    };
    results.pageWeightKb = {
      start: round(pages.start.totalWireBytes / 1024, 1),
      checkAnswers: round(pages.checkAnswers.totalWireBytes / 1024, 1),
    };
    results.pageWeightDetail = Object.fromEntries(
      Object.entries(pages).map(([name, p]) => [
        name,
        {
          uncompressedKb: round(p.totalRawBytes / 1024, 1),
          files: [p.html, ...p.resources].map((f) => ({
            path: new URL(f.url).pathname,
            wireKb: round(f.wireBytes / 1024, 1),
            rawKb: round(f.rawBytes / 1024, 1),
            encoding: f.encoding,
          })),
          referencedNotServed: p.notServed,
        },
      ]),
    );
    log(`page weight: ${JSON.stringify(results.pageWeightKb)} KB on the wire`);
    partDone('pages');
  }

  // ---- 2b. Cold start -----------------------------------------------------------------------------
  // A fresh process imports the built bundle and serves the first visit: for notify the start
  // page and the first question (which starts a draft: a rate-limit update and a put), for staff
  // the case list of a signed-in manager. Its floor: the SDK packages alone and the same DynamoDB
  // calls (cold-start.ts). Each run comes from a client address of its own, so the rate limit on
  // new drafts counts each run's visitor as a new one.
  if (PARTS.has('coldstart')) {
    const sessionId = `bench-cold-start-${Date.now()}`;
    const nowSeconds = Math.floor(Date.now() / 1000);
    await createSessionStore(stack.db, stack.tableName).put(sessionId, {
      kind: 'staff',
      email: 'bench.manager@example.org',
      name: 'Bench Manager',
      role: 'designated-manager',
      csrfToken: 'bench',
      createdAt: nowSeconds,
      lastSeenAt: nowSeconds,
      absoluteExpiresAt: nowSeconds + 8 * 3600,
      expiresAt: nowSeconds + 8 * 3600,
    });
    const visits: Record<string, (run: number) => ReturnType<typeof apiGatewayEvent>[]> = {
      notify: (run) =>
        [START_PATH, FIRST_QUESTION_PATH].map((path) =>
          apiGatewayEvent({ method: 'GET', path, sourceIp: `198.51.100.${(run % 250) + 1}` }),
        ),
      staff: () => [
        apiGatewayEvent({ method: 'GET', path: '/staff/cases', cookies: [`${SESSION_COOKIE}=${sessionId}`] }),
      ],
    };
    const targets = bundles.functions
      .filter((f) => f.name in visits && !f.error)
      .map((f) => ({
        name: f.name,
        bundle: f.bundleFile,
        events: visits[f.name]?.(999) ?? [],
        sdkPackages: f.sdkPackages,
        sdkFloorBundle: f.sdkFloorBundle,
      }));
    log(`cold start: ${COLD_START_RUNS} fresh processes per web function, each followed by its floor`);
    const figures = await measureColdStarts({
      targets,
      runs: COLD_START_RUNS,
      environment: lambdaEnvironment(functionEnvironment),
      cwd: bundles.outDir,
      repoRoot: REPO_ROOT,
      eventsFor: (target, run) => visits[target.name]?.(run) ?? target.events,
      onProgress: log,
    });
    const notify = figures.find((f) => f.name === 'notify');
    results.coldStartRatio = notify ? round(notify.coldStartMs / notify.coldStartFloorMs) : Number.NaN;
    results.coldStart = Object.fromEntries(
      figures.map((f) => [
        f.name,
        {
          coldStartMs: round(f.coldStartMs, 1),
          coldStartFloorMs: round(f.coldStartFloorMs, 1),
          floorImportMs: round(f.floorImportMs, 1),
          ratio: round(f.coldStartMs / f.coldStartFloorMs),
          // Like for like: the function carries its SDK bundled, so this floor does too. What the
          // function's own code adds is coldStartMs - bundledFloorMs.
          bundledFloorMs: f.bundledFloorMs === undefined ? null : round(f.bundledFloorMs, 1),
          bundledFloorImportMs:
            f.bundledFloorImportMs === undefined ? null : round(f.bundledFloorImportMs, 1),
          ratioToBundledFloor: f.bundledFloorMs ? round(f.coldStartMs / f.bundledFloorMs) : null,
          ownMs: f.bundledFloorMs === undefined ? null : round(f.coldStartMs - f.bundledFloorMs, 1),
          importMs: round(f.importMs, 1),
          requestMs: f.requestMs.map((ms) => round(ms, 1)),
          statuses: f.statuses,
          floorCalls: f.floorCalls,
          floorCallsRefused: f.floorCallsRefused,
          floorSdkPackages: targets.find((t) => t.name === f.name)?.sdkPackages ?? [],
          freshProcesses: f.samples,
        },
      ]),
    );
    log(`cold start: ratio ${results.coldStartRatio} ${JSON.stringify(results.coldStart)}`);
    partDone('coldstart');
  }

  // ---- 3. Notify overhead --------------------------------------------------------------------------
  if (PARTS.has('overhead')) {
    // The final submit (POST "Check your answers") must make these calls (functions/notify/app.ts
    // submit → submitDraft → submitNotification): GetItem draft (consistent), UpdateItem ×2 (the
    // notification rate limit's two windows, shared/store/rate-limits.ts), PutItem notification
    // (conditional), SendMessage, UpdateItem notification (markQueued), UpdateItem draft
    // (markSubmitted). The floor makes the same seven calls, one after another, with the same item
    // shapes through the stack's own clients, right after each POST, against a copy of what that POST
    // stored (kept out of the sweep's shards), counters of its own and a queue of its own. The handler
    // makes the two rate-limit updates together and the last two updates together, so two figures
    // more are kept: against the floor's calls on that critical path (computed from the same calls'
    // times), and against the five calls the floor had before the rate limit (for comparison with
    // earlier runs).
    const floorQueue =
      (await stack.sqs.send(new CreateQueueCommand({ QueueName: 'bench-floor' }))).QueueUrl ?? '';
    const postMs: number[] = [];
    const directMs: number[] = [];
    const directTransport = visitor.handlerTransport((event) =>
      stack.invoke('functions/notify/handler.ts', event),
    );
    const floorMs: number[] = [];
    const floorFiveMs: number[] = [];
    const criticalPathMs: number[] = [];
    const callMs: Record<string, number[]> = {
      getDraft: [],
      rateLimitBurst: [],
      rateLimitHour: [],
      putNotification: [],
      sendMessage: [],
      markQueued: [],
      markSubmitted: [],
    };
    const WARMUP = 10;
    // Routing is paused meanwhile, so neither the POST nor its floor shares the machine with it.
    await stack.stopPollers();
    log(`notify overhead: ${OVERHEAD_RUNS} submits (after ${WARMUP} warm-up), each followed by its floor`);
    for (let i = 0; i < OVERHEAD_RUNS + WARMUP; i++) {
      const v = new visitor.Visitor(http);
      await visitor.fillInForm(v);
      // Every other submit goes straight into the handler (an API Gateway event, no HTTP): the
      // difference is the local gateway's own cost, which API Gateway has in AWS too.
      const direct = i % 2 === 1;
      const sender = direct ? new visitor.Visitor(directTransport) : v;
      sender.cookie = v.cookie;
      sender.csrfToken = v.csrfToken;
      const submit = await visitor.sendNotification(sender);
      if (submit.status !== 303) throw new Error(`submit answered ${submit.status}`);

      const draftId = v.cookie ?? '';
      const draft = (
        await stack.db.send(new GetCommand({ TableName: stack.tableName, Key: draftKey(draftId) }))
      ).Item;
      const reference = String(draft?.reference);
      const stored = (
        await stack.db.send(new GetCommand({ TableName: stack.tableName, Key: notificationKey(reference) }))
      ).Item;
      // Route may already have taken the real one out of the outbox: the copy is as it was stored.
      const storedAt = String(stored?.notification?.receivedAt ?? new Date().toISOString());
      const copy = {
        ...stored,
        pk: `BENCH#${reference}`,
        gsi1pk: 'DUE#bench',
        gsi1sk: dueIndexKeys(`OUTBOX#${reference}`, storedAt).gsi1sk,
        dueAt: storedAt,
        job: 'queue-notification',
      };

      const timed = async <T>(name: string, call: () => Promise<T>) => {
        const t = performance.now();
        const out = await call();
        if (i >= WARMUP) callMs[name]?.push(performance.now() - t);
        return out;
      };
      const t0 = performance.now();
      await timed('getDraft', () =>
        stack.db.send(
          new GetCommand({ TableName: stack.tableName, Key: draftKey(draftId), ConsistentRead: true }),
        ),
      );
      // The notification limit's two windows (shared/domain/rate-limits.ts), on counters of the
      // bench's own, with a maximum never reached.
      for (const [name, counter] of [
        ['rateLimitBurst', 'notification-10m'],
        ['rateLimitHour', 'notification-1h'],
      ] as const) {
        await timed(name, () =>
          stack.db.send(
            new UpdateCommand({
              TableName: stack.tableName,
              Key: rateLimitKey(`bench-${counter}`, `bench-${i}`),
              UpdateExpression: 'ADD hits :one SET expiresAt = :exp',
              ConditionExpression: 'attribute_not_exists(hits) OR hits < :max',
              ExpressionAttributeValues: {
                ':one': 1,
                ':exp': Math.floor(Date.now() / 1000) + 3600,
                ':max': 1e9,
              },
            }),
          ),
        );
      }
      await timed('putNotification', () =>
        stack.db.send(
          new PutCommand({
            TableName: stack.tableName,
            Item: copy,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      await timed('sendMessage', () =>
        stack.sqs.send(
          new SendMessageCommand({ QueueUrl: floorQueue, MessageBody: JSON.stringify({ reference }) }),
        ),
      );
      const at = new Date();
      const retryAt = new Date(at.getTime() + OUTBOX_REQUEUE_AFTER_MINUTES * 60_000).toISOString();
      await timed('markQueued', () =>
        stack.db.send(
          new UpdateCommand({
            TableName: stack.tableName,
            Key: { pk: copy.pk, sk: 'NOTIFICATION' },
            UpdateExpression: 'SET queuedAt = if_not_exists(queuedAt, :at), dueAt = :retry, gsi1sk = :sk',
            ConditionExpression: 'attribute_exists(gsi1pk)',
            ExpressionAttributeValues: {
              ':at': at.toISOString(),
              ':retry': retryAt,
              ':sk': dueIndexKeys(`OUTBOX#${reference}`, retryAt).gsi1sk,
            },
          }),
        ),
      );
      await timed('markSubmitted', () =>
        stack.db.send(
          new UpdateCommand({
            TableName: stack.tableName,
            Key: draftKey(draftId),
            UpdateExpression: 'SET submittedAt = if_not_exists(submittedAt, :at), updatedAt = :at',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':at': new Date().toISOString() },
          }),
        ),
      );
      if (i >= WARMUP) {
        (direct ? directMs : postMs).push(submit.ms);
        const total = performance.now() - t0;
        floorMs.push(total);
        const last = (name: string) => callMs[name]?.at(-1) ?? 0;
        floorFiveMs.push(total - last('rateLimitBurst') - last('rateLimitHour'));
        criticalPathMs.push(
          last('getDraft') +
            Math.max(last('rateLimitBurst'), last('rateLimitHour')) +
            last('putNotification') +
            last('sendMessage') +
            Math.max(last('markQueued'), last('markSubmitted')),
        );
      }
    }
    await stack.sqs.send(new PurgeQueueCommand({ QueueUrl: floorQueue }));
    stack.startPollers();
    await waitForQueueEmpty(stack.sqs, stack.notificationQueue.url, 120_000);
    results.notifyOverheadRatio = round(median(postMs) / median(floorMs));
    results.notifyOverhead = {
      postMedianMs: round(median(postMs)),
      postP90Ms: round(percentile(postMs, 90)),
      floorMedianMs: round(median(floorMs)),
      floorCalls:
        'GetItem draft, UpdateItem ×2 rate limit, PutItem notification, SendMessage, UpdateItem notification, UpdateItem draft: one after another',
      callMedianMs: Object.fromEntries(Object.entries(callMs).map(([k, v]) => [k, round(median(v))])),
      criticalPathMedianMs: round(median(criticalPathMs)),
      ratioAgainstCriticalPath: round(median(postMs) / median(criticalPathMs)),
      fiveCallFloorMedianMs: round(median(floorFiveMs)),
      ratioAgainstFiveCalls: round(median(postMs) / median(floorFiveMs)),
      handlerOnlyMedianMs: round(median(directMs)),
      handlerOnlyRatio: round(median(directMs) / median(floorMs)),
      samples: postMs.length,
    };
    log(`notify overhead: ${JSON.stringify(results.notifyOverhead)}`);
    partDone('overhead');
  }

  // ---- 4. End to end ---------------------------------------------------------------------------------
  if (PARTS.has('endtoend')) {
    // The forms are filled in first (not timed); then CONCURRENCY notifiers at a time send theirs and
    // wait for the designated manager's alert: NOTIFICATIONS sends with CONCURRENCY in flight.
    log(`end to end: filling in ${NOTIFICATIONS} forms (not timed)`);
    // Each about a child of its own, one in ten about the child before (notify-visitor.ts): 500
    // notifications about one child would make every one a duplicate of all the others.
    const ready = await visitor.runConcurrently(NOTIFICATIONS, CONCURRENCY, async (i) => {
      const v = new visitor.Visitor(http);
      await visitor.fillInForm(v, visitor.distinctAnswers(i));
      return v;
    });
    log(`end to end: ${NOTIFICATIONS} notifications sent at concurrency ${CONCURRENCY}`);
    const watcher = new MailboxWatcher(stack.mailboxUrl, 10).start();
    /** Sends the ready forms, `concurrency` at a time, each notifier waiting for its alert. */
    const sendAndWait = async (forms: InstanceType<typeof visitor.Visitor>[], concurrency: number) => {
      const latencies: number[] = [];
      await visitor.runConcurrently(forms.length, concurrency, async (i) => {
        const v = forms[i] as InstanceType<typeof visitor.Visitor>;
        const sentAt = Date.now();
        const submit = await visitor.sendNotification(v);
        if (submit.status !== 303) throw new Error(`submit answered ${submit.status}`);
        const reference = await visitor.confirmationReference(v);
        const emails = await watcher.waitFor(
          (all) => all.some((e) => isAlertFor(e, reference)),
          60_000,
          `alert ${reference}`,
        );
        const alert = emails.find((e) => isAlertFor(e, reference));
        latencies.push((alert?.seenAt ?? Date.now()) - sentAt);
      });
      return latencies;
    };
    const cpuBefore = cpuSnapshot();
    const e2eStarted = performance.now();
    const latencies = await sendAndWait(ready, CONCURRENCY);
    const e2eSeconds = (performance.now() - e2eStarted) / 1000;
    // The CPU of a notification includes what its route does after the alert (the acknowledgement,
    // the duplicate check), so the reading waits for the last routes to finish.
    await waitForQueueEmpty(stack.sqs, stack.notificationQueue.url, 30_000);
    const cpuAfter = cpuSnapshot();
    // Then one notifier at a time: the latency a council's few notifiers a week meet.
    const serialForms = await visitor.runConcurrently(SERIAL_NOTIFICATIONS, 1, async (i) => {
      const v = new visitor.Visitor(http);
      await visitor.fillInForm(v, visitor.distinctAnswers(NOTIFICATIONS + i));
      return v;
    });
    const serial = await sendAndWait(serialForms, 1);
    await watcher.stop();
    results.endToEndP50Ms = round(percentile(latencies, 50), 0);
    results.endToEndP99Ms = round(percentile(latencies, 99), 0);
    results.endToEnd = {
      notifications: latencies.length,
      concurrency: CONCURRENCY,
      p90Ms: round(percentile(latencies, 90), 0),
      maxMs: round(Math.max(...latencies), 0),
      seconds: round(e2eSeconds, 1),
      notificationsPerSecond: round(latencies.length / e2eSeconds, 1),
      mailboxPollMs: watcher.intervalMs,
      mailboxPolls: watcher.polls,
      ...endToEndCeiling({
        cpu: cpuBefore && cpuAfter ? cpuBetween(cpuBefore, cpuAfter, latencies.length) : undefined,
        cores: results.machine.cores,
        concurrency: CONCURRENCY,
        budgetMs: BUDGETS.endToEndP99Ms,
      }),
      oneAtATime: {
        notifications: serial.length,
        p50Ms: round(percentile(serial, 50), 0),
        p99Ms: round(percentile(serial, 99), 0),
        maxMs: round(Math.max(...serial), 0),
      },
    };
    log(
      `end to end: p50 ${results.endToEndP50Ms} ms, p99 ${results.endToEndP99Ms} ms ${JSON.stringify(results.endToEnd)}`,
    );
    partDone('endtoend');
  }

  // ---- 5. The sweep at scale -------------------------------------------------------------------------
  if (PARTS.has('sweep')) {
    // Simulated times long before any real reminder of the cases opened above, so the index holds
    // only what is seeded here as due. Each size is swept SWEEP_REPEATS times, each time with its own
    // DUE reminders due in the hour before (a sweep completes what it sends), after one warm-up
    // sweep; the figure compares medians.
    const hour = 3_600_000;
    const origin = Date.parse('2020-06-01T00:00:00.000Z');
    const sweepAt = (n: number) => new Date(origin + (n + 1) * hour);
    const notDueAfter = sweepAt(2 * SWEEP_REPEATS + 1);
    const clients = {
      db: stack.db,
      sqs: stack.sqs,
      tableName: stack.tableName,
      sesEndpoint: stack.mailboxUrl,
      queueUrl: stack.notificationQueue.url,
    };
    let seedMs = 0;
    let seeded = 0;
    const seed = async (items: Iterable<Record<string, unknown>>) => {
      const t = performance.now();
      seeded += await batchWrite(raw, stack.tableName, items);
      seedMs += performance.now() - t;
    };
    const sweeps = async (size: string, first: number) => {
      const runs = [];
      for (let k = 0; k < SWEEP_REPEATS; k++) {
        const at = sweepAt(first + k);
        await seed(dueReminders(DUE, at, `${size}-${k}`));
        const run = await timeSweep(at, clients);
        // A sweep that sent nothing did not time the sending (sweep-bench.ts: dueReminders).
        if (run.report.emailsSent === 0 || run.report.remindersSent !== DUE) {
          throw new Error(
            `sweep (${size}) ${k + 1} sent ${JSON.stringify(run.report)}: expected every due reminder sent`,
          );
        }
        log(
          `sweep (${size}) ${k + 1}/${SWEEP_REPEATS}: ${run.ms.toFixed(0)} ms ${JSON.stringify(run.report)}`,
        );
        runs.push(run);
      }
      return runs;
    };
    log(`sweep: seeding ${SMALL_CASES} cases (a case and a reminder not yet due each)`);
    await seed(casesWithFutureReminders(0, SMALL_CASES, notDueAfter));
    await seed(dueReminders(Math.min(DUE, 200), sweepAt(0), 'warm-up'));
    await timeSweep(sweepAt(0), clients);
    const small = await sweeps('small', 1);
    log(
      `sweep: seeding ${CASES - SMALL_CASES} more cases (${((CASES - SMALL_CASES) * 2).toLocaleString()} items)`,
    );
    await seed(casesWithFutureReminders(SMALL_CASES, CASES, notDueAfter));
    const large = await sweeps('large', 1 + SWEEP_REPEATS);
    const smallMs = median(small.map((r) => r.ms));
    const largeMs = median(large.map((r) => r.ms));
    const read = large.reduce((n, r) => n + r.report.itemsRead, 0);
    const due = large.reduce((n, r) => n + r.report.due, 0);
    results.sweepReadAmplification = round(read / Math.max(1, due), 3);
    results.sweepScaleRatio = round(largeMs / smallMs, 3);
    const perSweep = (runs: typeof small): SweepRun[] =>
      runs.map((r) => ({ ...r.report, ms: round(r.ms, 0) }));
    results.sweep = {
      cases: CASES,
      smallCases: SMALL_CASES,
      duePerSweep: DUE,
      sweepsPerSize: SWEEP_REPEATS,
      // Each sweep's own figures: what it read, what was due, claimed and sent in that one run.
      small: { medianMs: round(smallMs, 0), perSweep: perSweep(small) },
      large: { medianMs: round(largeMs, 0), perSweep: perSweep(large) },
      // The amplification's numerator and denominator: summed over the large size's sweeps.
      summedOverLargeSweeps: { sweeps: large.length, itemsRead: read, due },
      seededItems: seeded,
      seedSeconds: round(seedMs / 1000, 1),
      seedItemsPerSecond: round((seeded / seedMs) * 1000, 0),
    };
    partDone('sweep');
  }
} finally {
  raw.destroy();
  await stack.stop();
}

// ---- 6. Bundle imports (the stack stopped: a quieter machine) -----------------------------------------
if (PARTS.has('imports')) {
  log(`${IMPORT_RUNS} fresh imports of each bundle`);
  const timed = await timeImports(bundles, {
    runs: IMPORT_RUNS,
    environment: functionEnvironment,
    onProgress: log,
  });
  results.emptyImportMs = round(timed.emptyImportMs, 1);
  partDone('imports');
}
removeBundles(bundles.outDir);
const byName = <T>(pick: (f: (typeof bundles.functions)[number]) => T) =>
  Object.fromEntries(bundles.functions.map((f) => [f.name, pick(f)]));
Object.assign(results, {
  bundleKb: byName((f) => round(f.bundleKb, 1)),
  bundleTopModules: byName((f) => f.topModules),
  sdkPackages: byName((f) => ({ atStart: f.sdkPackages, whenFirstUsed: f.lazySdkPackages })),
  importMs: byName((f) => round(f.importMs, 1)),
  baselineImportMs: byName((f) => (f.baselineImportMs === undefined ? null : round(f.baselineImportMs, 1))),
  baselineBundleKb: byName((f) => (f.naiveBundleKb === undefined ? null : round(f.naiveBundleKb, 1))),
  sdkImportMs: byName((f) => round(f.sdkImportMs, 1)),
  sourceMapKb: byName((f) => round(f.sourceMapKb, 1)),
  bundleErrors: byName((f) => f.error ?? null),
});
results.machine.loadAverageAtEnd = loadavg().map((l) => round(l, 2));
results.benchSeconds = round((performance.now() - benchStarted) / 1000, 0);

// ---- Report ----------------------------------------------------------------------------------------
// A partial run (BENCH_PARTS) is kept aside: results.json and the README table are whole runs only.
const resultsFile = join(import.meta.dirname, FULL ? 'results.json' : 'results.partial.json');
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
if (FULL) writeReadmeTable();
console.log(`\n${benchTable(results)}`);
console.log(`\nWritten to ${resultsFile}${FULL ? ' and the README table' : ''}`);
