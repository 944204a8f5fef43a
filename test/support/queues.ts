import {
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** Visible and in-flight messages, as SQS reports them. */
export async function queueCounts(
  sqs: SQSClient,
  url: string,
): Promise<{ visible: number; inFlight: number }> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(out.Attributes?.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

/** Waits until a queue holds nothing, visible or in flight. */
export async function waitForQueueEmpty(sqs: SQSClient, url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { visible, inFlight } = await queueCounts(sqs, url);
    if (visible === 0 && inFlight === 0) return;
    if (Date.now() > deadline)
      throw new Error(`Queue did not drain: ${visible} visible, ${inFlight} in flight`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function setVisibilityTimeout(sqs: SQSClient, url: string, seconds: number): Promise<void> {
  await sqs.send(
    new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: String(seconds) } }),
  );
}

/**
 * Reads what a queue holds without taking it away for long: each message is received with a short
 * visibility timeout, so it is back on the queue a moment later (its receive count goes up by one).
 */
export async function peekMessages(sqs: SQSClient, url: string, max = 100): Promise<Message[]> {
  const seen = new Map<string, Message>();
  for (let empty = 0; empty < 2 && seen.size < max; ) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 2,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) empty++;
    for (const m of messages) seen.set(m.MessageId ?? '', m);
  }
  return [...seen.values()];
}
