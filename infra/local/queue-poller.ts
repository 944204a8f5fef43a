import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export interface PollerOptions {
  queueUrl: string;
  queueArn: string;
  batchSize: number;
  reportBatchItemFailures: boolean;
  /** Parallel pollers, as Lambda scales its SQS pollers. */
  concurrency?: number;
  invoke: (event: SQSEvent) => Promise<unknown>;
  onError?: (error: unknown) => void;
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const a = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
      SentTimestamp: a.SentTimestamp ?? String(Date.now()),
      SenderId: a.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'eu-west-2',
  };
}

/**
 * What Lambda's SQS event source mapping does: long-poll, invoke with up to `batchSize` records,
 * delete what succeeded. Failed records are left alone: they reappear after the queue's visibility
 * timeout, and the queue's redrive policy moves them to the DLQ after maxReceiveCount receives.
 * A thrown error fails the whole batch; without ReportBatchItemFailures, so does any failure.
 */
export function startQueuePoller(sqs: SQSClient, options: PollerOptions): { stop(): Promise<void> } {
  const abort = new AbortController();
  let running = true;

  const loop = async () => {
    while (running) {
      let messages: Message[] = [];
      try {
        const out = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: options.batchSize,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        messages = out.Messages ?? [];
      } catch (error) {
        if (!running) return;
        options.onError?.(error);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (messages.length === 0) continue;

      const event: SQSEvent = { Records: messages.map((m) => toRecord(m, options.queueArn)) };
      let failed: Set<string>;
      try {
        const response = await options.invoke(event);
        const failures = (response as SQSBatchResponse | undefined)?.batchItemFailures ?? [];
        failed = new Set(failures.map((f) => f.itemIdentifier));
        if (failed.size && !options.reportBatchItemFailures)
          failed = new Set(messages.map((m) => m.MessageId ?? ''));
      } catch (error) {
        options.onError?.(error);
        failed = new Set(messages.map((m) => m.MessageId ?? ''));
      }
      const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
      if (done.length) {
        try {
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: options.queueUrl,
              Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
            }),
          );
        } catch (error) {
          // Not deleted means delivered again: the consumers are idempotent.
          options.onError?.(error);
        }
      }
    }
  };

  const loops = Array.from({ length: options.concurrency ?? 2 }, loop);
  return {
    async stop() {
      running = false;
      abort.abort();
      await Promise.allSettled(loops);
    },
  };
}
