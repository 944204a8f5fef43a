import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { notificationKey } from '../../shared/store/keys.ts';

/**
 * Shared pieces of the reliability suite (test/reliability, `npm run test:reliability`).
 * vitest.config.ts excludes them, so `npm test` stays fast; vitest.reliability.config.ts runs them.
 */

/**
 * The suite's figures, kept (issue 16): each test's latest, by name, with when and on how busy a
 * machine they were measured. Written by `report` below; the files run one after another
 * (vitest.reliability.config.ts: no file parallelism), so a read, merge and write is safe.
 */
export const RELIABILITY_RESULTS_FILE = join(import.meta.dirname, '..', 'reliability', 'results.json');

/**
 * Prints what a reliability test measured, one line, so the suite's output is its report, and
 * records it in test/reliability/results.json under the test's name. Figures printed as text
 * ("12.3") are recorded as numbers.
 */
export function report(test: string, facts: Record<string, unknown>): void {
  const text = Object.entries(facts)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  console.log(`[reliability] ${test}: ${text}`);
  recordResult(test, facts);
}

function recordResult(test: string, facts: Record<string, unknown>, file = RELIABILITY_RESULTS_FILE): void {
  let results: Record<string, unknown> = {};
  try {
    results = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // No file yet, or a broken one: start again rather than fail the test that measured.
  }
  const numeric = (v: unknown) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
  results[test] = {
    measuredAt: new Date().toISOString(),
    machine: { cpuModel: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    ...Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, numeric(v)])),
  };
  const sorted = Object.fromEntries(Object.entries(results).sort(([a], [b]) => a.localeCompare(b)));
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(sorted, null, 2)}\n`);
  renameSync(partial, file);
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
