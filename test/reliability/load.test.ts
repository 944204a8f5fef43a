import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import {
  acknowledgementReference,
  alertReference,
  countBy,
  MailboxWatcher,
} from '../support/mailbox-watch.ts';
import { httpTransport, notifyThroughForm, runConcurrently, Visitor } from '../support/notify-visitor.ts';
import { queueCounts, waitForQueueEmpty } from '../support/queues.ts';
import { countQueueSends, report, scanNotifications, sleep } from '../support/reliability.ts';

const NOTIFICATIONS = Number(process.env.RELIABILITY_LOAD_NOTIFICATIONS ?? 1000);
const CONCURRENCY = Number(process.env.RELIABILITY_LOAD_CONCURRENCY ?? 32);

describe(`load: ${NOTIFICATIONS} notifications through the form at concurrency ${CONCURRENCY}`, () => {
  let stack: LocalStack;
  const backgroundErrors: string[] = [];

  beforeAll(async () => {
    const { startLocalStack } = await import('../../infra/local/local-stack.ts');
    stack = await startLocalStack({
      schedules: false,
      onBackgroundError: (where, error) => backgroundErrors.push(`${where}: ${(error as Error).name}`),
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('stores, queues and alerts each one exactly once, with no 5xx', { timeout: 420_000 }, async () => {
    const sends = countQueueSends();
    const watcher = new MailboxWatcher(stack.mailboxUrl, 200).start();
    const http = httpTransport(stack.baseUrl);
    const started = performance.now();
    const statuses: number[] = [];
    const failures: string[] = [];
    let references: string[];
    try {
      references = await runConcurrently(NOTIFICATIONS, CONCURRENCY, async () => {
        const v = new Visitor(http);
        try {
          return (await notifyThroughForm(v)).reference;
        } catch (error) {
          failures.push((error as Error).message);
          return '';
        } finally {
          statuses.push(...v.statuses);
        }
      });
      const submittedSeconds = (performance.now() - started) / 1000;

      // Every alert and acknowledgement, then a moment more for any duplicate to show.
      await watcher.waitFor(
        (emails) => {
          const alerts = new Set(emails.map(alertReference));
          return references.every((r) => alerts.has(r));
        },
        240_000,
        'an alert for every notification',
      );
      await waitForQueueEmpty(stack.sqs, stack.notificationQueue.url, 60_000);
      await sleep(1500);
      await watcher.poll();
      const routedSeconds = (performance.now() - started) / 1000;

      const emails = watcher.emails();
      const alerts = countBy(emails, alertReference);
      const acknowledgements = countBy(emails, acknowledgementReference);
      const stored = await scanNotifications(stack.db, stack.tableName);
      const dlq = await queueCounts(stack.sqs, stack.deadLetterQueue.url);
      const fiveHundreds = statuses.filter((s) => s >= 500);

      report('load', {
        notifications: NOTIFICATIONS,
        concurrency: CONCURRENCY,
        requests: statuses.length,
        '5xx': fiveHundreds.length,
        submittedSeconds: submittedSeconds.toFixed(1),
        allAlertedSeconds: routedSeconds.toFixed(1),
        requestsPerSecond: (statuses.length / submittedSeconds).toFixed(0),
        stored: stored.length,
        storedWithoutQueuedAt: stored.filter((i) => i.queuedAt === undefined).length,
        queueSendsAccepted: [...sends.accepted.values()].reduce((a, b) => a + b, 0),
        alerts: [...alerts.values()].reduce((a, b) => a + b, 0),
        acknowledgements: [...acknowledgements.values()].reduce((a, b) => a + b, 0),
        dlq: dlq.visible + dlq.inFlight,
        backgroundErrors: Object.fromEntries(countBy(backgroundErrors, (e) => e)),
      });

      expect(failures).toEqual([]);
      expect(fiveHundreds).toEqual([]);
      expect(new Set(references).size).toBe(NOTIFICATIONS);
      // Stored once: one NOTIFICATION item per reference and no others.
      expect(stored.map((i) => i.reference).sort()).toEqual([...references].sort());
      for (const item of stored) {
        expect(item.queuedAt, `${item.reference} queued`).toEqual(expect.any(String));
        expect(item.routedAt, `${item.reference} routed`).toEqual(expect.any(String));
      }
      // Queued once, alerted once, acknowledged once.
      expect(references.filter((r) => sends.accepted.get(r) !== 1)).toEqual([]);
      expect(references.filter((r) => alerts.get(r) !== 1)).toEqual([]);
      expect(references.filter((r) => acknowledgements.get(r) !== 1)).toEqual([]);
      expect(dlq).toEqual({ visible: 0, inFlight: 0 });
    } finally {
      sends.restore();
      await watcher.stop();
    }
  });
});
