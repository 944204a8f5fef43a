import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';

/**
 * The queue carries the reference only. The notification itself stays in the encrypted table,
 * so there is one copy of a child's details and a redriven message can never be stale.
 */
export const NotificationMessageSchema = z.object({
  reference: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{8}$/)),
});
export type NotificationMessage = z.infer<typeof NotificationMessageSchema>;

export interface NotificationQueue {
  send(message: NotificationMessage): Promise<void>;
}

/**
 * fauxqs answers with queue URLs on its own host; an explicit endpoint (or
 * useQueueUrlAsEndpoint: false) keeps the SDK talking to the emulator it was given.
 */
export function createSqsClient(endpoint?: string): SQSClient {
  return new SQSClient({ ...(endpoint ? { endpoint, useQueueUrlAsEndpoint: false } : {}), maxAttempts: 3 });
}

export function createNotificationQueue(sqs: SQSClient, queueUrl: string): NotificationQueue {
  return {
    async send(message) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
    },
  };
}
