import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createSesClient } from '../../shared/mail/mailer.ts';
import { createSqsClient } from '../../shared/queue/notification-queue.ts';
import { createDocumentClient } from '../../shared/store/dynamo.ts';

/** Names in a client's middleware stack, as the SDK resolves every call through it. */
const steps = (client: { middlewareStack: { identify(): string[] } }) =>
  client.middlewareStack.identify().join('\n');

describe('SDK clients (issue 16)', () => {
  it('leave out the logger step, which filtered every item for a logger that does nothing', () => {
    // The step is still called this in the SDK: were it renamed, removing it by name would do nothing.
    expect(steps(new DynamoDBClient({ region: 'eu-west-2' }))).toMatch(/loggerMiddleware/);
    for (const client of [
      createDocumentClient('http://127.0.0.1:1'),
      createSqsClient('http://127.0.0.1:1'),
      createSesClient('http://127.0.0.1:1'),
    ]) {
      expect(steps(client)).not.toMatch(/loggerMiddleware/);
      // The rest of the stack is as the SDK builds it: signing and retries still there.
      expect(steps(client)).toMatch(/retryMiddleware/);
      expect(steps(client)).toMatch(/httpSigningMiddleware/);
    }
  });
});
