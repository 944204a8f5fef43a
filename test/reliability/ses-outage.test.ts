import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/emulators.ts';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.ts';
import {
  acknowledgementReference,
  alertReference,
  countBy,
  MailboxWatcher,
} from '../support/mailbox-watch.ts';
import { httpTransport, notifyThroughForm, runConcurrently, Visitor } from '../support/notify-visitor.ts';
import { queueCounts, setVisibilityTimeout, waitForQueueEmpty } from '../support/queues.ts';
import { report, sleep } from '../support/reliability.ts';
import { ensureSesEndpoint, withSesEndpoint } from '../support/ses-endpoint.ts';

const OUTAGE_SECONDS = Number(process.env.RELIABILITY_SES_OUTAGE_SECONDS ?? 30);
const PER_PHASE = 15;

describe(`SES outage: every send rejected for ${OUTAGE_SECONDS} s mid-run`, () => {
  let stack: LocalStack;
  let proxy: FaultProxy;
  let via: 'option' | 'redirect';
  let undo: () => void = () => undefined;
  let visibility = 0;
  const backgroundErrors: string[] = [];

  beforeAll(async () => {
    const { startLocalStack } = await import('../../infra/local/local-stack.ts');
    const sesPort = await freePort();
    proxy = await startFaultProxy({ target: `http://127.0.0.1:${sesPort}` });
    stack = await startLocalStack(
      withSesEndpoint(
        {
          schedules: false,
          mailboxPort: sesPort,
          onBackgroundError: (where, error) => backgroundErrors.push(`${where}: ${(error as Error).name}`),
        },
        proxy.url,
      ),
    );
    ({ via, undo } = ensureSesEndpoint(proxy.url));
    // A failed message comes back after the visibility timeout. With the template's receive limit,
    // the outage must fit in fewer receives than the limit, or a message that only needed a retry
    // would reach the DLQ: the timeout is chosen so it does (as the template's 60 s does in AWS).
    const maxReceive =
      stack.wiring.queues.find((q) => q.redrive && stack.notificationQueue.url.endsWith(`/${q.name}`))
        ?.redrive?.maxReceiveCount ?? 5;
    visibility = Math.ceil(OUTAGE_SECONDS / Math.max(1, maxReceive - 2)) + 2;
    await setVisibilityTimeout(stack.sqs, stack.notificationQueue.url, visibility);
  });
  afterAll(async () => {
    undo();
    await stack?.stop();
    await proxy?.close();
  });

  it('retries, then delivers every alert and acknowledgement exactly once, with nothing in the DLQ', {
    timeout: (OUTAGE_SECONDS + 180) * 1000,
  }, async () => {
    const http = httpTransport(stack.baseUrl);
    const watcher = new MailboxWatcher(stack.mailboxUrl, 100).start();
    const notify = (count: number) =>
      runConcurrently(count, 4, async () => (await notifyThroughForm(new Visitor(http))).reference);
    const started = Date.now();
    try {
      const before = await notify(PER_PHASE);
      await watcher.waitFor(
        (e) => before.every((r) => e.some((m) => alertReference(m) === r)),
        60_000,
        'alerts',
      );

      proxy.setMode('reject');
      const outageStarted = Date.now();
      // Notifications keep arriving through the outage: the form does not need SES.
      const during: string[] = [];
      while (Date.now() - outageStarted < (OUTAGE_SECONDS - 3) * 1000) {
        during.push(...(await notify(3)));
        await sleep(1000);
      }
      await sleep(Math.max(0, OUTAGE_SECONDS * 1000 - (Date.now() - outageStarted)));
      const rejectedDuringOutage = proxy.stats.rejected;
      proxy.setMode('pass');
      const outageEnded = Date.now();

      const after = await notify(PER_PHASE);
      const all = [...before, ...during, ...after];
      await watcher.waitFor(
        (emails) => {
          const alerts = new Set(emails.map(alertReference));
          const acks = new Set(emails.map(acknowledgementReference));
          return all.every((r) => alerts.has(r) && acks.has(r));
        },
        (visibility * 3 + 60) * 1000,
        'an alert and an acknowledgement for every notification',
      );
      const recoveredSeconds = (Date.now() - outageEnded) / 1000;
      await waitForQueueEmpty(stack.sqs, stack.notificationQueue.url, 60_000);
      await sleep(1500);
      await watcher.poll();

      const emails = watcher.emails();
      const alerts = countBy(emails, alertReference);
      const acks = countBy(emails, acknowledgementReference);
      const dlq = await queueCounts(stack.sqs, stack.deadLetterQueue.url);
      report('ses-outage', {
        outageSeconds: OUTAGE_SECONDS,
        sesEndpointVia: via,
        visibilityTimeoutSeconds: visibility,
        notifications: all.length,
        duringOutage: during.length,
        sendsRejected: rejectedDuringOutage,
        sendsForwarded: proxy.stats.forwarded,
        allDeliveredSecondsAfterOutage: recoveredSeconds.toFixed(1),
        totalSeconds: ((Date.now() - started) / 1000).toFixed(1),
        dlq: dlq.visible + dlq.inFlight,
        backgroundErrors: Object.fromEntries(countBy(backgroundErrors, (e) => e)),
      });

      expect(rejectedDuringOutage).toBeGreaterThan(0);
      expect(all.filter((r) => alerts.get(r) !== 1)).toEqual([]);
      expect(all.filter((r) => acks.get(r) !== 1)).toEqual([]);
      expect(dlq).toEqual({ visible: 0, inFlight: 0 });
    } finally {
      await watcher.stop();
    }
  });
});
