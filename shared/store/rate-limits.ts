import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type RateLimitedAction,
  type RateLimitSettings,
  rateLimitsFor,
  rateLimitWindow,
} from '../domain/rate-limits.ts';
import { isConditionFailure } from './dynamo.ts';

/** Every rate-limit counter's partition key starts with this (IAM's LeadingKeys names it). */
export const RATE_LIMIT_PREFIX = 'LIMIT#';

/**
 * A counter's key. The subject (a source address or an email address) is never stored: only a
 * SHA-256 of the counter (action, window) and the subject, so an item names no one and one
 * window's items cannot be joined to the next window's. (An IPv4 address could still be found by
 * hashing all 2^32 with the window; the items live a day or two at most.)
 */
export function rateLimitKey(counter: string, subject: string): { pk: string; sk: string } {
  const hash = createHash('sha256').update(`${counter}\n${subject}`, 'utf8').digest('base64url');
  return { pk: `${RATE_LIMIT_PREFIX}${hash}`, sk: 'LIMIT' };
}

export interface RateLimiter {
  /**
   * Counts one attempt by `subject` at `action` against each of the action's limits, together.
   * False when any limit is already reached: the caller must then do nothing. Each counter stops
   * at its limit (the update is conditional), so a window that refuses does not count the attempt.
   */
  take(action: RateLimitedAction, subject: string, now: Date): Promise<boolean>;
}

/**
 * Rate-limit counters in the table: one item per subject, action and window, incremented with a
 * conditional atomic update (ADD with `hits < max`), so concurrent requests can never pass the
 * limit between them; DynamoDB's TTL deletes each item after its window.
 */
export function createRateLimiter(
  db: DynamoDBDocumentClient,
  tableName: string,
  settings: RateLimitSettings,
): RateLimiter {
  return {
    async take(action, subject, now) {
      const normalised = subject.trim().toLowerCase();
      // Every window of the action at once, not one after another: on the final submit they are
      // one round trip instead of two (issue 16). The cost: an attempt refused by one window is
      // still counted by another that had room, so a client at the burst limit spends its hourly
      // allowance sooner. Stricter, never looser.
      const outcomes = await Promise.allSettled(
        rateLimitsFor(action, settings).map((limit) => {
          const window = rateLimitWindow(limit, now);
          return db.send(
            new UpdateCommand({
              TableName: tableName,
              Key: rateLimitKey(window.counter, normalised),
              UpdateExpression: 'ADD hits :one SET expiresAt = :exp',
              ConditionExpression: 'attribute_not_exists(hits) OR hits < :max',
              ExpressionAttributeValues: { ':one': 1, ':exp': window.expiresAt, ':max': limit.max },
            }),
          );
        }),
      );
      const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      const unexpected = failures.find((error) => !isConditionFailure(error));
      if (unexpected !== undefined) throw unexpected;
      return failures.length === 0;
    },
  };
}
