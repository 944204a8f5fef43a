import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import sesModule from 'aws-ses-v2-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepReport } from '../../functions/remind/sweep.ts';
import { freePort } from '../../infra/local/emulators.ts';
import { REPO_ROOT } from '../../infra/local/local-stack.ts';
import { MAX_RECEIVE_COUNT } from '../../infra/stacks/stateful-stack.ts';
import { EMAIL_CLAIM_LEASE_SECONDS } from '../../shared/store/email-ledger.ts';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.ts';
import {
  acknowledgementReference,
  alertReference,
  countBy,
  MailboxWatcher,
  type SeenEmail,
} from '../support/mailbox-watch.ts';
import { httpTransport, notifyThroughForm, runConcurrently, Visitor } from '../support/notify-visitor.ts';
import { queueCounts, setVisibilityTimeout } from '../support/queues.ts';
import { report, scanNotifications, sleep } from '../support/reliability.ts';

/*
 * The local runtime is killed with SIGKILL (its whole process group: Node, and DynamoDB Local's
 * Java) while route batches are in flight, then started again on the same data directory.
 *
 * What survives: DynamoDB Local's files. What does not: fauxqs keeps its queues in memory, so
 * every message (queued or in flight) is lost with the process — which is what the pipeline's
 * outbox is for (shared/store/notification-store.ts: a stored notification stays in the sparse due
 * index, and the remind sweep re-queues it 15 minutes after it was queued). The sweep is run "as
 * of" 16 minutes later through the remind function.
 *
 * SES lives outside the crashed process here (as it does in AWS): the runtime sends through a
 * proxy in this test process to an SES emulator in this test process, so every email sent before
 * the crash is still counted after it. The proxy lets the first sends through, then holds the
 * rest unforwarded: the crash lands while route batches wait on SES, never between SES accepting
 * an email and the ledger recording it (a window no SES API can close: there is no idempotency key).
 */

const NOTIFICATIONS = 30;
const PASS_FIRST = 10;

type SesServer = (config: { host: string; port: number }) => Promise<Server>;
const sesServer = ((sesModule as unknown as { default?: SesServer }).default ?? sesModule) as SesServer;

interface Ready {
  type: 'ready';
  pid: number;
  baseUrl: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  tableName: string;
  queueUrl: string;
  dlqUrl: string;
  sesVia: string;
}

interface StackProcess {
  child: ChildProcess;
  info: Ready;
  sweep(at: Date): Promise<SweepReport>;
}

async function startStackProcess(dataDirectory: string, sesEndpoint: string): Promise<StackProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'test/support/stack-process.ts'), dataDirectory, sesEndpoint],
    // Its own process group, so the crash takes DynamoDB Local's JVM down with it.
    { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: process.env },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const info = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`stack process did not start: ${stderr.slice(-500)}`)),
      120_000,
    );
    child.on('message', (m: { type?: string }) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m as Ready);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stack process exited (${code}): ${stderr.slice(-500)}`));
    });
  });
  let nextId = 0;
  return {
    child,
    info,
    sweep: (at) =>
      new Promise((resolve) => {
        const id = ++nextId;
        const onMessage = (m: { type?: string; id?: number; report?: SweepReport }) => {
          if (m.type === 'swept' && m.id === id && m.report) {
            child.off('message', onMessage);
            resolve(m.report);
          }
        };
        child.on('message', onMessage);
        child.send({ type: 'sweep', id, at: at.toISOString() });
      }),
  };
}

/** SIGKILL to the whole group (Node and DynamoDB Local's JVM), as a crash would. */
async function crash(p: StackProcess): Promise<void> {
  const exited = new Promise((r) => p.child.once('exit', r));
  process.kill(-(p.child.pid as number), 'SIGKILL');
  await exited;
}

async function stopCleanly(p: StackProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.send({ type: 'stop' });
  const timer = setTimeout(() => process.kill(-(p.child.pid as number), 'SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

const portOpen = (endpoint: string) =>
  new Promise<boolean>((resolve) => {
    const url = new URL(endpoint);
    const socket = connect(Number(url.port), url.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('process crash: SIGKILL with route batches in flight, then a restart', () => {
  let dataDirectory = '';
  let ses: Server;
  let proxy: FaultProxy;
  let first: StackProcess | undefined;
  let second: StackProcess | undefined;

  beforeAll(async () => {
    dataDirectory = mkdtempSync(join(tmpdir(), 'pf-crash-'));
    const sesPort = await freePort();
    ses = await sesServer({ host: '127.0.0.1', port: sesPort });
    proxy = await startFaultProxy({
      target: `http://127.0.0.1:${sesPort}`,
      mode: 'hold',
      passFirst: PASS_FIRST,
    });
  });
  afterAll(async () => {
    await stopCleanly(first);
    await stopCleanly(second);
    await proxy?.close();
    ses?.closeAllConnections?.();
    await new Promise((r) => ses?.close(r));
    if (dataDirectory) rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('processes every notification once after the restart: the outbox re-queues what the queue lost', {
    timeout: 400_000,
  }, async () => {
    const sesAddress = ses.address();
    const watcher = new MailboxWatcher(
      `http://127.0.0.1:${typeof sesAddress === 'object' && sesAddress ? sesAddress.port : 0}`,
      100,
    ).start();
    try {
      // --- Before: notifications through the form, routing starts, SES holds after PASS_FIRST sends.
      first = await startStackProcess(dataDirectory, proxy.url);
      const http = httpTransport(first.info.baseUrl);
      const references = await runConcurrently(
        NOTIFICATIONS,
        6,
        async () => (await notifyThroughForm(new Visitor(http))).reference,
      );
      const deadline = Date.now() + 30_000;
      while (proxy.holding() < 2 && Date.now() < deadline) await sleep(100);
      await sleep(500);
      await watcher.poll();
      const heldAtCrash = proxy.holding();
      const emailsBeforeCrash = watcher.emails().length;

      // --- The crash.
      await crash(first);
      const dynamoDown = !(await portOpen(first.info.dynamodbEndpoint));
      proxy.release();

      // --- The restart, on the same data.
      const restartStarted = Date.now();
      second = await startStackProcess(dataDirectory, proxy.url);
      const restartSeconds = (Date.now() - restartStarted) / 1000;
      const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
      const rawDb = new DynamoDBClient({
        endpoint: second.info.dynamodbEndpoint,
        region: 'eu-west-2',
        credentials,
      });
      const db = DynamoDBDocumentClient.from(rawDb);
      const sqs = new SQSClient({
        endpoint: second.info.sqsEndpoint,
        region: 'eu-west-2',
        credentials,
        useQueueUrlAsEndpoint: false,
      });
      try {
        const survived = await scanNotifications(db, second.info.tableName);
        // A message retried while a crashed run's email claim is still held must not use up its
        // receives before the lease ends. Visibility shortened for the test (60 s in AWS), but so
        // that even the fourth of MAX_RECEIVE_COUNT receives comes after a claim made at the
        // crash has lapsed: at 15 s, five receives could all fall inside a 60 s lease (seen once
        // in CI: the message went to the DLQ with the acknowledgement still claimed).
        const visibilitySeconds = Math.ceil(EMAIL_CLAIM_LEASE_SECONDS / (MAX_RECEIVE_COUNT - 2));
        await setVisibilityTimeout(sqs, second.info.queueUrl, visibilitySeconds);
        const swept = await second.sweep(new Date(Date.now() + 16 * 60_000));

        const everyOneSent = (emails: SeenEmail[]) => {
          const alerts = new Set(emails.map(alertReference));
          const acks = new Set(emails.map(acknowledgementReference));
          return references.every((r) => alerts.has(r) && acks.has(r));
        };
        let recovered = true;
        try {
          await watcher.waitFor(
            everyOneSent,
            // The last receive comes (MAX_RECEIVE_COUNT - 1) visibility timeouts after the first.
            (MAX_RECEIVE_COUNT * visibilitySeconds + 30) * 1000,
            'an alert and an acknowledgement for every notification',
          );
        } catch {
          recovered = false;
        }
        // Still unrouted: the outbox's next turn (15 minutes on) queues it again, as in AWS. Seen
        // in CI a few times in ten: a notification whose emails were claimed within a minute
        // before the crash had no message left in the queue or the DLQ after its retries (why is
        // not yet known); the outbox is what brings it back. What must hold is that every one is
        // processed, and none twice.
        let secondSweep: SweepReport | undefined;
        if (!recovered) {
          secondSweep = await second.sweep(new Date(Date.now() + 32 * 60_000));
          try {
            await watcher.waitFor(everyOneSent, 60_000, 'every notification after the second sweep');
            recovered = true;
          } catch {
            // Diagnosed below.
          }
        }
        await sleep(1500);
        await watcher.poll();
        const emails = watcher.emails();
        const alerts = countBy(emails, alertReference);
        const acks = countBy(emails, acknowledgementReference);
        const missing = references.filter((r) => alerts.get(r) !== 1 || acks.get(r) !== 1);

        // Why each missing one is missing: what the table says about it.
        const diagnosis: Record<string, string> = {};
        for (const reference of missing) {
          const items =
            (
              await db.send(
                new QueryCommand({
                  TableName: second.info.tableName,
                  KeyConditionExpression: 'pk = :pk',
                  ExpressionAttributeValues: { ':pk': `CASE#${reference}` },
                }),
              )
            ).Items ?? [];
          const notification = items.find((i) => i.sk === 'NOTIFICATION');
          const ledger = items
            .filter((i) => String(i.sk).startsWith('EMAIL#'))
            .map(
              (i) =>
                `${String(i.sk).slice(6)}=${i.state}${i.leaseUntil ? ` (lease until ${i.leaseUntil})` : ''}`,
            );
          diagnosis[reference] = [
            `alerts=${alerts.get(reference) ?? 0} acks=${acks.get(reference) ?? 0}`,
            items.some((i) => i.sk === 'CASE') ? 'case open' : 'no case',
            notification?.gsi1pk ? 'in outbox' : 'out of outbox',
            ...ledger,
            `queue ${JSON.stringify(await queueCounts(sqs, second.info.queueUrl))} at ${new Date().toISOString()}`,
          ].join(', ');
        }

        report('process-crash', {
          notifications: NOTIFICATIONS,
          emailsBeforeCrash,
          sesSendsHeldAtCrash: heldAtCrash,
          sesHeldDropped: proxy.stats.dropped,
          dynamoDbLocalDiedWithIt: dynamoDown,
          restartSeconds: restartSeconds.toFixed(1),
          notificationsOnDiskAfterRestart: survived.length,
          sweepRequeued: swept.notificationsRequeued,
          secondSweepRequeued: secondSweep?.notificationsRequeued ?? 0,
          visibilitySeconds,
          dlq: (await queueCounts(sqs, second.info.dlqUrl)).visible,
          allProcessed: recovered,
          missing: missing.length,
          sesVia: second.info.sesVia,
        });
        if (missing.length) console.log('[reliability] process-crash: not processed:', diagnosis);

        expect(heldAtCrash, 'a route batch was in flight when the process died').toBeGreaterThan(0);
        expect(dynamoDown).toBe(true);
        expect(survived.map((i) => i.reference).sort()).toEqual([...references].sort());
        expect(swept.notificationsRequeued).toBeGreaterThan(0);
        expect(diagnosis).toEqual({});
        // None twice.
        expect([...alerts.values()].filter((n) => n > 1)).toEqual([]);
        expect([...acks.values()].filter((n) => n > 1)).toEqual([]);
      } finally {
        sqs.destroy();
        rawDb.destroy();
      }
    } finally {
      await watcher.stop();
    }
  });
});
