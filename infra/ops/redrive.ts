import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type Print, parsedOrUsage, parseOptions, runWhenInvoked } from './cli.ts';

/**
 * `npm run redrive`: moves messages from a dead-letter queue back to the queue that feeds its
 * function, after the cause of the failures has been fixed. Works against AWS and against the
 * local stack (fauxqs). Prints counts and message ids only, never a body: the bodies of these
 * queues may carry case references and SES event details.
 *
 * A message is deleted from the dead-letter queue only after the source queue has accepted it, so
 * a failure part-way leaves it where it was (at worst a message is in both queues; every consumer
 * is idempotent). See docs/runbook.md, "Reading and redriving a dead-letter queue".
 */

export interface RedriveOptions {
  sqs: SQSClient;
  dlqUrl: string;
  sourceUrl: string;
  /** List the count and message ids; move nothing. */
  dryRun?: boolean;
  /** Stop after this many messages. @default 1000 */
  max?: number;
  /** How long a received message stays hidden while it is being moved. @default 60 */
  visibilityTimeoutSeconds?: number;
  /** Long-poll wait per receive; the DLQ counts as empty after one empty receive. @default 1 */
  waitTimeSeconds?: number;
}

export interface RedriveResult {
  dlqUrl: string;
  sourceUrl: string;
  dryRun: boolean;
  /** SQS's approximate count of visible messages in the DLQ before we started. */
  approximateCount: number;
  /** Ids of the messages received (dry run: listed; otherwise: attempted). */
  messageIds: string[];
  moved: number;
  /** Not accepted by the source queue: left in the DLQ, visible again after the visibility timeout. */
  failed: number;
  /** Sent to the source but not deleted from the DLQ: now in both (consumers are idempotent). */
  notDeleted: number;
}

const DEFAULT_MAX = 1000;

/** Moves (or, in a dry run, lists) up to `max` messages from `dlqUrl` to `sourceUrl`. */
export async function redrive(options: RedriveOptions): Promise<RedriveResult> {
  const { sqs, dlqUrl, sourceUrl } = options;
  const dryRun = options.dryRun ?? false;
  const max = options.max ?? DEFAULT_MAX;
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  const result: RedriveResult = {
    dlqUrl,
    sourceUrl,
    dryRun,
    approximateCount: Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0),
    messageIds: [],
    moved: 0,
    failed: 0,
    notDeleted: 0,
  };
  // A dry run holds what it has seen (so the next receive returns new messages) and lets go at the end.
  const held: Message[] = [];
  try {
    while (result.messageIds.length < max) {
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          MaxNumberOfMessages: Math.min(10, max - result.messageIds.length),
          WaitTimeSeconds: options.waitTimeSeconds ?? 1,
          VisibilityTimeout: options.visibilityTimeoutSeconds ?? 60,
          MessageAttributeNames: ['All'],
        }),
      );
      const messages = (received.Messages ?? []).filter((m) => m.ReceiptHandle && m.MessageId);
      if (messages.length === 0) break;
      result.messageIds.push(...messages.map((m) => m.MessageId as string));
      if (dryRun) {
        held.push(...messages);
        continue;
      }
      await moveBatch(sqs, messages, dlqUrl, sourceUrl, result);
    }
  } finally {
    if (held.length > 0) await release(sqs, dlqUrl, held);
  }
  return result;
}

async function moveBatch(
  sqs: SQSClient,
  messages: Message[],
  dlqUrl: string,
  sourceUrl: string,
  result: RedriveResult,
): Promise<void> {
  const sent = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: sourceUrl,
      Entries: messages.map((m, i) => ({
        Id: String(i),
        MessageBody: m.Body ?? '',
        ...(m.MessageAttributes && Object.keys(m.MessageAttributes).length > 0
          ? { MessageAttributes: m.MessageAttributes }
          : {}),
      })),
    }),
  );
  result.failed += sent.Failed?.length ?? 0;
  const accepted = (sent.Successful ?? []).map((s) => messages[Number(s.Id)]).filter((m) => m !== undefined);
  if (accepted.length === 0) return;
  const deleted = await sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: dlqUrl,
      Entries: accepted.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string })),
    }),
  );
  result.moved += accepted.length;
  result.notDeleted += deleted.Failed?.length ?? 0;
}

/** Makes the messages a dry run received visible again at once. */
async function release(sqs: SQSClient, queueUrl: string, messages: Message[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.slice(i, i + 10).map((m, j) => ({
          Id: String(j),
          ReceiptHandle: m.ReceiptHandle as string,
          VisibilityTimeout: 0,
        })),
      }),
    );
  }
}

export interface QueuePair {
  dlqUrl: string;
  sourceUrl: string;
}

/**
 * Every (source, dead-letter) pair among the queues whose name starts with `prefix`, read from
 * each queue's RedrivePolicy. SQS's ListDeadLetterSourceQueues would do, but fauxqs lacks it.
 */
export async function discoverQueuePairs(sqs: SQSClient, prefix: string): Promise<QueuePair[]> {
  const urls: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sqs.send(
      new ListQueuesCommand({
        ...(prefix ? { QueueNamePrefix: prefix } : {}),
        MaxResults: 1000,
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    );
    urls.push(...(page.QueueUrls ?? []));
    nextToken = page.NextToken;
  } while (nextToken);

  const arnToUrl = new Map<string, string>();
  const targets: { sourceUrl: string; dlqArn: string }[] = [];
  for (const url of urls) {
    const out = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'RedrivePolicy'] }),
    );
    const arn = out.Attributes?.QueueArn;
    if (arn) arnToUrl.set(arn, url);
    const policy = out.Attributes?.RedrivePolicy;
    if (policy) {
      const dlqArn = (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
      if (dlqArn) targets.push({ sourceUrl: url, dlqArn });
    }
  }
  return targets.flatMap(({ sourceUrl, dlqArn }) => {
    const dlqUrl = arnToUrl.get(dlqArn);
    return dlqUrl ? [{ dlqUrl, sourceUrl }] : [];
  });
}

/**
 * Pairs from `cdk deploy --outputs-file <file>`: each `<X>DeadLetterQueueUrl` output with its
 * `<X>QueueUrl` (infra/stacks/stateful-stack.ts QUEUE_OUTPUTS). A DLQ with no source output (the
 * schedule's) is returned in `unpaired`: its messages are not for a queue.
 */
export function queuePairsFromOutputs(outputs: unknown): { pairs: QueuePair[]; unpaired: string[] } {
  const pairs: QueuePair[] = [];
  const unpaired: string[] = [];
  if (typeof outputs !== 'object' || outputs === null) return { pairs, unpaired };
  for (const stackOutputs of Object.values(outputs as Record<string, unknown>)) {
    if (typeof stackOutputs !== 'object' || stackOutputs === null) continue;
    const values = stackOutputs as Record<string, unknown>;
    for (const [name, value] of Object.entries(values)) {
      if (!name.endsWith('DeadLetterQueueUrl') || typeof value !== 'string') continue;
      const source = values[name.replace(/DeadLetterQueueUrl$/, 'QueueUrl')];
      if (typeof source === 'string') pairs.push({ dlqUrl: value, sourceUrl: source });
      else unpaired.push(value);
    }
  }
  return { pairs, unpaired };
}

const USAGE = `Usage: npm run redrive -- [options]

Moves messages from a dead-letter queue back to its source queue (ids and counts only are printed).

  --dry-run                 list the count and message ids; move nothing
  --max <n>                 stop after n messages per dead-letter queue (default ${DEFAULT_MAX})
  --dlq <url>               the dead-letter queue; its source is found from the queues' redrive
  --queue <url>             policies unless given here
  --stack-outputs <file>    every pair in a 'cdk deploy --outputs-file' file (e.g. cdk-outputs.json)
  --prefix <name>           with neither of the above: every pair among queues named <name>...
                            (default PrivateFostering-Stateful; '' with --endpoint)
  --endpoint <url>          the local stack's SQS (fauxqs), e.g. http://127.0.0.1:4566
  --region <region>         default AWS_REGION, else eu-west-2
`;

const queueName = (url: string) => url.split('/').pop() ?? url;

export async function main(argv: string[], print: Print = console.log): Promise<number> {
  const values = parsedOrUsage(() => parse(argv), USAGE, print);
  if (!values) return 2;
  if (values.help) {
    print(USAGE);
    return 0;
  }
  const max = values.max === undefined ? DEFAULT_MAX : Number(values.max);
  if (!Number.isInteger(max) || max < 1) {
    print(`--max must be a whole number of at least 1\n\n${USAGE}`);
    return 2;
  }
  const endpoint = values.endpoint;
  const sqs = new SQSClient({
    region: values.region ?? process.env.AWS_REGION ?? 'eu-west-2',
    ...(endpoint
      ? {
          endpoint,
          // The emulator accepts any credentials; the SDK needs some.
          ...(process.env.AWS_ACCESS_KEY_ID
            ? {}
            : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
        }
      : {}),
    useQueueUrlAsEndpoint: false,
  });

  try {
    let pairs: QueuePair[];
    let unpaired: string[] = [];
    const prefix = values.prefix ?? (endpoint ? '' : 'PrivateFostering-Stateful');
    const dlq = values.dlq;
    if (dlq) {
      const sourceUrl =
        values.queue ??
        (await discoverQueuePairs(sqs, prefix)).find((p) => queueName(p.dlqUrl) === queueName(dlq))
          ?.sourceUrl;
      if (!sourceUrl) {
        print(
          `No queue named ${prefix || '(any)'}... redrives to ${dlq}: give its source with --queue <url>.`,
        );
        return 2;
      }
      pairs = [{ dlqUrl: dlq, sourceUrl }];
    } else if (values.queue) {
      print(`--queue needs --dlq\n\n${USAGE}`);
      return 2;
    } else if (values['stack-outputs']) {
      const file = resolve(values['stack-outputs']);
      if (!existsSync(file)) {
        print(
          `${file} not found: write it with 'npx cdk deploy --all -c env=<env> --outputs-file ${values['stack-outputs']}'.`,
        );
        return 2;
      }
      ({ pairs, unpaired } = queuePairsFromOutputs(JSON.parse(readFileSync(file, 'utf8'))));
    } else {
      pairs = await discoverQueuePairs(sqs, prefix);
    }
    if (pairs.length === 0) {
      print('No dead-letter queue with a source queue found.');
      return 2;
    }

    let failures = 0;
    for (const pair of pairs) {
      const result = await redrive({ sqs, ...pair, dryRun: values['dry-run'] ?? false, max });
      print(
        `${queueName(pair.dlqUrl)} -> ${queueName(pair.sourceUrl)}: about ${result.approximateCount} message(s)`,
      );
      if (result.dryRun) {
        for (const id of result.messageIds) print(`  ${id}`);
        print(`  dry run: ${result.messageIds.length} listed, nothing moved`);
      } else {
        print(
          `  moved ${result.moved}, failed ${result.failed}${result.notDeleted ? `, sent but not deleted ${result.notDeleted}` : ''}`,
        );
        failures += result.failed + result.notDeleted;
      }
    }
    for (const url of unpaired) {
      print(
        `${queueName(url)}: no source queue (EventBridge Scheduler dead letters): read it, then purge (runbook).`,
      );
    }
    return failures > 0 ? 1 : 0;
  } finally {
    sqs.destroy();
  }
}

function parse(argv: string[]) {
  return parseOptions(argv, {
    'dry-run': { type: 'boolean' },
    max: { type: 'string' },
    dlq: { type: 'string' },
    queue: { type: 'string' },
    'stack-outputs': { type: 'string' },
    prefix: { type: 'string' },
    endpoint: { type: 'string' },
    region: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
}

runWhenInvoked(import.meta.url, (argv) => main(argv));
