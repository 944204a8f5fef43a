import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { notificationKey } from '../../shared/store/keys.ts';

/**
 * Shared pieces of the reliability suite (test/reliability, `npm run test:reliability`).
 * vitest.config.ts excludes them, so `npm test` stays fast; vitest.reliability.config.ts runs them.
 */

/** Prints what a reliability test measured, one line, so the suite's output is its report. */
export function report(test: string, facts: Record<string, unknown>): void {
  const text = Object.entries(facts)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  console.log(`[reliability] ${test}: ${text}`);
}

/**
 * Counts SendMessage calls per notification reference, made by anything in this process (the
 * notify and remind functions run in-process): attempts, and those SQS accepted. A pass-through
 * wrapper — every message still goes to the emulator.
 */
export function countQueueSends(): {
  attempts: Map<string, number>;
  accepted: Map<string, number>;
  restore: () => void;
} {
  const attempts = new Map<string, number>();
  const accepted = new Map<string, number>();
  const proto = SQSClient.prototype as unknown as {
    send: (command: unknown, ...rest: unknown[]) => Promise<unknown>;
  };
  const hadOwn = Object.hasOwn(proto, 'send');
  const original = proto.send;
  const referenceOf = (command: unknown) => {
    if (!(command instanceof SendMessageCommand)) return undefined;
    try {
      return String((JSON.parse(command.input.MessageBody ?? '') as { reference?: unknown }).reference);
    } catch {
      return undefined;
    }
  };
  proto.send = function (this: unknown, command: unknown, ...rest: unknown[]) {
    const reference = referenceOf(command);
    if (reference) attempts.set(reference, (attempts.get(reference) ?? 0) + 1);
    const result = original.call(this, command, ...rest);
    if (reference) {
      void result.then(
        () => accepted.set(reference, (accepted.get(reference) ?? 0) + 1),
        () => undefined,
      );
    }
    return result;
  };
  return {
    attempts,
    accepted,
    restore: () => {
      if (hadOwn) proto.send = original;
      else delete (proto as { send?: unknown }).send;
    },
  };
}

/** Every NOTIFICATION item in the table (a test's table holds only that test's data). */
export async function scanNotifications(
  db: DynamoDBDocumentClient,
  tableName: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'sk = :sk',
        ExpressionAttributeValues: { ':sk': 'NOTIFICATION' },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export async function getNotificationItem(db: DynamoDBDocumentClient, tableName: string, reference: string) {
  return (await db.send(new GetCommand({ TableName: tableName, Key: notificationKey(reference) }))).Item;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stack trace, a source path or an SDK error name in a page: what users must never see. */
export const LEAKS = /\bat [\w.<>]+ \(|\.ts:\d+|node_modules|Exception\b|\$metadata|ECONNREFUSED/;
