import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { newReference } from '../../shared/domain/reference.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { aNotification } from '../fixtures/notifications.ts';
import { alertReference, countBy, MailboxWatcher } from '../support/mailbox-watch.ts';
import { httpTransport, notifyThroughForm, runConcurrently, Visitor } from '../support/notify-visitor.ts';
import { peekMessages, queueCounts, setVisibilityTimeout } from '../support/queues.ts';
import { report, sleep } from '../support/reliability.ts';

const GOOD = 8;
/** peekMessages hides what it reads for 2 s. */
const PEEK_VISIBILITY_MS = 2200;

describe('poison message: to the DLQ after the receive limit, without blocking others; redrive', () => {
  let stack: LocalStack;
  let maxReceive = 5;

  beforeAll(async () => {
    const { startLocalStack } = await import('../../infra/local/local-stack.ts');
    // The route function logs each malformed message at ERROR: expected here.
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    stack = await startLocalStack({ schedules: false });
    maxReceive =
      stack.wiring.queues.find((q) => q.redrive && stack.notificationQueue.url.endsWith(`/${q.name}`))
        ?.redrive?.maxReceiveCount ?? 5;
    // Receives a second apart, so the limit is reached in seconds, not minutes.
    await setVisibilityTimeout(stack.sqs, stack.notificationQueue.url, 1);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  // Visible plus in flight: fauxqs brings expired in-flight messages back only when someone
  // receives, so its count of visible ones lags; the total does not.
  const dlqSize = async () => {
    const { visible, inFlight } = await queueCounts(stack.sqs, stack.deadLetterQueue.url);
    return visible + inFlight;
  };
  const waitForDlq = async (n: number, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while ((await dlqSize()) !== n) {
      if (Date.now() > deadline) throw new Error(`DLQ never held ${n} (holds ${await dlqSize()})`);
      await sleep(200);
    }
  };

  it('routes the good notifications while two poison messages cycle, then dead-letters both', {
    timeout: 120_000,
  }, async () => {
    const watcher = new MailboxWatcher(stack.mailboxUrl, 50).start();
    const unstored = newReference();
    const started = Date.now();
    await stack.sqs.send(
      new SendMessageCommand({ QueueUrl: stack.notificationQueue.url, MessageBody: '{"nope":' }),
    );
    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.notificationQueue.url,
        MessageBody: JSON.stringify({ reference: unstored }),
      }),
    );
    const http = httpTransport(stack.baseUrl);
    const sentAt = new Map<string, number>();
    const references = await runConcurrently(GOOD, 4, async () => {
      const v = new Visitor(http);
      const { reference } = await notifyThroughForm(v);
      sentAt.set(reference, Date.now());
      return reference;
    });
    const emails = await watcher.waitFor(
      (all) => references.every((r) => all.some((e) => alertReference(e) === r)),
      30_000,
      'every good alert',
    );
    const latencies = references.map(
      (r) => (emails.find((e) => alertReference(e) === r)?.seenAt ?? 0) - (sentAt.get(r) ?? 0),
    );
    const dlqWhenGoodDone = await dlqSize();
    await waitForDlq(2, 60_000);
    const deadLetteredSeconds = (Date.now() - started) / 1000;
    const dead = await peekMessages(stack.sqs, stack.deadLetterQueue.url);
    await watcher.stop();

    report('poison-message', {
      maxReceiveCount: maxReceive,
      goodNotifications: GOOD,
      goodAlertMaxMs: Math.max(...latencies),
      dlqWhenGoodAlerted: dlqWhenGoodDone,
      bothDeadLetteredSeconds: deadLetteredSeconds.toFixed(1),
      deadLetterReceiveCounts: dead.map((m) => m.Attributes?.ApproximateReceiveCount ?? '?'),
    });
    expect(countBy(watcher.emails(), alertReference).size).toBe(GOOD);
    // The good ones were not held up behind the poison: all alerted before the poison gave out.
    expect(dlqWhenGoodDone).toBe(0);
    expect(dead.map((m) => m.Body).sort()).toEqual(
      [JSON.stringify({ reference: unstored }), '{"nope":'].sort(),
    );
  });

  it('redrives: a dry run moves nothing; after the fix, the fixable one is routed and the malformed one dead-letters again', {
    timeout: 90_000,
  }, async () => {
    const { redrive } = await import('../../infra/ops/redrive.ts');
    const urls = {
      sqs: stack.sqs,
      dlqUrl: stack.deadLetterQueue.url,
      sourceUrl: stack.notificationQueue.url,
    };
    await waitForDlq(2, 30_000);
    await sleep(PEEK_VISIBILITY_MS); // the first test's peek lets go of them
    const dry = await redrive({ ...urls, dryRun: true, waitTimeSeconds: 0 });
    expect(dry.messageIds).toHaveLength(2);
    expect(dry.moved).toBe(0);
    expect(await dlqSize()).toBe(2);

    // The fix: the notification the message names is stored (as if a failed write was repaired).
    const [fixable] = (await peekMessages(stack.sqs, stack.deadLetterQueue.url))
      .map((m) => m.Body ?? '')
      .filter((b) => b.startsWith('{"reference"'));
    const reference = (JSON.parse(fixable ?? '{}') as { reference: string }).reference;
    await createNotificationStore(stack.db, stack.tableName).record(aNotification({ reference }));
    await sleep(PEEK_VISIBILITY_MS);

    const moved = await redrive({ ...urls, waitTimeSeconds: 0 });
    const watcher = new MailboxWatcher(stack.mailboxUrl, 100);
    await watcher.waitFor(
      (all) => all.some((e) => alertReference(e) === reference),
      30_000,
      'the redriven alert',
    );
    await waitForDlq(1, 30_000);
    const left = await peekMessages(stack.sqs, stack.deadLetterQueue.url);
    report('poison-message redrive', {
      dryRunListed: dry.messageIds.length,
      moved: moved.moved,
      deadAgain: left.length,
    });
    expect(moved.moved).toBe(2);
    expect(left.map((m) => m.Body)).toEqual(['{"nope":']);
  });
});
