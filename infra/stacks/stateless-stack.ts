import {
  Aws,
  type CfnResource,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config.ts';
import { PipelineFunction } from '../constructs/pipeline-function.ts';
import { TABLE_INDEXES } from './stateful-stack.ts';

export const STATELESS_STACK_ID = 'PrivateFostering-Stateless';

/** The remind sweep: every 15 minutes, wall-clock time in England. */
export const REMIND_SCHEDULE = {
  expression: 'cron(0/15 * * * ? *)',
  timezone: 'Europe/London',
} as const;

export interface StatelessStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly key: kms.IKey;
  readonly table: dynamodb.ITable;
  readonly notificationQueue: sqs.IQueue;
  readonly notificationDeadLetterQueue: sqs.IQueue;
  readonly scheduleDeadLetterQueue: sqs.IQueue;
}

/**
 * What the web function reads from disk at run time, copied next to its bundle: govuk-frontend's
 * Nunjucks templates and compiled CSS/JS, the shared layout, and the function's own views. The
 * layout matches shared/web/paths.ts (`./govuk-frontend/dist`, `./views` beside index.mjs).
 */
export const WEB_BUNDLE_FILES = (fn: string) => [
  {
    from: 'node_modules/govuk-frontend/dist/govuk',
    to: 'govuk-frontend/dist/govuk',
    suffixes: ['.njk', 'govuk-frontend.min.css', 'govuk-frontend.min.js'],
  },
  { from: 'shared/web/views', to: 'views' },
  { from: `functions/${fn}/views`, to: 'views' },
];

/** Item-level DynamoDB actions the functions use (TransactWriteItems is authorised per contained action). */
const TABLE_READ_WRITE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** What a caller of the table or a queue needs from the customer-managed key (no wildcard actions). */
const DATA_KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];

/**
 * Code and wiring: the functions, the public HTTP API, the queue consumer, the reminder schedule and
 * the alarms. Holds no data, so it can be destroyed and redeployed freely.
 */
export class StatelessStack extends Stack {
  readonly functions: Record<'notify' | 'route' | 'remind', PipelineFunction>;
  readonly httpApi: apigwv2.HttpApi;
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, {
      description: 'Private fostering notifications: functions, HTTP API, schedule and alarms.',
      env: props.env,
    });
    // Strong references (Export / Fn::ImportValue): the data stack cannot be deleted while this stack
    // uses it, and the local runtime resolves the imports from the stateful template's Outputs.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { config, key, table } = props;

    this.httpApi = new apigwv2.HttpApi(this, 'PublicApi', {
      description: 'Public notification form (notify); staff pages to follow',
      createDefaultStage: false,
    });
    const publicBaseUrl = config.publicBaseUrl ?? this.httpApi.apiEndpoint;

    const sharedEnvironment: Record<string, string> = {
      TABLE_NAME: table.tableName,
      COUNCIL_NAME: config.councilName,
      SENDER_ADDRESS: config.senderAddress,
      DESIGNATED_MANAGER_ADDRESS: config.designatedManagerAddress,
      ROUTING_RULES: JSON.stringify(config.routingRules),
      STAFF_BASE_URL: config.staffBaseUrl,
      PUBLIC_BASE_URL: publicBaseUrl,
    };

    const notify = new PipelineFunction(this, 'Notify', {
      name: 'notify',
      entry: 'functions/notify/handler.ts',
      description: 'Public notification form: validate, store, queue',
      environment: { ...sharedEnvironment, NOTIFICATION_QUEUE_URL: props.notificationQueue.queueUrl },
      logKey: key,
      bundleFiles: WEB_BUNDLE_FILES('notify'),
    });
    const route = new PipelineFunction(this, 'Route', {
      name: 'route',
      entry: 'functions/route/handler.ts',
      description: 'Queue consumer: open the case, compute due dates, alert the designated manager',
      environment: sharedEnvironment,
      logKey: key,
      timeout: Duration.seconds(30),
    });
    const remind = new PipelineFunction(this, 'Remind', {
      name: 'remind',
      entry: 'functions/remind/handler.ts',
      description: 'Scheduled sweep of due reminders',
      // The queue URL lets the sweep re-queue notifications stored but never routed (the outbox).
      environment: { ...sharedEnvironment, NOTIFICATION_QUEUE_URL: props.notificationQueue.queueUrl },
      logKey: key,
    });
    this.functions = { notify, route, remind };

    // --- Least-privilege grants, written out so no wildcard is needed -----------------------------
    const tableResources = [
      table.tableArn,
      ...Object.values(TABLE_INDEXES).map((index) => `${table.tableArn}/index/${index}`),
    ];
    const sesResources = [
      `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/${config.sesIdentity}`,
    ];
    for (const fn of [notify, route, remind]) {
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'TableReadWrite',
          actions: TABLE_READ_WRITE_ACTIONS,
          resources: tableResources,
        }),
      );
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid: 'DataKey', actions: DATA_KEY_ACTIONS, resources: [key.keyArn] }),
      );
    }
    for (const fn of [notify, remind]) {
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'SendToNotificationQueue',
          actions: ['sqs:SendMessage'],
          resources: [props.notificationQueue.queueArn],
        }),
      );
    }
    for (const fn of [route, remind]) {
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'SendEmailAsIdentity',
          actions: ['ses:SendEmail'],
          resources: sesResources,
        }),
      );
    }

    // --- notify: the public HTTP API -------------------------------------------------------------
    const accessLogGroup = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      encryptionKey: key,
    });
    new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { burstLimit: 50, rateLimit: 20 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogGroup),
        // Route and status only: no query string, no body, no headers beyond the user agent.
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            method: '$context.httpMethod',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    const notifyIntegration = new HttpLambdaIntegration('NotifyIntegration', notify.function);
    const routes = [
      ...this.httpApi.addRoutes({
        path: '/',
        methods: [apigwv2.HttpMethod.GET],
        integration: notifyIntegration,
      }),
      ...this.httpApi.addRoutes({
        path: '/{proxy+}',
        methods: [apigwv2.HttpMethod.ANY],
        integration: notifyIntegration,
      }),
    ];
    for (const apiRoute of routes) {
      (apiRoute.node.defaultChild as CfnResource).addMetadata('pf:function', 'notify');
      Validations.of(apiRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Public notification form: any professional or member of the public must be able to notify without an account (Children Act 1989 s.66). Abuse is limited by stage throttling, body size limits, CSRF tokens and server-side validation; staff routes will use an authorizer.',
      });
    }

    // --- route: the notification queue consumer --------------------------------------------------
    route.function.addEventSource(
      new SqsEventSource(props.notificationQueue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        // Caps parallel pollers: protects the SES send rate without reserving account concurrency.
        maxConcurrency: 5,
      }),
    );

    // --- remind: EventBridge Scheduler, Europe/London --------------------------------------------
    const schedulerRole = new iam.Role(this, 'RemindSchedulerRole', {
      description: 'Assumed by EventBridge Scheduler to invoke the remind function',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    });
    schedulerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'InvokeRemind',
        actions: ['lambda:InvokeFunction'],
        resources: [remind.function.functionArn],
      }),
    );
    schedulerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DeadLetter',
        actions: ['sqs:SendMessage'],
        resources: [props.scheduleDeadLetterQueue.queueArn],
      }),
    );
    schedulerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DeadLetterKey',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [key.keyArn],
      }),
    );
    const schedule = new scheduler.CfnSchedule(this, 'RemindSchedule', {
      description: 'Sweep due reminders (a missed run catches up on the next)',
      scheduleExpression: REMIND_SCHEDULE.expression,
      scheduleExpressionTimezone: REMIND_SCHEDULE.timezone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: remind.function.functionArn,
        roleArn: schedulerRole.roleArn,
        deadLetterConfig: { arn: props.scheduleDeadLetterQueue.queueArn },
        // The sweep runs "as of" its slot, so a delayed or retried invocation sends the same items.
        input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        // A later run sweeps the same due items, so retrying for long is pointless.
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 600 },
      },
    });
    schedule.addMetadata('pf:function', 'remind');

    // --- Alarms ----------------------------------------------------------------------------------
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `Private fostering alarms (${config.envName})`,
      masterKey: key,
      enforceSSL: true,
    });
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsFromThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
        },
      }),
    );
    if (config.alarmEmail) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));
    }
    const alarmAction = new cwActions.SnsAction(this.alarmTopic);
    const alarm = (id: string, props: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, id, {
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...props,
      });
      created.addAlarmAction(alarmAction);
      created.addOkAction(alarmAction);
      return created;
    };
    const fiveMinutes = Duration.minutes(5);

    alarm('NotificationDeadLetterQueueNotEmpty', {
      alarmDescription:
        'Notifications failed routing 5 times and are in the dead-letter queue. Read the route logs, fix, then redrive (README runbook).',
      metric: props.notificationDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: fiveMinutes,
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    alarm('ScheduleDeadLetterQueueNotEmpty', {
      alarmDescription:
        'EventBridge Scheduler could not invoke the remind function. Reminders catch up on the next successful run; check the function and its permissions.',
      metric: props.scheduleDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: fiveMinutes,
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    alarm('NotificationQueueOldestMessage', {
      alarmDescription:
        'A notification has waited over 15 minutes to be routed: the route function is failing or throttled.',
      metric: props.notificationQueue.metricApproximateAgeOfOldestMessage({
        period: fiveMinutes,
        statistic: 'Maximum',
      }),
      threshold: 900,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    alarm('ApiServerErrors', {
      alarmDescription: 'The public API returned 5xx responses in the last 5 minutes. Read the notify logs.',
      metric: this.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    // Account-wide SES reputation: AWS reviews sending at a 5% bounce or 0.1% complaint rate.
    alarm('SesBounceRate', {
      alarmDescription:
        'SES bounce rate is at or above 2.5% (AWS reviews the account at 5%). Check mailbox addresses in routing rules and staff records.',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        period: Duration.minutes(15),
        statistic: 'Maximum',
      }),
      threshold: 0.025,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    alarm('SesComplaintRate', {
      alarmDescription: 'SES complaint rate is at or above 0.05% (AWS reviews the account at 0.1%).',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.ComplaintRate',
        period: Duration.minutes(15),
        statistic: 'Maximum',
      }),
      threshold: 0.0005,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    for (const [name, fn] of Object.entries(this.functions)) {
      const title = name[0]?.toUpperCase() + name.slice(1);
      alarm(`${title}Errors`, {
        alarmDescription: `The ${name} function reported errors in the last 5 minutes. Read its log group.`,
        metric: fn.function.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      alarm(`${title}Throttles`, {
        alarmDescription: `The ${name} function was throttled in the last 5 minutes: account concurrency is exhausted.`,
        metric: fn.function.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
    }

    // --- Dashboard -------------------------------------------------------------------------------
    const fns = Object.values(this.functions).map((fn) => fn.function);
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `PrivateFostering-${config.envName}`,
      defaultInterval: Duration.hours(24),
    });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Public API requests and errors',
        left: [
          this.httpApi.metricCount({ period: fiveMinutes, statistic: 'Sum' }),
          this.httpApi.metricClientError({ period: fiveMinutes, statistic: 'Sum' }),
          this.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Notification queue',
        left: [
          props.notificationQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes }),
          props.notificationDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes }),
        ],
        right: [props.notificationQueue.metricApproximateAgeOfOldestMessage({ period: fiveMinutes })],
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Function errors and throttles',
        left: fns.map((fn) => fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' })),
        right: fns.map((fn) => fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' })),
      }),
      new cloudwatch.GraphWidget({
        title: 'Function duration (p99)',
        left: fns.map((fn) => fn.metricDuration({ period: fiveMinutes, statistic: 'p99' })),
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: this.node.children.filter(
          (child): child is cloudwatch.Alarm => child instanceof cloudwatch.Alarm,
        ),
        width: 24,
      }),
    );
  }
}
