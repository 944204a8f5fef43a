import {
  Aws,
  type CfnResource,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config.ts';

export const STATEFUL_STACK_ID = 'PrivateFostering-Stateful';

/** Template metadata naming the part a resource plays, so the local runtime need not guess from logical ids. */
export const RESOURCE_METADATA_KEY = 'pf:resource';

/** Global secondary indexes of the single table. */
export const TABLE_INDEXES = {
  /** Sparse: only reminders carry gsi1pk (due shard) and gsi1sk (due time). */
  dueReminders: 'gsi1',
  /** Staff case lists (mine, unallocated, overdue). */
  caseLists: 'gsi2',
} as const;

/** Redrive to the dead-letter queue after this many receives. */
export const MAX_RECEIVE_COUNT = 5;

export interface StatefulStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/**
 * Everything that holds data: the key, the table and the queues. Retained on delete and protected
 * from stack termination, so redeploying or destroying the stateless stack never loses a case.
 */
export class StatefulStack extends Stack {
  /** Customer-managed key for the table, queues, log groups and the alarm topic. */
  readonly key: kms.Key;
  readonly table: dynamodb.Table;
  readonly notificationQueue: sqs.Queue;
  readonly notificationDeadLetterQueue: sqs.Queue;
  /** Where EventBridge Scheduler puts a remind invocation it could not deliver. */
  readonly scheduleDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, {
      description: 'Private fostering notifications: data (table, queues, key). Retained on delete.',
      terminationProtection: true,
      env: props.env,
    });
    const { config } = props;

    this.key = new kms.Key(this, 'DataKey', {
      description: `Private fostering (${config.envName}): table, queues, logs and alarm topic`,
      alias: `alias/private-fostering-${config.envName}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts log groups with the key itself, so the key policy must allow it,
    // limited to log groups in this account and region.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsForThisAccountsLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
          },
        },
      }),
    );
    // CloudWatch alarms publish to the KMS-encrypted alarm topic.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishToEncryptedTopics',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_INDEXES.dueReminders,
      partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_INDEXES.caseLists,
      partitionKey: { name: 'gsi2pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi2sk', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    tag(this.table, 'table');

    const queueDefaults: sqs.QueueProps = {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      // Reuse data keys for 5 minutes: fewer KMS calls on a busy queue.
      dataKeyReuse: Duration.minutes(5),
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    };

    this.notificationDeadLetterQueue = new sqs.Queue(this, 'NotificationDeadLetterQueue', {
      ...queueDefaults,
      retentionPeriod: Duration.days(14),
    });
    tag(this.notificationDeadLetterQueue, 'notificationDeadLetterQueue');

    this.notificationQueue = new sqs.Queue(this, 'NotificationQueue', {
      ...queueDefaults,
      visibilityTimeout: Duration.seconds(60),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.notificationDeadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    tag(this.notificationQueue, 'notificationQueue');

    this.scheduleDeadLetterQueue = new sqs.Queue(this, 'ScheduleDeadLetterQueue', {
      ...queueDefaults,
      retentionPeriod: Duration.days(14),
    });
    tag(this.scheduleDeadLetterQueue, 'scheduleDeadLetterQueue');
    Validations.of(this.scheduleDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: EventBridge Scheduler puts remind invocations it could not deliver here (an alarm fires when it is not empty). A DLQ of a DLQ would add nothing.',
    });
  }
}

function tag(construct: Construct, role: string): void {
  (construct.node.defaultChild as CfnResource).addMetadata(RESOURCE_METADATA_KEY, role);
}
