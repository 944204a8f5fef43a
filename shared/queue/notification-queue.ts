import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import { schemaOnFirstUse } from '../schema-on-first-use.ts';
import { withoutSdkLogging } from '../sdk-client.ts';

/**
 * The queue carries the reference only. The notification itself stays in the encrypted table,
 * so there is one copy of a child's details and a redriven message can never be stale.
 */
export const NotificationMessageSchema = schemaOnFirstUse(() =>
  z.object({
    reference: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{8}$/)),
  }),
);
export type NotificationMessage = z.infer<typeof NotificationMessageSchema>;

/**
 * A change or ending notice (issue 12) on the same queue, told apart by its key: the same
 * retries, partial batch failures and DLQ as notifications, with the notice's reference only.
 */
export const NoticeMessageSchema = schemaOnFirstUse(() =>
  z.object({
    notice: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{8}$/)),
  }),
);
export type NoticeMessage = z.infer<typeof NoticeMessageSchema>;
export const QueueMessageSchema = schemaOnFirstUse(() =>
  z.union([NotificationMessageSchema, NoticeMessageSchema]),
);

export interface NotificationQueue {
  send(message: NotificationMessage): Promise<void>;
}

export interface NoticeQueue {
  send(message: NoticeMessage): Promise<void>;
}

/** The one routing queue, either message (the sweep's outbox re-queues both). */
export interface RoutingQueue {
  send(message: NotificationMessage | NoticeMessage): Promise<void>;
}

/**
 * fauxqs answers with queue URLs on its own host; an explicit endpoint (or
 * useQueueUrlAsEndpoint: false) keeps the SDK talking to the emulator it was given.
 */
export function createSqsClient(endpoint?: string): SQSClient {
  return withoutSdkLogging(
    new SQSClient({ ...(endpoint ? { endpoint, useQueueUrlAsEndpoint: false } : {}), maxAttempts: 3 }),
  );
}

export function createNotificationQueue(sqs: SQSClient, queueUrl: string): NotificationQueue & NoticeQueue {
  return {
    async send(message: NotificationMessage | NoticeMessage) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
    },
  };
}
