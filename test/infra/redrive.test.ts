import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { buildApp as buildFauxqs } from 'fauxqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/emulators.ts';
import { discoverQueuePairs, queuePairsFromOutputs, redrive } from '../../infra/ops/redrive.ts';
import { QUEUE_OUTPUTS } from '../../infra/stacks/stateful-stack.ts';

/** The redrive command against fauxqs, the local stack's SQS emulator (no Java needed). */
const REPO_ROOT = join(import.meta.dirname, '../..');
const SECRET_BODY = '{"reference":"ABCD2345","childName":"Do-Not-Print"}';

let fauxqs: ReturnType<typeof buildFauxqs>;
let endpoint: string;
let sqs: SQSClient;
let run = 0;
let sourceUrl: string;
let dlqUrl: string;

beforeAll(async () => {
  const port = await freePort();
  fauxqs = buildFauxqs({ logger: false, defaultRegion: 'eu-west-2' });
  await fauxqs.listen({ port, host: '127.0.0.1' });
  endpoint = `http://127.0.0.1:${port}`;
  sqs = new SQSClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  sqs?.destroy();
  await fauxqs?.close();
});

/** A fresh source queue and DLQ per test, named like the local stack's (logical ids). */
beforeEach(async () => {
  run++;
  dlqUrl =
    (await sqs.send(new CreateQueueCommand({ QueueName: `RedriveTestDeadLetterQueue${run}` }))).QueueUrl ??
    '';
  const dlqArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes?.QueueArn;
  sourceUrl =
    (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: `RedriveTestQueue${run}`,
          Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 }) },
        }),
      )
    ).QueueUrl ?? '';
});

async function putInDlq(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const out = await sqs.send(
      new SendMessageCommand({
        QueueUrl: dlqUrl,
        MessageBody: SECRET_BODY.replace('ABCD2345', `ABCD234${i}`),
        MessageAttributes: { origin: { DataType: 'String', StringValue: `test-${i}` } },
      }),
    );
    ids.push(out.MessageId ?? '');
  }
  return ids;
}

async function drain(url: string) {
  const out: { body: string; origin: string | undefined }[] = [];
  for (;;) {
    const got = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    );
    if (!got.Messages?.length) return out;
    out.push(
      ...got.Messages.map((m) => ({ body: m.Body ?? '', origin: m.MessageAttributes?.origin?.StringValue })),
    );
  }
}

const visible = async (url: string) =>
  Number(
    (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
      )
    ).Attributes?.ApproximateNumberOfMessages,
  );

describe('redrive', () => {
  it('finds each dead-letter queue and its source from the redrive policies', async () => {
    const pairs = await discoverQueuePairs(sqs, `RedriveTestQueue${run}`);
    expect(pairs).toEqual([]); // the prefix matches the source only: its DLQ is not listed
    const all = await discoverQueuePairs(sqs, '');
    expect(all).toContainEqual({ dlqUrl, sourceUrl });
  });

  it('lists the count and ids in a dry run, moves nothing, and leaves the messages visible', async () => {
    const ids = await putInDlq(3);
    const result = await redrive({ sqs, dlqUrl, sourceUrl, dryRun: true, waitTimeSeconds: 0 });
    expect(result.approximateCount).toBe(3);
    expect(result.messageIds.sort()).toEqual([...ids].sort());
    expect(result.moved).toBe(0);
    expect(await visible(dlqUrl)).toBe(3);
    expect(await visible(sourceUrl)).toBe(0);
  });

  it('moves messages with their attributes back to the source queue, up to --max', async () => {
    await putInDlq(12);
    const first = await redrive({ sqs, dlqUrl, sourceUrl, max: 5, waitTimeSeconds: 0 });
    expect(first).toMatchObject({ moved: 5, failed: 0, notDeleted: 0 });
    const rest = await redrive({ sqs, dlqUrl, sourceUrl, waitTimeSeconds: 0 });
    expect(rest).toMatchObject({ moved: 7, failed: 0, notDeleted: 0 });
    expect(await visible(dlqUrl)).toBe(0);
    const moved = await drain(sourceUrl);
    expect(moved).toHaveLength(12);
    expect(moved.map((m) => m.origin).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `test-${i}`).sort(),
    );
    expect(moved.every((m) => m.body.startsWith('{"reference":"ABCD234'))).toBe(true);
  });

  it('deletes nothing from the DLQ when the source queue refuses the messages', async () => {
    await putInDlq(2);
    const result = await redrive({
      sqs,
      dlqUrl,
      sourceUrl: `${endpoint}/000000000000/NoSuchQueue`,
      waitTimeSeconds: 0,
      visibilityTimeoutSeconds: 1,
    }).catch((error: Error) => error);
    // The send fails outright or reports each entry failed; either way nothing is deleted.
    if (!(result instanceof Error)) expect(result).toMatchObject({ moved: 0, failed: 2 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await drain(dlqUrl)).toHaveLength(2);
  });

  it('pairs the stack outputs written by cdk deploy --outputs-file', () => {
    const outputs = {
      'PrivateFostering-Stateful': {
        [QUEUE_OUTPUTS.notificationQueue]: 'https://sqs/q1',
        [QUEUE_OUTPUTS.notificationDeadLetterQueue]: 'https://sqs/d1',
        [QUEUE_OUTPUTS.deliveryEventsQueue]: 'https://sqs/q2',
        [QUEUE_OUTPUTS.deliveryEventsDeadLetterQueue]: 'https://sqs/d2',
        [QUEUE_OUTPUTS.scheduleDeadLetterQueue]: 'https://sqs/d3',
        StaffUserPoolId: 'eu-west-2_x',
      },
    };
    expect(queuePairsFromOutputs(outputs)).toEqual({
      pairs: [
        { dlqUrl: 'https://sqs/d1', sourceUrl: 'https://sqs/q1' },
        { dlqUrl: 'https://sqs/d2', sourceUrl: 'https://sqs/q2' },
      ],
      unpaired: ['https://sqs/d3'],
    });
  });

  it('runs as a command: --dry-run prints the count and ids, never a body', async () => {
    const ids = await putInDlq(2);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'infra/ops/redrive.ts', '--endpoint', endpoint, '--dlq', dlqUrl, '--dry-run'],
      { cwd: REPO_ROOT, env: { ...process.env, AWS_REGION: 'eu-west-2' } },
    );
    expect(stdout).toContain(
      `RedriveTestDeadLetterQueue${run} -> RedriveTestQueue${run}: about 2 message(s)`,
    );
    for (const id of ids) expect(stdout).toContain(id);
    expect(stdout).not.toContain('Do-Not-Print');
    expect(stdout).not.toContain('reference');
    expect(await visible(dlqUrl)).toBe(2);
  }, 30_000);
});
