import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import {
  acknowledgementReference,
  alertReference,
  countBy,
  MailboxWatcher,
} from '../support/mailbox-watch.ts';
import { httpTransport, notifyThroughForm, type Transport, Visitor } from '../support/notify-visitor.ts';
import { queueCounts, setVisibilityTimeout, waitForQueueEmpty } from '../support/queues.ts';
import { getNotificationItem, LEAKS, report, sleep } from '../support/reliability.ts';

const GAP_SECONDS = 5;
const WORKERS = 6;
const VISIBILITY_SECONDS = 20;

interface ServerError {
  status: number;
  path: string;
  govukPage: boolean;
  leaks: boolean;
}

/**
 * A person on the form while the database is away: on an error page they wait a moment and send
 * the same request again (the page tells them to try again), up to a minute.
 */
function patient(inner: Transport, seen: ServerError[]): Transport {
  return async (req) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await inner(req);
      if (res.status < 500 || Date.now() > deadline) return res;
      seen.push({
        status: res.status,
        path: req.path,
        govukPage: res.body.includes('govuk-template') && /<h1[^>]*>/.test(res.body),
        leaks: LEAKS.test(res.body),
      });
      await sleep(500);
    }
  };
}

describe(`DynamoDB restart: DynamoDB Local stopped for ${GAP_SECONDS} s mid-run`, () => {
  let dataDirectory = '';
  let stack: LocalStack;
  const backgroundErrors: string[] = [];

  beforeAll(async () => {
    dataDirectory = mkdtempSync(join(tmpdir(), 'pf-dynamo-restart-'));
    const { startLocalStack } = await import('../../infra/local/local-stack.ts');
    // The gap makes the notify function log an error per failed request: expected here.
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    stack = await startLocalStack({
      dataDirectory,
      schedules: false,
      onBackgroundError: (where, error) => backgroundErrors.push(`${where}: ${(error as Error).name}`),
    });
    // Route retries what failed in the gap after this long. An email claim stranded by a write
    // that failed in the gap holds that email for the ledger's 60 s lease, so five receives must
    // outlast the lease, not just the gap (the template's 60 s does, comfortably).
    await setVisibilityTimeout(stack.sqs, stack.notificationQueue.url, VISIBILITY_SECONDS);
  });
  afterAll(async () => {
    await stack?.stop();
    if (dataDirectory) rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('answers the gap with GOV.UK error pages or retries, and loses nothing it accepted', {
    timeout: 240_000,
  }, async () => {
    const serverErrors: ServerError[] = [];
    const transport = patient(httpTransport(stack.baseUrl), serverErrors);
    const accepted: string[] = [];
    const failed: string[] = [];
    let running = true;
    const workers = Array.from({ length: WORKERS }, async () => {
      while (running) {
        try {
          accepted.push((await notifyThroughForm(new Visitor(transport))).reference);
        } catch (error) {
          failed.push((error as Error).message);
        }
      }
    });

    await sleep(4000);
    const acceptedBefore = accepted.length;
    await stack.emulators.stopDynamoDb();
    const stoppedAt = Date.now();
    await sleep(GAP_SECONDS * 1000);
    await stack.emulators.startDynamoDb();
    const downSeconds = (Date.now() - stoppedAt) / 1000;
    const errorsInGap = serverErrors.length;
    await sleep(4000);
    running = false;
    await Promise.all(workers);

    const watcher = new MailboxWatcher(stack.mailboxUrl, 200);
    await watcher.waitFor(
      (emails) => {
        const alerts = new Set(emails.map(alertReference));
        const acks = new Set(emails.map(acknowledgementReference));
        return accepted.every((r) => alerts.has(r) && acks.has(r));
      },
      150_000,
      'an alert and an acknowledgement for every accepted notification',
    );
    const allEmailedSeconds = (Date.now() - stoppedAt) / 1000;
    await waitForQueueEmpty(stack.sqs, stack.notificationQueue.url, 60_000);
    await sleep(1000);
    await watcher.poll();
    const alerts = countBy(watcher.emails(), alertReference);
    const acks = countBy(watcher.emails(), acknowledgementReference);
    const missingInTable: string[] = [];
    for (const reference of accepted) {
      if (!(await getNotificationItem(stack.db, stack.tableName, reference))) missingInTable.push(reference);
    }
    const dlq = await queueCounts(stack.sqs, stack.deadLetterQueue.url);
    const byStatus = countBy(serverErrors, (e) => String(e.status));

    report('dynamodb-restart', {
      downSeconds: downSeconds.toFixed(1),
      acceptedBeforeStop: acceptedBefore,
      accepted: accepted.length,
      journeysFailed: failed.length,
      serverErrorPages: serverErrors.length,
      serverErrorsDuringGap: errorsInGap,
      byStatus: Object.fromEntries(byStatus),
      allGovukPages: serverErrors.every((e) => e.govukPage),
      anyLeak: serverErrors.some((e) => e.leaks),
      lost: missingInTable.length,
      notAlerted: accepted.filter((r) => !alerts.get(r)).length,
      duplicateAlerts: [...alerts.values()].filter((n) => n > 1).length,
      duplicateAcknowledgements: [...acks.values()].filter((n) => n > 1).length,
      allEmailedSecondsAfterStop: allEmailedSeconds.toFixed(1),
      dlq: dlq.visible + dlq.inFlight,
      backgroundErrors: Object.fromEntries(countBy(backgroundErrors, (e) => e)),
    });

    expect(serverErrors.length, 'the gap was noticed by someone on the form').toBeGreaterThan(0);
    expect(serverErrors.filter((e) => !e.govukPage || e.leaks)).toEqual([]);
    expect(failed).toEqual([]);
    expect(missingInTable).toEqual([]);
    // Nothing accepted is lost: every one alerted and acknowledged. (At least once, not exactly:
    // an email SES accepted just before the database went away, whose ledger write then failed,
    // is sent again when its claim's lease runs out — reported above, not failed on.)
    expect(accepted.filter((r) => !alerts.get(r))).toEqual([]);
    expect(accepted.filter((r) => !acks.get(r))).toEqual([]);
    expect(dlq).toEqual({ visible: 0, inFlight: 0 });
  });
});
