import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { LocalQueue, LocalTable } from './cloud-template.ts';

/**
 * Creates the table from its template definition (keys, indexes, TTL). DynamoDB Local has no KMS,
 * PITR or deletion protection, so those stay cloud-only; the data on disk survives restarts, so an
 * existing table is kept as it is. Says whether it created the table.
 */
export async function provisionTable(db: DynamoDBClient, table: LocalTable): Promise<{ created: boolean }> {
  const p = table.properties as unknown as {
    KeySchema: KeySchemaElement[];
    AttributeDefinitions: AttributeDefinition[];
    GlobalSecondaryIndexes?: GlobalSecondaryIndex[];
    TimeToLiveSpecification?: { AttributeName?: string; Enabled?: boolean };
  };
  try {
    await db.send(
      new CreateTableCommand({
        TableName: table.name,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: p.KeySchema,
        AttributeDefinitions: p.AttributeDefinitions,
        ...(p.GlobalSecondaryIndexes?.length
          ? {
              GlobalSecondaryIndexes: p.GlobalSecondaryIndexes.map((gsi) => ({
                IndexName: gsi.IndexName,
                KeySchema: gsi.KeySchema,
                Projection: gsi.Projection,
              })),
            }
          : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    const existing = await db.send(new DescribeTableCommand({ TableName: table.name }));
    const have = new Set(existing.Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName));
    const missing = (p.GlobalSecondaryIndexes ?? []).filter((g) => !have.has(g.IndexName));
    if (missing.length) {
      throw new Error(
        `The local table ${table.name} in .data/ predates index ${missing.map((g) => g.IndexName).join(', ')}. ` +
          'Delete the .data/ folder (local data only) and start again.',
      );
    }
    return { created: false };
  }
  const ttl = p.TimeToLiveSpecification;
  if (ttl?.Enabled && ttl.AttributeName) {
    await db.send(
      new UpdateTimeToLiveCommand({
        TableName: table.name,
        TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true },
      }),
    );
  }
  return { created: true };
}

/** Creates the queues with the template's visibility timeout, retention and redrive policy. */
export async function provisionQueues(
  sqs: SQSClient,
  queues: LocalQueue[],
): Promise<Map<string, { url: string; arn: string }>> {
  const created = new Map<string, { url: string; arn: string }>();
  for (const queue of queues) {
    const out = await sqs.send(
      new CreateQueueCommand({
        QueueName: queue.name,
        Attributes: {
          VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
          ...(queue.retentionSeconds ? { MessageRetentionPeriod: String(queue.retentionSeconds) } : {}),
        },
      }),
    );
    const url = out.QueueUrl ?? '';
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    );
    created.set(queue.id, { url, arn: attributes.Attributes?.QueueArn ?? '' });
  }
  for (const queue of queues) {
    if (!queue.redrive) continue;
    const source = created.get(queue.id);
    const dlq = created.get(queue.redrive.deadLetterQueueId);
    if (!source || !dlq) throw new Error(`Queue ${queue.id} redrives to an unknown queue`);
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: source.url,
        Attributes: {
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: dlq.arn,
            maxReceiveCount: queue.redrive.maxReceiveCount,
          }),
        },
      }),
    );
  }
  return created;
}
