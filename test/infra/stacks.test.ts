import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';
import { parseEnvironmentConfig } from '../../infra/config.ts';
import { buildTestApp, functionNamed, testEnvironment } from './helpers.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; [k: string]: unknown }>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Sid?: string;
}

let stateful: Template;
let stateless: Template;

beforeAll(() => {
  const built = buildTestApp();
  stateful = Template.fromStack(built.stateful);
  stateless = Template.fromStack(built.stateless);
});

const logicalId = (template: Template, type: string, props?: unknown) => template.getResourceId(type, props);
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The one resource of a type in a template (fails the test if there is not exactly one). */
function only(template: Template, type: string): Resources[string] {
  const found = Object.values(template.findResources(type) as Resources);
  expect(found, type).toHaveLength(1);
  return found[0] as Resources[string];
}

/** Every statement of every identity policy (AWS::IAM::Policy and roles' inline policies) in a template. */
function identityStatements(template: Template): Statement[] {
  const out: Statement[] = [];
  for (const res of Object.values(template.findResources('AWS::IAM::Policy') as Resources)) {
    const doc = res.Properties.PolicyDocument as { Statement: Statement[] };
    out.push(...doc.Statement);
  }
  for (const res of Object.values(template.findResources('AWS::IAM::Role') as Resources)) {
    for (const policy of (res.Properties.Policies ?? []) as {
      PolicyDocument: { Statement: Statement[] };
    }[]) {
      out.push(...policy.PolicyDocument.Statement);
    }
  }
  return out;
}

describe('stateful stack', () => {
  it('is the one customer-managed key with rotation, retained', () => {
    stateful.resourceCountIs('AWS::KMS::Key', 1);
    stateful.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('has the single table: KMS customer key, PITR, TTL expiresAt, both GSIs, deletion protection, retained', () => {
    const keyId = logicalId(stateful, 'AWS::KMS::Key');
    stateful.resourceCountIs('AWS::DynamoDB::Table', 1);
    stateful.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        DeletionProtectionEnabled: true,
        GlobalSecondaryIndexes: Match.arrayWith([
          {
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          {
            IndexName: 'gsi2',
            KeySchema: [
              { AttributeName: 'gsi2pk', KeyType: 'HASH' },
              { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ]),
      }),
    });
  });

  it('encrypts every queue with the key and redrives the notification queue after 5 receives', () => {
    const keyId = logicalId(stateful, 'AWS::KMS::Key');
    const queues = stateful.findResources('AWS::SQS::Queue') as Resources;
    // notification + DLQ, delivery events + DLQ, schedule DLQ
    expect(Object.keys(queues)).toHaveLength(5);
    for (const queue of Object.values(queues)) {
      expect(queue.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      expect(queue.DeletionPolicy).toBe('Retain');
    }
    const dlqId = logicalId(stateful, 'AWS::SQS::Queue', {
      Metadata: { 'pf:resource': 'notificationDeadLetterQueue' },
    });
    stateful.hasResource('AWS::SQS::Queue', {
      Metadata: Match.objectLike({ 'pf:resource': 'notificationQueue' }),
      Properties: Match.objectLike({
        VisibilityTimeout: 60,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
      }),
    });
    stateful.hasResource('AWS::SQS::Queue', {
      Metadata: Match.objectLike({ 'pf:resource': 'notificationDeadLetterQueue' }),
      Properties: Match.objectLike({ MessageRetentionPeriod: 14 * 24 * 3600 }),
    });
  });

  it('denies non-TLS access to every queue', () => {
    const queueIds = Object.keys(stateful.findResources('AWS::SQS::Queue'));
    const policies = Object.values(stateful.findResources('AWS::SQS::QueuePolicy') as Resources);
    for (const queueId of queueIds) {
      const policy = policies.find((p) =>
        (p.Properties.Queues as unknown[]).some(
          (q) => JSON.stringify(q) === JSON.stringify({ Ref: queueId }),
        ),
      );
      if (!policy) throw new Error(`no queue policy for ${queueId}`);
      const statements = (policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sqs:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('is termination-protected', () => {
    const { stateful: stack } = buildTestApp();
    expect(stack.terminationProtection).toBe(true);
  });
});

describe('stateless stack', () => {
  const functionIds = () => Object.keys(stateless.findResources('AWS::Lambda::Function'));

  it('runs every function on nodejs24.x, arm64, with its source recorded as pf:entry metadata', () => {
    const functions = stateless.findResources('AWS::Lambda::Function') as Resources;
    const entries = Object.values(functions).map((fn) => {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      const metadata = fn.Metadata as Record<string, string>;
      expect(metadata['pf:handler']).toBe('handler');
      return metadata['pf:entry'];
    });
    expect(entries.sort()).toEqual([
      'functions/notify/handler.ts',
      'functions/remind/handler.ts',
      'functions/route/handler.ts',
      'functions/ses-events/handler.ts',
      'functions/staff/handler.ts',
    ]);
  });

  it('gives each function the runtime configuration, and never logs events', () => {
    const functions = stateless.findResources('AWS::Lambda::Function') as Resources;
    for (const fn of Object.values(functions)) {
      const metadata = fn.Metadata as Record<string, string>;
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      const expected = [
        'TABLE_NAME',
        'COUNCIL_NAME',
        'SENDER_ADDRESS',
        'DESIGNATED_MANAGER_ADDRESS',
        'ROUTING_RULES',
        'STAFF_BASE_URL',
        'PUBLIC_BASE_URL',
        'COUNCIL_CONTACT_PHONE',
        'COUNCIL_OUT_OF_HOURS_PHONE',
        'POWERTOOLS_SERVICE_NAME',
        'POWERTOOLS_LOG_LEVEL',
      ];
      for (const name of expected) expect(variables, `${metadata['pf:entry']} ${name}`).toHaveProperty(name);
      expect(variables).not.toHaveProperty('POWERTOOLS_LOGGER_LOG_EVENT');
      expect(variables.POWERTOOLS_SERVICE_NAME).toBe(metadata['pf:function']);
      expect(variables.SENDER_ADDRESS).toBe(testEnvironment.senderAddress);
      expect(variables.COUNCIL_CONTACT_PHONE).toBe(testEnvironment.contactPhone);
      expect(variables.COUNCIL_OUT_OF_HOURS_PHONE).toBe(testEnvironment.outOfHoursPhone);
      // Optional settings are absent unless configured.
      for (const name of ['COUNCIL_CONTACT_EMAIL', 'COUNCIL_FEEDBACK_URL', 'COUNCIL_LOGO_URL'])
        expect(variables).not.toHaveProperty(name);
      expect(JSON.parse(variables.ROUTING_RULES as string)).toEqual(testEnvironment.routingRules);
      // notify queues new notifications; remind re-queues any the outbox says were never routed.
      expect('NOTIFICATION_QUEUE_URL' in variables).toBe(
        ['notify', 'remind'].includes(metadata['pf:function'] ?? ''),
      );
      // The functions that send email send it through the configuration set (bounces are published);
      // notify sends "save and come back later" links; staff tells a caseworker of an allocation.
      const sends = ['notify', 'route', 'remind', 'staff'].includes(metadata['pf:function'] ?? '');
      expect(variables.SES_CONFIGURATION_SET).toBe(sends ? 'private-fostering-test' : undefined);
    }
  });

  it('sends each function log to its own KMS-encrypted log group kept for a month', () => {
    const groups = stateless.findResources('AWS::Logs::LogGroup') as Resources;
    for (const group of Object.values(groups)) {
      expect(group.Properties.RetentionInDays).toBe(30);
      expect(group.Properties.KmsKeyId).toBeDefined();
    }
    for (const fn of Object.values(stateless.findResources('AWS::Lambda::Function') as Resources)) {
      const loggingConfig = fn.Properties.LoggingConfig as { LogGroup: { Ref: string } };
      expect(Object.keys(groups)).toContain(loggingConfig.LogGroup.Ref);
    }
  });

  it('routes GET / and ANY /{proxy+} to notify and /staff to staff, throttled, with access logs free of query strings and bodies', () => {
    const notifyId = functionIds().find((id) => id.startsWith('Notify'));
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [notifyId, 'Arn'] },
    });
    const routeKeys = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route') as Resources).map(
      (r) => r.Properties.RouteKey,
    );
    expect(routeKeys.sort()).toEqual(['ANY /staff/{proxy+}', 'ANY /{proxy+}', 'GET /', 'GET /staff']);
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 50, ThrottlingRateLimit: 20 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
    });
    const stage = only(stateless, 'AWS::ApiGatewayV2::Stage');
    const format = (stage.Properties.AccessLogSettings as { Format: string }).Format;
    expect(() => JSON.parse(format)).not.toThrow();
    expect(format).not.toMatch(/querystring|requestBody|\$input|\$context\.authorizer/i);
    // Paths carry save-and-return tokens; the route key says enough.
    expect(format).not.toContain('$context.path');
    expect(JSON.parse(format)).toHaveProperty('routeKey', '$context.routeKey');
  });

  it('feeds route from the queue in batches of 10 with partial batch failures', () => {
    const routeId = functionIds().find((id) => id.startsWith('Route'));
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: routeId },
      EventSourceArn: { 'Fn::ImportValue': Match.anyValue() },
      BatchSize: 10,
      // No batching window: alerts go out as soon as a message arrives.
      MaximumBatchingWindowInSeconds: Match.absent(),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('runs remind every 15 minutes in Europe/London through a role that can only invoke it', () => {
    const remindId = functionIds().find((id) => id.startsWith('Remind'));
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0/15 * * * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [remindId, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::ImportValue': Match.anyValue() } },
        // The sweep runs as of its scheduled slot, not whenever the invocation lands.
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
      }),
    });
    const schedule = only(stateless, 'AWS::Scheduler::Schedule');
    const target = schedule.Properties.Target as { RoleArn: { 'Fn::GetAtt': [string, string] } };
    const roleId = target.RoleArn['Fn::GetAtt'][0];
    const policies = Object.values(stateless.findResources('AWS::IAM::Policy') as Resources).filter((p) =>
      (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
    );
    const statements = policies.flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
    const lambdaStatements = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith('lambda:')));
    expect(lambdaStatements).toEqual([
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [remindId, 'Arn'] },
      }),
    ]);
  });

  it('scopes SES sending to the configured identity and the configuration set, never *', () => {
    const ses = identityStatements(stateless).filter((s) =>
      asArray(s.Action).some((a) => a.startsWith('ses:')),
    );
    expect(ses).toHaveLength(4); // notify, route, remind and staff (allocation); ses-events sends none
    for (const statement of ses) {
      expect(statement.Action).toBe('ses:SendEmail');
      const resources = asArray(statement.Resource).map((r) => JSON.stringify(r));
      expect(resources).toHaveLength(2);
      expect(resources[0]).toContain(':identity/testshire.example');
      expect(resources[1]).toContain(':configuration-set/private-fostering-test');
      expect(statement.Resource).not.toBe('*');
    }
  });

  it('uses an explicit sesIdentity when configured', () => {
    const template = Template.fromStack(buildTestApp({ sesIdentity: 'mail.testshire.example' }).stateless);
    const ses = identityStatements(template).filter((s) => asArray(s.Action).includes('ses:SendEmail'));
    for (const statement of ses)
      expect(JSON.stringify(statement.Resource)).toContain(':identity/mail.testshire.example');
  });

  it('serves the form on a configured custom domain over TLS 1.2, and links to it in emails', () => {
    const certificateArn =
      'arn:aws:acm:eu-west-2:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666';
    const template = Template.fromStack(
      buildTestApp({ customDomain: { domainName: 'notify.testshire.example', certificateArn } }).stateless,
    );
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'notify.testshire.example',
      DomainNameConfigurations: [
        Match.objectLike({ CertificateArn: certificateArn, SecurityPolicy: 'TLS_1_2' }),
      ],
    });
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    const notify = functionNamed(template, 'notify').resource;
    const variables = (notify.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.PUBLIC_BASE_URL).toBe('https://notify.testshire.example');
    expect(() => buildTestApp({ customDomain: { domainName: 'Not A Domain', certificateArn } })).toThrow(
      /customDomain.domainName/,
    );
  });

  it('has no identity policy statement with a wildcard resource or action', () => {
    for (const template of [stateful, stateless]) {
      for (const statement of identityStatements(template)) {
        for (const resource of asArray(statement.Resource)) {
          if (typeof resource === 'string') expect(resource, JSON.stringify(statement)).not.toContain('*');
        }
        for (const action of asArray(statement.Action))
          expect(action, JSON.stringify(statement)).not.toContain('*');
      }
    }
  });

  it('alarms on a non-empty DLQ and on function errors, to a KMS-encrypted topic', () => {
    stateless.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@testshire.example',
    });
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: Match.anyValue() }],
    });
    const errorAlarms = stateless.findResources('AWS::CloudWatch::Alarm', {
      Properties: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Threshold: 1, Period: 300 },
    });
    expect(Object.keys(errorAlarms)).toHaveLength(5);
  });

  it('sends every alarm (and its recovery) to the alarm topic, and has a dashboard', () => {
    const topicId = logicalId(stateless, 'AWS::SNS::Topic');
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm') as Resources);
    // 3 DLQs + queue age + API 5xx + SES bounce/complaint + oldest due reminder + notifications
    // re-queued + failure not escalated + errors and throttles of 5 functions.
    expect(alarms).toHaveLength(20);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
      // Silence is bad news only for the sweep's own report (observability.test.ts).
      const sweepReport = alarm.Properties.MetricName === 'OldestDueReminderAgeSeconds';
      expect(alarm.Properties.TreatMissingData).toBe(sweepReport ? 'breaching' : 'notBreaching');
      expect(String(alarm.Properties.AlarmDescription).length).toBeGreaterThan(20);
    }
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
    });
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Threshold: 1,
    });
    stateless.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    stateless.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
  });

  it('imports the stateful resources through CloudFormation exports', () => {
    const exports = Object.values(stateful.findOutputs('*')).map((o) => o.Export?.Name);
    expect(exports.length).toBeGreaterThan(0);
    expect(JSON.stringify(stateless.toJSON())).toContain('Fn::ImportValue');
  });
});

describe('configuration', () => {
  it('gives route, remind and staff the deputy designated managers, and nothing when there are none', () => {
    const deputies = ['deputy1@testshire.example', 'deputy2@testshire.example'];
    const template = Template.fromStack(buildTestApp({ deputyManagerAddresses: deputies }).stateless);
    for (const name of ['route', 'remind', 'staff']) {
      const variables = (
        functionNamed(template, name).resource.Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(variables.DEPUTY_MANAGERS, name).toBe(deputies.join(','));
    }
    const none = (
      functionNamed(stateless, 'route').resource.Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(none).not.toHaveProperty('DEPUTY_MANAGERS');
    expect(() => buildTestApp({ deputyManagerAddresses: ['not-an-email'] })).toThrow(
      /deputyManagerAddresses/,
    );
  });

  it('rejects a bad email with a message naming the field', () => {
    expect(() => buildTestApp({ designatedManagerAddress: 'not-an-email' })).toThrow(
      /environments\.test\.designatedManagerAddress: designatedManagerAddress must be an email address \(got "not-an-email"\)/,
    );
  });

  it('names a missing field, a bad routing rule and an unknown setting together', () => {
    const { councilName: _omitted, ...withoutCouncil } = testEnvironment;
    let message = '';
    try {
      parseEnvironmentConfig('prod', {
        ...withoutCouncil,
        routingRules: [{ postcodePrefix: 'ts1', mailbox: 'north@testshire.example' }],
        alarmEmial: 'typo@testshire.example',
      });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/environments\.prod\.councilName: is required/);
    expect(message).toMatch(/environments\.prod\.routingRules\[0\]\.postcodePrefix/);
    expect(message).toMatch(/unknown setting\(s\): alarmEmial/);
  });

  it('requires the contact and out-of-hours phone numbers, and checks every contact setting', () => {
    const { contactPhone: _phone, outOfHoursPhone: _ooh, ...withoutPhones } = testEnvironment;
    let message = '';
    try {
      parseEnvironmentConfig('prod', {
        ...withoutPhones,
        contactEmail: 'not-an-email',
        feedbackUrl: 'feedback',
        logoUrl: 'http://testshire.example/logo.png',
      });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/environments\.prod\.contactPhone: is required/);
    expect(message).toMatch(/environments\.prod\.outOfHoursPhone: is required/);
    expect(message).toMatch(/environments\.prod\.contactEmail: contactEmail must be an email address/);
    expect(message).toMatch(/environments\.prod\.feedbackUrl: feedbackUrl must be an http\(s\) URL/);
    expect(message).toMatch(
      /environments\.prod\.logoUrl: logoUrl must be an https URL or a path under \/assets/,
    );
    expect(() => parseEnvironmentConfig('prod', { ...testEnvironment, contactPhone: 'call us' })).toThrow(
      /contactPhone must be a phone number, e\.g\. 01632 960000 \(got "call us"\)/,
    );
    expect(() => parseEnvironmentConfig('prod', { ...testEnvironment, outOfHoursPhone: '999' })).toThrow(
      /outOfHoursPhone must have 7 to 15 digits/,
    );
    for (const logoUrl of ['https://cdn.testshire.example/logo.svg', '/assets/council-logo.svg'])
      expect(parseEnvironmentConfig('prod', { ...testEnvironment, logoUrl }).logoUrl).toBe(logoUrl);
  });

  it('passes the optional contact settings to the functions when configured', () => {
    const template = Template.fromStack(
      buildTestApp({
        contactEmail: 'childrens-services@testshire.example',
        feedbackUrl: 'https://testshire.example/feedback',
        logoUrl: '/assets/council-logo.svg',
      }).stateless,
    );
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function') as Resources)) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables).toMatchObject({
        COUNCIL_CONTACT_EMAIL: 'childrens-services@testshire.example',
        COUNCIL_FEEDBACK_URL: 'https://testshire.example/feedback',
        COUNCIL_LOGO_URL: '/assets/council-logo.svg',
      });
    }
  });

  it('fails clearly for an environment that is not configured', () => {
    expect(() => buildApp({ bundle: false, context: { env: 'staging' } })).toThrow(
      /No configuration for environment 'staging'/,
    );
  });

  it("switches every function to a restored table, keeping the stack's own table as it was", () => {
    const built = buildTestApp({ restoredTableName: 'PrivateFostering-Table-restored-20270110' });
    const template = Template.fromStack(built.stateless);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function') as Resources)) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.TABLE_NAME).toBe('PrivateFostering-Table-restored-20270110');
    }
    const tableStatements = identityStatements(template).filter((s) =>
      asArray(s.Action).some((a) => a.startsWith('dynamodb:')),
    );
    expect(tableStatements.length).toBeGreaterThan(0);
    for (const statement of tableStatements) {
      const resources = JSON.stringify(statement.Resource);
      expect(resources).toContain(':table/PrivateFostering-Table-restored-20270110');
      expect(resources).not.toContain('Fn::ImportValue');
    }
    const stateful = Template.fromStack(built.stateful);
    stateful.resourceCountIs('AWS::DynamoDB::Table', 1);
    // The exports the deployed stateless stack still imports survive the switch (no deadly embrace).
    const before = Object.values(Template.fromStack(buildTestApp().stateful).findOutputs('*'))
      .map((o) => o.Export?.Name)
      .filter((n) => String(n).includes('Table'));
    const after = Object.values(stateful.findOutputs('*')).map((o) => o.Export?.Name);
    expect(before.length).toBe(2);
    expect(after).toEqual(expect.arrayContaining(before));
  });

  it('defaults the SES identity to the sender domain', () => {
    expect(parseEnvironmentConfig('test', testEnvironment).sesIdentity).toBe('testshire.example');
  });

  it('accepts the dev environment in cdk.json', () => {
    expect(() => buildApp({ bundle: false })).not.toThrow();
  });
});
