import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './dynamo.ts';
import { dueShards } from './keys.ts';

/** An item waiting in the sparse due index (a reminder or an outbox entry). */
export interface DueItem {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
  job: string;
  [attribute: string]: unknown;
}

export interface DueIndex {
  /** Everything due at or before `now`, across all shards; reads grow with what is due, not with cases. */
  queryDue(now: Date, limit?: number): Promise<{ items: DueItem[]; itemsRead: number }>;
  /**
   * Claims an item by moving its due time to `leaseUntil`, only if nobody else moved it since we
   * read it. Two overlapping sweeps cannot both claim one item; a claimant that crashes leaves it
   * to come due again when the lease runs out.
   */
  claim(item: DueItem, leaseUntil: Date, extra?: Record<string, unknown>): Promise<boolean>;
  /** Puts a claimed item back in the index at `dueAt` (a retry or the next weekly repeat). */
  reschedule(item: DueItem, dueAt: Date, set?: Record<string, unknown>): Promise<void>;
  /** Takes a claimed item out of the index for good. */
  complete(item: DueItem, set?: Record<string, unknown>): Promise<void>;
}

function setClause(values: Record<string, unknown>, prefix: string) {
  const names: Record<string, string> = {};
  const vals: Record<string, unknown> = {};
  const parts: string[] = [];
  Object.entries(values).forEach(([key, value], i) => {
    names[`#${prefix}${i}`] = key;
    vals[`:${prefix}${i}`] = value;
    parts.push(`#${prefix}${i} = :${prefix}${i}`);
  });
  return { names, vals, parts };
}

export function createDueIndex(db: DynamoDBDocumentClient, tableName: string): DueIndex {
  const update = async (
    item: DueItem,
    set: Record<string, unknown>,
    remove: string[],
    condition: { expression: string; values: Record<string, unknown> },
  ) => {
    const s = setClause(set, 's');
    const expression = [
      s.parts.length ? `SET ${s.parts.join(', ')}` : '',
      remove.length ? `REMOVE ${remove.join(', ')}` : '',
    ].join(' ');
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: expression,
        ConditionExpression: condition.expression,
        ExpressionAttributeNames: Object.keys(s.names).length ? s.names : undefined,
        ExpressionAttributeValues: { ...s.vals, ...condition.values },
      }),
    );
  };

  return {
    async queryDue(now, limit = 1000) {
      const upper = `${now.toISOString()}#\uffff`;
      const items: DueItem[] = [];
      let itemsRead = 0;
      for (const shard of dueShards()) {
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await db.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: 'gsi1',
              KeyConditionExpression: 'gsi1pk = :shard AND gsi1sk <= :upper',
              ExpressionAttributeValues: { ':shard': shard, ':upper': upper },
              ExclusiveStartKey: startKey,
              Limit: Math.max(1, limit - items.length),
            }),
          );
          itemsRead += page.ScannedCount ?? 0;
          items.push(...((page.Items ?? []) as DueItem[]));
          startKey = page.LastEvaluatedKey;
        } while (startKey && items.length < limit);
      }
      return { items, itemsRead };
    },

    async claim(item, leaseUntil, extra = {}) {
      const sk = `${leaseUntil.toISOString()}#${item.gsi1sk.split('#').slice(1).join('#')}`;
      try {
        await update(item, { gsi1sk: sk, dueAt: leaseUntil.toISOString(), ...extra }, [], {
          expression: 'gsi1sk = :seen',
          values: { ':seen': item.gsi1sk },
        });
        item.gsi1sk = sk;
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async reschedule(item, dueAt, set = {}) {
      const sk = `${dueAt.toISOString()}#${item.gsi1sk.split('#').slice(1).join('#')}`;
      await update(item, { gsi1pk: item.gsi1pk, gsi1sk: sk, dueAt: dueAt.toISOString(), ...set }, [], {
        expression: 'gsi1sk = :mine',
        values: { ':mine': item.gsi1sk },
      });
    },

    async complete(item, set = {}) {
      await update(item, set, ['gsi1pk', 'gsi1sk'], {
        expression: 'gsi1sk = :mine',
        values: { ':mine': item.gsi1sk },
      });
    },
  };
}
