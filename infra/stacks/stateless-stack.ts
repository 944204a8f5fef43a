import {
  Aws,
  CfnOutput,
  type CfnResource,
  CrossStackReferences,
  Duration,
  Fn,
  ReferenceStrength,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRICS, METRICS_NAMESPACE } from '../../shared/observability-metrics.ts';
import { ORIGIN_SECRET_HEADER } from '../../shared/web/origin-secret.ts';
import { ConfigError, type EnvironmentConfig } from '../config.ts';
import { EdgeWebAcl } from '../constructs/edge-web-acl.ts';
import { type BundleFiles, PipelineFunction } from '../constructs/pipeline-function.ts';
import { statefulNames, TABLE_INDEXES } from './stateful-stack.ts';

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
  readonly deliveryEventsQueue: sqs.IQueue;
  readonly deliveryEventsDeadLetterQueue: sqs.IQueue;
  readonly userPool: cognito.IUserPool;
  readonly userPoolDomain: cognito.UserPoolDomain;
  readonly staffClient: cognito.IUserPoolClient;
  readonly staffClientSecret: secretsmanager.ISecret;
  /** Keys the address hashes in table keys (shared/hash-key.ts). */
  readonly hashKeySecret: secretsmanager.ISecret;
}

/** The functions of the pipeline, by their short name (POWERTOOLS_SERVICE_NAME, `pf:function`). */
export type FunctionName = 'notify' | 'route' | 'remind' | 'staff' | 'ses-events';

/**
 * What the web function reads from disk at run time, beside its bundle: govuk-frontend's compiled
 * JS, the stylesheet, and its templates precompiled (infra/build/templates.mjs: the function's own
 * views, then the shared layout, then govuk-frontend's, searched in that order), so no template is
 * parsed at a cold start (issue 16). The layout matches shared/web/paths.ts (`./govuk-frontend/dist`,
 * `./assets`, `./views` beside index.mjs) and, for staff, shared/domain/postcode-lookup.ts
 * (`./data/postcode-districts.json`).
 */
export const WEB_BUNDLE_FILES = (fn: string): BundleFiles[] => [
  {
    from: 'node_modules/govuk-frontend/dist/govuk',
    to: 'govuk-frontend/dist/govuk',
    suffixes: ['govuk-frontend.min.js'],
  },
  // libphonenumber-js's metadata, read on the first phone number checked (shared/web/paths.ts).
  {
    from: 'node_modules/libphonenumber-js/metadata.min.json',
    to: 'libphonenumber-js/metadata.min.json',
  },
  // govuk-frontend's Sass built with the council's settings: the bundle carries CSS, not sass.
  { build: 'infra/build/stylesheet.mjs', to: 'assets/council.css' },
  {
    build: 'infra/build/templates.mjs',
    to: 'views/templates.json',
    inputs: [`functions/${fn}/views`, 'shared/web/views', 'node_modules/govuk-frontend/dist'],
  },
  // The postcode lookup's data, read where staff name a receiving council (postcode-lookup.ts).
  ...(fn === 'staff'
    ? [{ from: 'shared/domain/data/postcode-districts.json', to: 'data/postcode-districts.json' }]
    : []),
];

/** Item-level DynamoDB actions the functions use (TransactWriteItems is authorised per contained action). */
/**
 * What each function may do to the table, by partition-key prefix (issue 13: least privilege).
 * Read from the store modules each function uses (shared/store/*.ts, keys.ts):
 *   notify     draft-store (DRAFT#, RESUME#), notification-store (CASE#<ref>/NOTIFICATION),
 *              rate-limits (LIMIT#)
 *   route      notification-store, case-store, email-ledger (all CASE#<ref>)
 *   remind     due-index (Query gsi1 by DUE#<shard>; Update the CASE# items it finds),
 *              reminder-store (CASE#), digest-ledger (RECIPIENT#)
 *   staff      case-records (CASE#, Query gsi2 by CASES), session-store (SESSION#, STAFF)
 *   route      … and bounced-addresses (BOUNCED#, read)
 *   ses-events delivery-failures (CASE#: events and escalation reminders, put once; the day's
 *              count of bounced acknowledgements, updated), bounced-addresses (BOUNCED#, put)
 * `dynamodb:LeadingKeys` is the partition key of the item, or of the index for a Query on an
 * index. IAM cannot limit a sort key, so notify can reach any CASE# partition's items by key (it
 * writes and re-reads the notification there), but it cannot Query, Scan or Delete them.
 * TransactWriteItems is authorised as its parts (PutItem, UpdateItem, DeleteItem).
 */
interface TableGrant {
  actions: string[];
  /** Partition-key patterns (IAM StringLike). */
  leadingKeys: string[];
  /** An index name, for a Query on that index; the table itself when absent. */
  index?: string;
}
/** The public form's routes: the stage-wide default, stated per route too. */
const PUBLIC_ROUTE_KEYS = ['GET /', 'ANY /{proxy+}'];
const PUBLIC_THROTTLE = { throttlingBurstLimit: 50, throttlingRateLimit: 20 };
/** A few dozen staff, a page or two a second each at most. */
const STAFF_ROUTE_KEYS = ['GET /staff', 'ANY /staff/{proxy+}'];
const STAFF_THROTTLE = { throttlingBurstLimit: 40, throttlingRateLimit: 20 };

/** CloudFront + WAF: on when configured, and by default in an environment named prod…. */
export function edgeEnabled(config: EnvironmentConfig): boolean {
  return config.edge?.enabled ?? /^prod/.test(config.envName);
}

export const TABLE_ACCESS: Record<FunctionName, TableGrant[]> = {
  notify: [
    {
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      leadingKeys: ['DRAFT#*', 'RESUME#*'],
    },
    {
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      leadingKeys: ['CASE#*'],
    },
    { actions: ['dynamodb:UpdateItem'], leadingKeys: ['LIMIT#*'] },
    // Does a campaign link name a real campaign? (campaign-store.ts; read only)
    { actions: ['dynamodb:GetItem'], leadingKeys: ['CAMPAIGNS'] },
    // Change and ending notices told online, stored once and marked queued (issue 12).
    { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], leadingKeys: ['NOTICE#*'] },
    // The receiving council's acknowledgement link (issue 12): its hashed token read and used once.
    { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], leadingKeys: ['TRANSFER-ACK#*'] },
    // Links asking for what is missing (issue 12): read by the token's hash, marked used once.
    { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], leadingKeys: ['MISSINGINFO#*'] },
  ],
  route: [
    {
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      leadingKeys: ['CASE#*'],
    },
    // Is this notifier's address one that bounced an acknowledgement? (bounced-addresses.ts)
    { actions: ['dynamodb:GetItem'], leadingKeys: ['BOUNCED#*'] },
    // The duplicate-match index (hashed keys, no personal data): written when a case opens, and
    // queried for an open case about the same child or address (match-index.ts, issue 12); and
    // the marker that says the old unkeyed keys are retired (retire-legacy-match-keys.ts) read.
    { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], leadingKeys: ['MATCH#*'] },
    // A notice is read, marked routed and joined to its case, or listed for the front door to match.
    { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], leadingKeys: ['NOTICE#*'] },
    { actions: ['dynamodb:PutItem'], leadingKeys: ['NOTICES'] },
  ],
  remind: [
    { actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], leadingKeys: ['CASE#*'] },
    { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], leadingKeys: ['RECIPIENT#*'] },
    { actions: ['dynamodb:Query'], leadingKeys: ['DUE#*'], index: TABLE_INDEXES.dueReminders },
    // A change or ending notice's outbox entry (issue 12): claimed, re-queued or abandoned.
    { actions: ['dynamodb:UpdateItem'], leadingKeys: ['NOTICE#*'] },
  ],
  staff: [
    {
      actions: [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
      leadingKeys: ['CASE#*'],
    },
    // The front door's notices to match: listed, read, joined to a case, taken off the list.
    { actions: ['dynamodb:Query', 'dynamodb:DeleteItem'], leadingKeys: ['NOTICES'] },
    { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], leadingKeys: ['NOTICE#*'] },
    // A transfer notice's acknowledgement link: only its hash is written (issue 12).
    { actions: ['dynamodb:PutItem'], leadingKeys: ['TRANSFER-ACK#*'] },
    {
      actions: [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
      leadingKeys: ['SESSION#*', 'STAFF'],
    },
    { actions: ['dynamodb:Query'], leadingKeys: ['CASES'], index: TABLE_INDEXES.caseLists },
    // Awareness campaigns (listed, created once) and the council's list of organisations (replaced whole).
    {
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      leadingKeys: ['CAMPAIGNS', 'ORGANISATIONS'],
    },
    // The hand-off to the case system (shared/store/handoff-store.ts): person ID → case lookups,
    // claimed and released with the case's details; uploaded imports waiting for confirmation (TTL).
    { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'], leadingKeys: ['PERSON#*'] },
    { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], leadingKeys: ['IMPORT#*'] },
    // A link asking the notifier for what is missing (issue 12): written once, by the token's hash.
    { actions: ['dynamodb:PutItem'], leadingKeys: ['MISSINGINFO#*'] },
  ],
  // Appends events and escalations (put once), counts the day's bounced acknowledgements in one
  // escalation (update), and records the address that bounced (by hash).
  'ses-events': [
    { actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], leadingKeys: ['CASE#*'] },
    { actions: ['dynamodb:PutItem'], leadingKeys: ['BOUNCED#*'] },
  ],
};

/** What a caller of the table or a queue needs from the customer-managed key (no wildcard actions). */
const DATA_KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];

/**
 * Code and wiring: the functions, the public HTTP API, the queue consumer, the reminder schedule and
 * the alarms. Holds no data, so it can be destroyed and redeployed freely.
 */
export class StatelessStack extends Stack {
  readonly functions: Record<FunctionName, PipelineFunction>;
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
    const { config, key } = props;
    const names = statefulNames(config);
    // After a point-in-time restore the functions switch to the restored table (same key, same
    // indexes); the stack's own table stays as it was.
    const table: dynamodb.ITable = config.restoredTableName
      ? dynamodb.Table.fromTableName(this, 'RestoredTable', config.restoredTableName)
      : props.table;

    this.httpApi = new apigwv2.HttpApi(this, 'PublicApi', {
      description: 'Public notification form (notify) and the staff pages (staff)',
      createDefaultStage: false,
      // With a custom domain, the form is reached only by that name (and CloudFront, if on): the
      // default execute-api address would be a second way in, around the domain's TLS policy and
      // around the WAF (issue 13).
      disableExecuteApiEndpoint: config.customDomain !== undefined,
    });
    const customDomain = config.customDomain
      ? new apigwv2.DomainName(this, 'CustomDomain', {
          domainName: config.customDomain.domainName,
          certificate: acm.Certificate.fromCertificateArn(
            this,
            'CustomDomainCertificate',
            config.customDomain.certificateArn,
          ),
          securityPolicy: apigwv2.SecurityPolicy.TLS_1_2,
        })
      : undefined;
    const edgeParts = edgeEnabled(config) ? this.createEdge(config, customDomain, key) : undefined;
    const edge = edgeParts?.distribution;
    // Behind CloudFront, both web functions refuse requests without its origin header (the ARN,
    // never the value: they read it from Secrets Manager).
    const originEnvironment: Record<string, string> = edgeParts
      ? { ORIGIN_SECRET_ARN: edgeParts.originSecret.secretArn }
      : {};
    const publicBaseUrl =
      config.publicBaseUrl ??
      (config.customDomain
        ? `https://${config.customDomain.domainName}`
        : edge
          ? `https://${edge.distributionDomainName}`
          : this.httpApi.apiEndpoint);

    const sharedEnvironment: Record<string, string> = {
      TABLE_NAME: table.tableName,
      COUNCIL_NAME: config.councilName,
      SENDER_ADDRESS: config.senderAddress,
      DESIGNATED_MANAGER_ADDRESS: config.designatedManagerAddress,
      ROUTING_RULES: JSON.stringify(config.routingRules),
      RECEIVING_COUNCILS: JSON.stringify(config.receivingCouncils),
      ...(config.deputyManagerAddresses.length
        ? { DEPUTY_MANAGERS: config.deputyManagerAddresses.join(',') }
        : {}),
      STAFF_BASE_URL: config.staffBaseUrl,
      PUBLIC_BASE_URL: publicBaseUrl,
      // How notifiers reach the council: the form's pages and the emails to notifiers show them.
      COUNCIL_CONTACT_PHONE: config.contactPhone,
      COUNCIL_OUT_OF_HOURS_PHONE: config.outOfHoursPhone,
      ...(config.contactEmail ? { COUNCIL_CONTACT_EMAIL: config.contactEmail } : {}),
      ...(config.feedbackUrl ? { COUNCIL_FEEDBACK_URL: config.feedbackUrl } : {}),
      ...(config.logoUrl ? { COUNCIL_LOGO_URL: config.logoUrl } : {}),
    };
    // Every email goes through the configuration set, which publishes bounces and complaints.
    const mailEnvironment = { SES_CONFIGURATION_SET: names.configurationSet };

    const notify = new PipelineFunction(this, 'Notify', {
      name: 'notify',
      entry: 'functions/notify/handler.ts',
      description: 'Public notification form: validate, store, queue',
      environment: {
        ...sharedEnvironment,
        ...mailEnvironment,
        NOTIFICATION_QUEUE_URL: props.notificationQueue.queueUrl,
        ...rateLimitEnvironment(config.rateLimits),
        // Behind CloudFront, API Gateway's source address is CloudFront's: the client's is in the
        // header CloudFront adds (and overwrites if a client sends its own).
        ...(edge ? { CLIENT_ADDRESS_HEADER: 'cloudfront-viewer-address' } : {}),
        ...originEnvironment,
      },
      logKey: key,
      tracing: config.tracing,
      bundleFiles: WEB_BUNDLE_FILES('notify'),
    });
    const route = new PipelineFunction(this, 'Route', {
      name: 'route',
      entry: 'functions/route/handler.ts',
      description: 'Queue consumer: open the case, compute due dates, alert the designated manager',
      environment: { ...sharedEnvironment, ...mailEnvironment },
      logKey: key,
      tracing: config.tracing,
      timeout: Duration.seconds(30),
    });
    const remind = new PipelineFunction(this, 'Remind', {
      name: 'remind',
      entry: 'functions/remind/handler.ts',
      description: 'Scheduled sweep of due reminders',
      // The queue URL lets the sweep re-queue notifications stored but never routed (the outbox).
      environment: {
        ...sharedEnvironment,
        ...mailEnvironment,
        NOTIFICATION_QUEUE_URL: props.notificationQueue.queueUrl,
      },
      logKey: key,
      tracing: config.tracing,
    });
    const staff = new PipelineFunction(this, 'Staff', {
      name: 'staff',
      entry: 'functions/staff/handler.ts',
      description: 'Staff pages: sign in (Cognito), cases, allocation, visits, checks, reports',
      environment: {
        ...sharedEnvironment,
        ...mailEnvironment,
        OIDC_ISSUER: `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}/${props.userPool.userPoolId}`,
        OIDC_CLIENT_ID: props.staffClient.userPoolClientId,
        // The secret's ARN, not the secret: the function reads it from Secrets Manager at cold start.
        OIDC_CLIENT_SECRET_ARN: props.staffClientSecret.secretArn,
        // Cognito advertises no end_session_endpoint; signing out of Cognito too needs /logout.
        OIDC_LOGOUT_URL: `${props.userPoolDomain.baseUrl()}/logout`,
        // The caseworker group's members are offered for allocation (functions/staff/cognito-directory.ts).
        STAFF_USER_POOL_ID: props.userPool.userPoolId,
        ...(config.dfeLaCode ? { DFE_LA_CODE: config.dfeLaCode } : {}),
        ...(config.gssCode ? { ONS_GSS_CODE: config.gssCode } : {}),
        ...originEnvironment,
      },
      logKey: key,
      tracing: config.tracing,
      bundleFiles: WEB_BUNDLE_FILES('staff'),
    });
    // Created after route, so route's queue mapping stays the first in the template.
    const sesEvents = new PipelineFunction(this, 'SesEvents', {
      name: 'ses-events',
      entry: 'functions/ses-events/handler.ts',
      description: 'SES bounces, complaints, rejects and delays: record on the case, escalate failures',
      environment: sharedEnvironment,
      logKey: key,
      tracing: config.tracing,
    });
    this.functions = { notify, route, remind, staff, 'ses-events': sesEvents };

    // --- Least-privilege grants, written out so no wildcard is needed -----------------------------
    // SES v2 authorises SendEmail against the identity and, when one is used, the configuration set.
    const sesResources = [
      `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/${config.sesIdentity}`,
      `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:configuration-set/${names.configurationSet}`,
    ];
    for (const [name, grants] of Object.entries(TABLE_ACCESS)) {
      const fn = this.functions[name as FunctionName];
      grants.forEach((grant, i) => {
        fn.role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            sid: `Table${grant.index ? `Index${grant.index}` : 'Items'}${i}`,
            actions: grant.actions,
            resources: [grant.index ? `${table.tableArn}/index/${grant.index}` : table.tableArn],
            conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': grant.leadingKeys } },
          }),
        );
      });
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
    // notify emails "save and come back later" links; route and remind send the pipeline's emails;
    // staff tells a caseworker when a case is allocated to them.
    for (const fn of [notify, route, remind, staff]) {
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'SendEmailAsIdentity',
          actions: ['ses:SendEmail'],
          resources: sesResources,
        }),
      );
    }
    staff.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadStaffClientSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [props.staffClientSecret.secretArn],
      }),
    );

    // The staff directory: who is in the caseworker group, in this user pool only (issue 17).
    // The functions that hash addresses into table keys read the key (the ARN is in their variables).
    for (const fn of [route, remind, sesEvents]) {
      fn.function.addEnvironment('HASH_KEY_SECRET_ARN', props.hashKeySecret.secretArn);
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'ReadAddressHashKey',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [props.hashKeySecret.secretArn],
        }),
      );
    }
    staff.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ListStaffDirectory',
        actions: ['cognito-idp:ListUsersInGroup'],
        resources: [props.userPool.userPoolArn],
      }),
    );
    if (edgeParts) {
      for (const fn of [notify, staff]) {
        fn.role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            sid: 'ReadOriginSecret',
            actions: ['secretsmanager:GetSecretValue'],
            resources: [edgeParts.originSecret.secretArn],
          }),
        );
      }
    }

    // --- notify: the public HTTP API -------------------------------------------------------------
    const accessLogGroup = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      encryptionKey: key,
    });
    if (customDomain) {
      new CfnOutput(this, 'CustomDomainTarget', {
        description: edge
          ? 'CloudFront fronts the custom domain: point its DNS alias at the EdgeDomainName output, not here'
          : 'Point a DNS alias (or CNAME) for the custom domain at this name',
        value: customDomain.regionalDomainName,
      });
    }
    const stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      ...(customDomain ? { domainMapping: { domainName: customDomain } } : {}),
      autoDeploy: true,
      throttle: {
        burstLimit: PUBLIC_THROTTLE.throttlingBurstLimit,
        rateLimit: PUBLIC_THROTTLE.throttlingRateLimit,
      },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogGroup),
        // Route key and status only: no path (a save-and-return link carries a token in it), no
        // query string, no body, no headers beyond the user agent.
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            method: '$context.httpMethod',
            routeKey: '$context.routeKey',
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
    /** `GET <base>` and `ANY <base>/{proxy+}` to one function, tagged for the local runtime. */
    const addPageRoutes = (
      name: 'notify' | 'staff',
      fn: PipelineFunction,
      base: '' | '/staff',
      unauthenticatedReason: string,
    ) => {
      const integration = new HttpLambdaIntegration(
        `${name === 'notify' ? 'Notify' : 'Staff'}Integration`,
        fn.function,
      );
      const routes = [
        ...this.httpApi.addRoutes({ path: base || '/', methods: [apigwv2.HttpMethod.GET], integration }),
        ...this.httpApi.addRoutes({
          path: `${base}/{proxy+}`,
          methods: [apigwv2.HttpMethod.ANY],
          integration,
        }),
      ];
      for (const apiRoute of routes) {
        (apiRoute.node.defaultChild as CfnResource).addMetadata('pf:function', name);
        Validations.of(apiRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason: unauthenticatedReason });
      }
    };
    addPageRoutes(
      'notify',
      notify,
      '',
      'Public notification form: any professional or member of the public must be able to notify without an account (Children Act 1989 s.66). Abuse is limited by per-client and per-recipient counters in DynamoDB (drafts, save-and-return emails, notifications: shared/domain/rate-limits.ts), a route throttle apart from the staff pages, AWS WAF managed rules and rate limits when CloudFront fronts the API (on by default in production), body size limits, CSRF tokens and server-side validation.',
    );
    // --- staff: the signed-in pages, on the same API ----------------------------------------------
    // More specific than notify's /{proxy+}, so API Gateway sends every /staff path here.
    addPageRoutes(
      'staff',
      staff,
      '/staff',
      'Browser pages, not an API: the sign-in page and the OIDC callback must be reachable signed out, and a browser sends no bearer token for an API Gateway JWT authorizer. The staff function authenticates every other request itself (Cognito OIDC code flow with PKCE, then a server-side session; roles from cognito:groups).',
    );

    // The staff pages get their own throttle (route settings override the stage's defaults, and
    // each route has its own bucket), so a flood of the public form cannot lock staff out.
    const cfnStage = stage.node.defaultChild as apigwv2.CfnStage;
    // RouteSettings is a map CloudFormation takes as written: its keys are route keys.
    const throttleOf = (t: typeof PUBLIC_THROTTLE) => ({
      ThrottlingBurstLimit: t.throttlingBurstLimit,
      ThrottlingRateLimit: t.throttlingRateLimit,
    });
    cfnStage.addPropertyOverride(
      'RouteSettings',
      Object.fromEntries(
        [...STAFF_ROUTE_KEYS, ...PUBLIC_ROUTE_KEYS].map((routeKey) => [
          routeKey,
          throttleOf(STAFF_ROUTE_KEYS.includes(routeKey) ? STAFF_THROTTLE : PUBLIC_THROTTLE),
        ]),
      ),
    );
    for (const child of this.httpApi.node.children) {
      // The route settings name routes, so the stage waits for them.
      if (child instanceof apigwv2.HttpRoute) stage.node.addDependency(child);
    }

    // --- route: the notification queue consumer --------------------------------------------------
    route.function.addEventSource(
      new SqsEventSource(props.notificationQueue, {
        batchSize: 10,
        // No batching window: the manager's alert should not wait up to a second for a fuller batch
        // (budget: submit → alert p99 under 1 s).
        reportBatchItemFailures: true,
        // Caps parallel pollers: protects the SES send rate without reserving account concurrency.
        maxConcurrency: 5,
      }),
    );

    // --- ses-events: the delivery events queue consumer --------------------------------------------
    sesEvents.function.addEventSource(
      new SqsEventSource(props.deliveryEventsQueue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        maxConcurrency: 2,
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
    /** A Powertools (EMF) metric: namespace PrivateFostering, dimension `service`. */
    const customMetric = (metric: { service: string; name: string }, statistic: string, period: Duration) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: metric.name,
        dimensionsMap: { service: metric.service },
        statistic,
        period,
      });

    alarm('NotificationDeadLetterQueueNotEmpty', {
      alarmDescription:
        'Notifications failed routing 5 times and are in the dead-letter queue. Read the route logs, fix, then redrive (docs/runbook.md).',
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
        'EventBridge Scheduler could not invoke the remind function. Reminders catch up on the next successful run; check the function and its permissions, then purge the queue (docs/runbook.md).',
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
        'A notification has waited over 15 minutes to be routed: the route function is failing or throttled. Read the route logs and its error and throttle alarms (docs/runbook.md).',
      metric: props.notificationQueue.metricApproximateAgeOfOldestMessage({
        period: fiveMinutes,
        statistic: 'Maximum',
      }),
      threshold: 900,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    alarm('ApiServerErrors', {
      alarmDescription:
        'The public API returned 5xx responses in the last 5 minutes. Read the notify and staff logs (docs/runbook.md).',
      metric: this.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    // Account-wide SES reputation: AWS reviews sending at a 5% bounce or 0.1% complaint rate.
    alarm('SesBounceRate', {
      alarmDescription:
        'SES bounce rate is at or above 2.5% (AWS reviews the account at 5%). Check mailbox addresses in routing rules and staff records (docs/runbook.md).',
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
      alarmDescription:
        'SES complaint rate is at or above 0.05% (AWS reviews the account at 0.1%). Find the complaints on the dashboard and the cases (docs/runbook.md).',
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
    alarm('DeliveryEventsDeadLetterQueueNotEmpty', {
      alarmDescription:
        'SES delivery events (bounces, complaints) failed recording 5 times and are in the dead-letter queue: a failed email may not have been escalated. Read the ses-events logs, fix, then redrive (docs/runbook.md).',
      metric: props.deliveryEventsDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: fiveMinutes,
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    alarm('OldestDueReminderOverADay', {
      alarmDescription:
        'A reminder has been due for over a day without being sent, or the sweep has not reported for an hour: statutory visit reminders are not going out. Check the remind function, its schedule and SES (docs/runbook.md).',
      metric: customMetric(METRICS.oldestDueReminderAge, 'Maximum', Duration.hours(1)),
      threshold: 24 * 3600,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // The sweep reports every 15 minutes, 0 when nothing is due: silence means it is not running.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    // The outbox safety net: a notification stored but not routed is re-queued by the sweep. That it
    // worked is good; that it was needed means the send at submit or routing is failing.
    alarm('NotificationsRequeued', {
      alarmDescription:
        'The sweep re-queued a notification that was stored but not routed within 15 minutes: the queue send at submit failed, or routing is failing. Read the notify logs (Queue send failed) and the route logs and alarms (docs/runbook.md).',
      metric: customMetric(METRICS.notificationsRequeued, 'Sum', Duration.hours(1)),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    alarm('DeliveryFailureNotEscalated', {
      alarmDescription:
        'An email to the designated manager was not delivered, so there was nobody to escalate it to. Check the designated manager address in the configuration and the mailbox (docs/runbook.md).',
      metric: customMetric(METRICS.deliveryFailuresNotEscalated, 'Sum', fiveMinutes),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    for (const [name, fn] of Object.entries(this.functions)) {
      const title = name.replace(/(^|-)([a-z])/g, (_m, _dash, letter: string) => letter.toUpperCase());
      alarm(`${title}Errors`, {
        alarmDescription: `The ${name} function reported errors in the last 5 minutes. Read its log group (docs/runbook.md).`,
        metric: fn.function.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      alarm(`${title}Throttles`, {
        alarmDescription: `The ${name} function was throttled in the last 5 minutes: account concurrency is exhausted. Find what is using it and raise the account limit (docs/runbook.md).`,
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
        title: 'Queues and dead-letter queues',
        left: [
          props.notificationQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes }),
          props.notificationDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes }),
          props.deliveryEventsQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes }),
          props.deliveryEventsDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
            period: fiveMinutes,
          }),
          props.scheduleDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes }),
        ],
        right: [props.notificationQueue.metricApproximateAgeOfOldestMessage({ period: fiveMinutes })],
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Notifications received and routed',
        left: [
          customMetric(METRICS.notificationsReceived, 'Sum', fiveMinutes),
          customMetric(METRICS.notificationsRouted, 'Sum', fiveMinutes),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Outbox: notifications re-queued by the sweep',
        left: [customMetric(METRICS.notificationsRequeued, 'Sum', fiveMinutes)],
        leftAnnotations: [{ value: 1, label: 'Alarm: any in an hour' }],
      }),
      new cloudwatch.GraphWidget({
        title: 'Reminders: sent, failed, and age of the oldest due (seconds)',
        left: [
          customMetric(METRICS.remindersSent, 'Sum', fiveMinutes),
          customMetric(METRICS.reminderSendFailures, 'Sum', fiveMinutes),
        ],
        right: [customMetric(METRICS.oldestDueReminderAge, 'Maximum', fiveMinutes)],
        rightAnnotations: [{ value: 24 * 3600, label: 'Alarm: a day' }],
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Email delivery problems',
        left: [
          customMetric(METRICS.emailsUndelivered, 'Sum', fiveMinutes),
          customMetric(METRICS.emailComplaints, 'Sum', fiveMinutes),
          customMetric(METRICS.emailsDelayed, 'Sum', fiveMinutes),
          customMetric(METRICS.deliveryFailuresNotEscalated, 'Sum', fiveMinutes),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'SES reputation (account)',
        left: [
          new cloudwatch.Metric({
            namespace: 'AWS/SES',
            metricName: 'Reputation.BounceRate',
            period: Duration.minutes(15),
            statistic: 'Maximum',
          }),
          new cloudwatch.Metric({
            namespace: 'AWS/SES',
            metricName: 'Reputation.ComplaintRate',
            period: Duration.minutes(15),
            statistic: 'Maximum',
          }),
        ],
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

  /**
   * CloudFront in front of the HTTP API, with the WAF web ACL (infra/constructs/edge-web-acl.ts).
   * Nothing is cached: every page is per-visitor and sent no-store.
   */
  private createEdge(
    config: EnvironmentConfig,
    customDomain: apigwv2.DomainName | undefined,
    key: kms.IKey,
  ): { distribution: cloudfront.Distribution; originSecret: secretsmanager.Secret } {
    let webAclArn = config.edge?.webAclArn;
    if (!webAclArn) {
      if (this.region !== 'us-east-1') {
        throw new ConfigError(
          `environments.${config.envName}.edge: a CloudFront web ACL must be created in us-east-1, and this stack deploys to ${Token.isUnresolved(this.region) ? 'a region not fixed at synth' : this.region}. Deploy infra/edge-waf-app.ts in us-east-1 and set edge.webAclArn to the ARN it prints (or set edge.enabled: false).`,
        );
      }
      webAclArn = new EdgeWebAcl(this, 'EdgeWebAcl', {
        ...(config.wafRateLimit ? { requestsPerFiveMinutes: config.wafRateLimit } : {}),
      }).arn;
    }
    if (customDomain && !config.edge?.certificateArn) {
      throw new ConfigError(
        `environments.${config.envName}.edge.certificateArn is required with a custom domain: CloudFront carries the name and needs an ACM certificate for it in us-east-1`,
      );
    }
    // The client's address, for the function's per-client limits; the rest of what a page needs.
    const originRequestPolicy = new cloudfront.OriginRequestPolicy(this, 'EdgeOriginRequests', {
      comment: 'Private fostering pages: cookies, query strings, the client address',
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.all(),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      // With a custom domain, the viewer's Host (the domain) is forwarded so API Gateway's domain
      // mapping (and SNI) match; without one, execute-api needs its own Host, so headers are listed.
      headerBehavior: customDomain
        ? cloudfront.OriginRequestHeaderBehavior.all('CloudFront-Viewer-Address')
        : cloudfront.OriginRequestHeaderBehavior.allowList(
            'CloudFront-Viewer-Address',
            'Content-Type',
            'Origin',
            'Referer',
            'Sec-Fetch-Site',
            'User-Agent',
            'Accept',
            'Accept-Language',
          ),
    });
    // The origin header that proves a request came through CloudFront (shared/web/origin-secret.ts).
    // Generated by Secrets Manager at deploy; CloudFront needs the value itself in its origin
    // configuration, so it goes in as a CloudFormation dynamic reference ({{resolve:secretsmanager}}):
    // not in the template or the cloud assembly, but visible to anyone who may read the
    // distribution's configuration (cloudfront:GetDistributionConfig), like any origin header.
    const originSecret = new secretsmanager.Secret(this, 'EdgeOriginSecret', {
      description:
        'Sent by CloudFront to the API as an origin header; the web functions refuse requests without it',
      encryptionKey: key,
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    });
    Validations.of(originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'CloudFront reads this value only at deploy (a dynamic reference in its origin header), so a rotation Lambda would break every request until the next deploy. Rotate by deploying with a new secret value (docs/runbook.md); the functions re-read it within 15 minutes.',
    });
    const originDomain = customDomain
      ? customDomain.regionalDomainName
      : Fn.select(2, Fn.split('/', this.httpApi.apiEndpoint));
    const distribution = new cloudfront.Distribution(this, 'Edge', {
      comment: 'Private fostering notifications: WAF in front of the HTTP API',
      defaultBehavior: {
        origin: new origins.HttpOrigin(originDomain, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          customHeaders: { [ORIGIN_SECRET_HEADER]: originSecret.secretValue.unsafeUnwrap() },
        }),
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy,
      },
      webAclId: webAclArn,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      ...(customDomain && config.customDomain && config.edge?.certificateArn
        ? {
            domainNames: [config.customDomain.domainName],
            certificate: acm.Certificate.fromCertificateArn(
              this,
              'EdgeCertificate',
              config.edge.certificateArn,
            ),
          }
        : {}),
    });
    new CfnOutput(this, 'EdgeDomainName', {
      description:
        'CloudFront in front of the API: the public address (or the DNS target of the custom domain)',
      value: distribution.distributionDomainName,
    });
    Validations.of(distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geographic restriction: a notifier may be abroad (a parent, an agency, a language school) and the council must still hear from them. The WAF rules and the per-client limits protect the form.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'CloudFront standard logs need an S3 bucket with ACLs; every request that reaches the API is already in the API access log (route and status, no path: a resume link carries a token), and WAF samples blocked requests in its metrics.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain the distribution uses the cloudfront.net certificate, which CloudFront serves with its default policy; with a custom domain the policy is TLSv1.2_2021. The origin is reached over TLS 1.2 only.',
      },
    );
    return { distribution, originSecret };
  }
}

/** The public form's rate-limit overrides as notify's variables (shared/config.ts reads them). */
function rateLimitEnvironment(limits: EnvironmentConfig['rateLimits']): Record<string, string> {
  const names: Record<keyof NonNullable<EnvironmentConfig['rateLimits']>, string> = {
    draftsPerClientPerHour: 'RATE_LIMIT_DRAFTS_PER_CLIENT_PER_HOUR',
    saveAndReturnPerClientPerHour: 'RATE_LIMIT_SAVE_AND_RETURN_PER_CLIENT_PER_HOUR',
    notificationsPerClientPerHour: 'RATE_LIMIT_NOTIFICATIONS_PER_CLIENT_PER_HOUR',
    notificationsPerClientPerTenMinutes: 'RATE_LIMIT_NOTIFICATIONS_PER_CLIENT_PER_10_MINUTES',
    saveAndReturnEmailsPerRecipientPerDay: 'RATE_LIMIT_SAVE_AND_RETURN_EMAILS_PER_RECIPIENT_PER_DAY',
  };
  const out: Record<string, string> = {};
  for (const [key, name] of Object.entries(names)) {
    const value = limits?.[key as keyof typeof names];
    if (value !== undefined) out[name] = String(value);
  }
  return out;
}
