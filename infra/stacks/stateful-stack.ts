import {
  Annotations,
  Aws,
  CfnOutput,
  type CfnResource,
  Duration,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
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

/** The staff roles, as Cognito groups (shared/domain/staff-access.ts reads `cognito:groups`). */
export const STAFF_GROUPS = ['designated-manager', 'caseworker'] as const;

/** The SES events that mean an email did not (or may not) reach its recipient. */
export const DELIVERY_EVENTS = [
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.DELIVERY_DELAY,
];

/**
 * Names of the stack outputs holding queue URLs. `cdk deploy --outputs-file cdk-outputs.json`
 * writes them, and `npm run redrive -- --stack-outputs` pairs each `<X>DeadLetterQueueUrl` with
 * its source `<X>QueueUrl` (infra/ops/redrive.ts).
 */
export const QUEUE_OUTPUTS = {
  notificationQueue: 'NotificationQueueUrl',
  notificationDeadLetterQueue: 'NotificationDeadLetterQueueUrl',
  deliveryEventsQueue: 'DeliveryEventsQueueUrl',
  deliveryEventsDeadLetterQueue: 'DeliveryEventsDeadLetterQueueUrl',
  scheduleDeadLetterQueue: 'ScheduleDeadLetterQueueUrl',
} as const;

/** Resource names fixed by configuration, so policies can name them without a circular reference. */
export function statefulNames(config: Pick<EnvironmentConfig, 'envName'>) {
  return {
    configurationSet: `private-fostering-${config.envName}`,
    deliveryEventsTopic: `private-fostering-${config.envName}-delivery-events`,
    userPool: `private-fostering-${config.envName}-staff`,
  };
}

export interface StatefulStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/**
 * Everything that holds data or identity: the key, the table, the queues, the staff user pool and
 * the SES configuration set with its bounce topic. Retained on delete and protected from stack
 * termination, so redeploying or destroying the stateless stack never loses a case or a user.
 */
export class StatefulStack extends Stack {
  /** Customer-managed key for the table, queues, log groups and the alarm topic. */
  readonly key: kms.Key;
  readonly table: dynamodb.Table;
  readonly notificationQueue: sqs.Queue;
  readonly notificationDeadLetterQueue: sqs.Queue;
  /** Where EventBridge Scheduler puts a remind invocation it could not deliver. */
  readonly scheduleDeadLetterQueue: sqs.Queue;
  /** Every email is sent through this set; it publishes bounces, complaints, rejects and delays. */
  readonly configurationSet: ses.ConfigurationSet;
  /** SES delivery events (KMS-encrypted topic), delivered to the delivery events queue. */
  readonly deliveryEventsTopic: sns.Topic;
  /** Feeds the ses-events function; SNS and the consumer both dead-letter to the DLQ below. */
  readonly deliveryEventsQueue: sqs.Queue;
  readonly deliveryEventsDeadLetterQueue: sqs.Queue;
  /** Staff sign-in: Cognito user pool, groups = roles, hosted sign-in domain. */
  readonly userPool: cognito.UserPool;
  readonly userPoolDomain: cognito.UserPoolDomain;
  /** The staff pages' OIDC client (authorization code + PKCE, confidential). */
  readonly staffClient: cognito.UserPoolClient;
  /** The staff client's secret, copied from Cognito into Secrets Manager (never an env variable). */
  readonly staffClientSecret: secretsmanager.Secret;
  /** The key of the address hashes in table keys (shared/hash-key.ts): kept with the data. */
  readonly hashKeySecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, {
      description:
        'Private fostering notifications: data and identity (key, table, queues, staff user pool, SES configuration set). Retained on delete.',
      terminationProtection: true,
      env: props.env,
    });
    const { config } = props;
    const names = statefulNames(config);

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
    if (config.restoredTableName) {
      // The functions now use the restored table, so nothing imports these any more; keeping the
      // exports lets this stack deploy before the stateless stack stops importing them.
      this.exportValue(this.table.tableName);
      this.exportValue(this.table.tableArn);
    }

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

    const delivery = this.createDeliveryEvents(config, names, queueDefaults);
    this.configurationSet = delivery.configurationSet;
    this.deliveryEventsTopic = delivery.topic;
    this.deliveryEventsQueue = delivery.queue;
    this.deliveryEventsDeadLetterQueue = delivery.deadLetterQueue;

    const signIn = this.createStaffSignIn(config, names);
    this.userPool = signIn.userPool;
    this.userPoolDomain = signIn.domain;
    this.staffClient = signIn.client;
    this.staffClientSecret = signIn.clientSecret;

    // Keys the hashes that stand in for addresses (BOUNCED#, RECIPIENT#; shared/hash-key.ts). It
    // lives with the table and is retained with it: a new key would make every stored hash
    // unrecognisable.
    this.hashKeySecret = new secretsmanager.Secret(this, 'AddressHashKey', {
      description: `Key of the address hashes in the private fostering table (${config.envName})`,
      encryptionKey: this.key,
      generateSecretString: { excludePunctuation: true, passwordLength: 64 },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.hashKeySecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'An HMAC key for hashes stored in table keys: rotating it would orphan every stored hash (bounced addresses, digest days). It is only ever read by route, remind and ses-events, under the data key.',
    });

    const queueOutputs: [keyof typeof QUEUE_OUTPUTS, sqs.Queue, string][] = [
      ['notificationQueue', this.notificationQueue, 'Notifications waiting to be routed'],
      ['notificationDeadLetterQueue', this.notificationDeadLetterQueue, 'Notifications that failed routing'],
      ['deliveryEventsQueue', this.deliveryEventsQueue, 'SES delivery events waiting to be recorded'],
      [
        'deliveryEventsDeadLetterQueue',
        this.deliveryEventsDeadLetterQueue,
        'SES delivery events that could not be recorded',
      ],
      [
        'scheduleDeadLetterQueue',
        this.scheduleDeadLetterQueue,
        'Reminder sweeps the scheduler could not start',
      ],
    ];
    for (const [role, queue, description] of queueOutputs) {
      new CfnOutput(this, QUEUE_OUTPUTS[role], { value: queue.queueUrl, description });
    }
    new CfnOutput(this, 'StaffUserPoolId', {
      value: this.userPool.userPoolId,
      description: 'Staff user pool',
    });
    new CfnOutput(this, 'StaffSignInDomain', {
      value: this.userPoolDomain.baseUrl(),
      description: 'Cognito hosted sign-in for the staff pages',
    });
    new CfnOutput(this, 'SesConfigurationSetName', {
      value: this.configurationSet.configurationSetName,
      description: 'Every email is sent through this configuration set',
    });
  }

  /**
   * SES configuration set → SNS topic → SQS queue → ses-events. A queue between the topic and the
   * function gives retries with back-off, partial batch failures, a dead-letter queue the redrive
   * command can move back, and the same local wiring as the notification queue.
   */
  private createDeliveryEvents(
    config: EnvironmentConfig,
    names: ReturnType<typeof statefulNames>,
    queueDefaults: sqs.QueueProps,
  ) {
    const configurationSetArn = `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:configuration-set/${names.configurationSet}`;
    const topicArn = `arn:${Aws.PARTITION}:sns:${Aws.REGION}:${Aws.ACCOUNT_ID}:${names.deliveryEventsTopic}`;
    // The topic and the queues are encrypted with the data key. The services that write to them
    // need the key, each limited to this account and to the one configuration set or topic (named
    // by string: a reference to the topic here would make the key and the topic depend on each other).
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSesToPublishToTheEncryptedDeliveryEventsTopic',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': configurationSetArn },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSnsToDeliverToTheEncryptedDeliveryEventsQueues',
        principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': topicArn },
        },
      }),
    );

    const topic = new sns.Topic(this, 'DeliveryEventsTopic', {
      topicName: names.deliveryEventsTopic,
      displayName: `Private fostering email delivery events (${config.envName})`,
      masterKey: this.key,
      enforceSSL: true,
    });
    tag(topic, 'deliveryEventsTopic');

    const configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: names.configurationSet,
      // Council and NHS mail servers accept TLS; refusing plain SMTP keeps case references and
      // links off the wire in clear. A server without TLS produces a bounce, which is escalated.
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    configurationSet.addEventDestination('DeliveryEvents', {
      destination: ses.EventDestination.snsTopic(topic),
      events: DELIVERY_EVENTS,
      enabled: true,
    });
    configurationSet.applyRemovalPolicy(RemovalPolicy.RETAIN);

    const deadLetterQueue = new sqs.Queue(this, 'DeliveryEventsDeadLetterQueue', {
      ...queueDefaults,
      retentionPeriod: Duration.days(14),
    });
    tag(deadLetterQueue, 'deliveryEventsDeadLetterQueue');
    const queue = new sqs.Queue(this, 'DeliveryEventsQueue', {
      ...queueDefaults,
      visibilityTimeout: Duration.seconds(60),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    tag(queue, 'deliveryEventsQueue');

    // Written out rather than SqsSubscription, which would add a key policy statement with no
    // condition (any topic anywhere) or one referring to the topic (a circular dependency). The
    // subscription's dead-letter queue gets the same statement from sns.Subscription itself.
    queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowTheDeliveryEventsTopic',
        principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [queue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': topic.topicArn } },
      }),
    );
    const subscription = new sns.Subscription(this, 'DeliveryEventsSubscription', {
      topic,
      protocol: sns.SubscriptionProtocol.SQS,
      endpoint: queue.queueArn,
      // The SNS envelope is kept: ses-events reads the SES event from its Message.
      rawMessageDelivery: false,
      // What SNS cannot deliver to the queue (a broken key or queue policy) is kept, not dropped.
      deadLetterQueue,
    });
    subscription.node.addDependency(queue, deadLetterQueue);
    return { configurationSet, topic, queue, deadLetterQueue };
  }

  /**
   * Cognito for staff sign-in: no self sign-up (a designated manager invites people), TOTP
   * required, Plus-tier threat protection, a strong password policy, and the two roles as groups.
   * Optionally federated to the council's OpenID Connect provider.
   */
  private createStaffSignIn(config: EnvironmentConfig, names: ReturnType<typeof statefulNames>) {
    const userPool = new cognito.UserPool(this, 'StaffUserPool', {
      userPoolName: names.userPool,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      // Required, TOTP only: staff see children's details. SMS is weaker and needs a sending role.
      // Federated users are held to their own identity provider's MFA.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 12,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus: adaptive authentication and compromised-credential checks, enforced.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: `${config.councilName}: your private fostering staff account`,
        emailBody: `You have been given an account for the ${config.councilName} private fostering staff pages (${config.staffBaseUrl}). Your username is {username} and your temporary password is {####}. You will set a new password and an authenticator app when you first sign in.`,
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    tag(userPool, 'staffUserPool');

    STAFF_GROUPS.forEach((groupName, precedence) => {
      userPool.addGroup(`Group-${groupName}`, {
        groupName,
        precedence,
        description:
          groupName === 'designated-manager'
            ? 'Designated manager: sees and changes every case, allocates, approves assessments'
            : 'Caseworker: sees and changes the cases allocated to them',
      });
    });

    const domain = userPool.addDomain('StaffSignInDomain', {
      cognitoDomain: { domainPrefix: config.staffAuthDomainPrefix },
    });

    const federated = config.staffIdentityProvider;
    const identityProvider = federated
      ? new cognito.UserPoolIdentityProviderOidc(this, 'CouncilIdentityProvider', {
          userPool,
          name: federated.name,
          issuerUrl: federated.issuerUrl,
          clientId: federated.clientId,
          // A CloudFormation dynamic reference: resolved at deploy, never written in the template.
          clientSecret: SecretValue.secretsManager(federated.clientSecretName).unsafeUnwrap(),
          scopes: ['openid', 'email', 'profile'],
          attributeRequestMethod: cognito.OidcAttributeRequestMethod.GET,
          attributeMapping: {
            email: cognito.ProviderAttribute.other('email'),
            fullname: cognito.ProviderAttribute.other('name'),
          },
        })
      : undefined;

    const staffBaseUrl = config.staffBaseUrl.replace(/\/$/, '');
    const client = userPool.addClient('StaffPagesClient', {
      userPoolClientName: 'staff-pages',
      // Confidential client: the staff function keeps the secret server-side and also sends a
      // PKCE S256 challenge on every sign-in (functions/staff/auth.ts).
      generateSecret: true,
      // Hosted sign-in only: no password or SRP flows straight to the API from this client.
      authFlows: {
        user: false,
        userSrp: false,
        userPassword: false,
        adminUserPassword: false,
        custom: false,
      },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${staffBaseUrl}/auth/callback`],
        logoutUrls: [`${staffBaseUrl}/signed-out`],
      },
      supportedIdentityProviders: [
        cognito.UserPoolClientIdentityProvider.COGNITO,
        ...(identityProvider
          ? [cognito.UserPoolClientIdentityProvider.custom(identityProvider.providerName)]
          : []),
      ],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(10),
    });
    if (identityProvider) client.node.addDependency(identityProvider);
    if (!/^https:\/\/|^http:\/\/localhost[:/]/.test(staffBaseUrl)) {
      Annotations.of(client).addWarningV2(
        'pf:staff-callback-not-https',
        `staffBaseUrl ${staffBaseUrl} is not https: Cognito accepts plain-HTTP callbacks only for localhost, so deploying this environment will fail. Fine for local runs.`,
      );
    }

    // Cognito's own attribute (Fn::GetAtt ClientSecret), copied into Secrets Manager: the staff
    // function reads it at cold start, so it is never an environment variable.
    const clientSecret = new secretsmanager.Secret(this, 'StaffClientSecret', {
      description: `Client secret of the Cognito app client for the private fostering staff pages (${config.envName})`,
      encryptionKey: this.key,
      secretStringValue: SecretValue.resourceAttribute(
        (client.node.defaultChild as cognito.CfnUserPoolClient).attrClientSecret,
      ),
    });
    Validations.of(clientSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Cognito issues this app client secret; Secrets Manager only holds a copy for the staff function. A rotation Lambda cannot change a secret Cognito owns: it is rotated by replacing the app client secret in Cognito and redeploying (docs/runbook.md, "Rotating keys and secrets").',
    });
    return { userPool, domain, client, clientSecret };
  }
}

function tag(construct: Construct, role: string): void {
  (construct.node.defaultChild as CfnResource).addMetadata(RESOURCE_METADATA_KEY, role);
}
