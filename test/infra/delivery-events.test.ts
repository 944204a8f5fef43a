import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  asArray,
  buildTestApp,
  functionNamed,
  functionStatements,
  onlyResource,
  resourcesOf,
  type Statement,
} from './helpers.ts';

let stateful: Template;
let stateless: Template;

beforeAll(() => {
  const built = buildTestApp();
  stateful = Template.fromStack(built.stateful);
  stateless = Template.fromStack(built.stateless);
});

const keyPolicy = () =>
  (onlyResource(stateful, 'AWS::KMS::Key').Properties.KeyPolicy as { Statement: Statement[] }).Statement;
const queueId = (role: string) =>
  stateful.getResourceId('AWS::SQS::Queue', { Metadata: { 'pf:resource': role } });

describe('SES configuration set and bounce topic (stateful)', () => {
  it('requires TLS to recipients, publishes reputation metrics, and is retained', () => {
    stateful.hasResource('AWS::SES::ConfigurationSet', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        Name: 'private-fostering-test',
        DeliveryOptions: { TlsPolicy: 'REQUIRE' },
        ReputationOptions: { ReputationMetricsEnabled: true },
      }),
    });
  });

  it('publishes bounces, complaints, rejects and delivery delays to the delivery events topic', () => {
    const topicId = stateful.getResourceId('AWS::SNS::Topic');
    const destination = onlyResource(stateful, 'AWS::SES::ConfigurationSetEventDestination');
    expect(destination.Properties).toEqual({
      ConfigurationSetName: { Ref: stateful.getResourceId('AWS::SES::ConfigurationSet') },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint', 'reject', 'deliveryDelay'],
        SnsDestination: { TopicARN: { Ref: topicId } },
      },
    });
  });

  it('encrypts the topic with the data key, requires TLS to publish, and lets only this configuration set publish', () => {
    const keyId = stateful.getResourceId('AWS::KMS::Key');
    stateful.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'private-fostering-test-delivery-events',
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    const statements = (
      onlyResource(stateful, 'AWS::SNS::TopicPolicy').Properties.PolicyDocument as { Statement: Statement[] }
    ).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const ses = statements.find((s) => JSON.stringify(s.Principal).includes('ses.amazonaws.com'));
    expect(ses?.Action).toBe('sns:Publish');
    expect(JSON.stringify(ses?.Condition)).toContain(':configuration-set/');
    expect(JSON.stringify(ses?.Condition)).toContain('AWS:SourceAccount');
  });

  it('lets SES and SNS use the data key only for this configuration set and this topic', () => {
    const byService = (service: string) =>
      keyPolicy().filter((s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: service }));
    const [ses] = byService('ses.amazonaws.com');
    expect(ses?.Action).toEqual(['kms:GenerateDataKey*', 'kms:Decrypt']);
    expect(JSON.stringify(ses?.Condition?.ArnLike)).toContain(':configuration-set/private-fostering-test');
    expect(ses?.Condition?.StringEquals).toHaveProperty('aws:SourceAccount');
    const sns = byService('sns.amazonaws.com');
    expect(sns).toHaveLength(1);
    expect(JSON.stringify(sns[0]?.Condition?.ArnLike)).toContain(':private-fostering-test-delivery-events');
    expect(sns[0]?.Condition?.StringEquals).toHaveProperty('aws:SourceAccount');
  });

  it('subscribes the delivery events queue, with a dead-letter queue for what SNS cannot deliver', () => {
    stateful.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      TopicArn: { Ref: stateful.getResourceId('AWS::SNS::Topic') },
      Endpoint: { 'Fn::GetAtt': [queueId('deliveryEventsQueue'), 'Arn'] },
      RawMessageDelivery: false,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [queueId('deliveryEventsDeadLetterQueue'), 'Arn'] },
      },
    });
  });

  it('redrives the delivery events queue to its DLQ after 5 receives, and lets only the topic send to either', () => {
    const dlqId = queueId('deliveryEventsDeadLetterQueue');
    stateful.hasResource('AWS::SQS::Queue', {
      Metadata: Match.objectLike({ 'pf:resource': 'deliveryEventsQueue' }),
      Properties: Match.objectLike({
        VisibilityTimeout: 60,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
      }),
    });
    for (const role of ['deliveryEventsQueue', 'deliveryEventsDeadLetterQueue']) {
      const id = queueId(role);
      const policy = Object.values(resourcesOf(stateful, 'AWS::SQS::QueuePolicy')).find((p) =>
        JSON.stringify(p.Properties.Queues).includes(`"${id}"`),
      );
      if (!policy) throw new Error(`no queue policy for ${role}`);
      const allows = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.filter(
        (s) => s.Effect === 'Allow',
      );
      expect(allows).toEqual([
        expect.objectContaining({
          Action: 'sqs:SendMessage',
          Principal: { Service: 'sns.amazonaws.com' },
          Condition: { ArnEquals: { 'aws:SourceArn': { Ref: stateful.getResourceId('AWS::SNS::Topic') } } },
        }),
      ]);
    }
  });

  it('outputs every queue URL for the redrive command', () => {
    const outputs = stateful.findOutputs('*');
    for (const name of [
      'NotificationQueueUrl',
      'NotificationDeadLetterQueueUrl',
      'DeliveryEventsQueueUrl',
      'DeliveryEventsDeadLetterQueueUrl',
      'ScheduleDeadLetterQueueUrl',
    ]) {
      expect(outputs[name]?.Value, name).toEqual({ Ref: expect.stringMatching(/Queue/) });
    }
  });
});

describe('ses-events function (stateless)', () => {
  it('consumes the delivery events queue in batches with partial batch failures', () => {
    const { id } = functionNamed(stateless, 'ses-events');
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: id },
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('DeliveryEventsQueue') },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it("keeps route's notification queue mapping first (the local runtime takes the first as the notification queue)", () => {
    const mappings = Object.values(resourcesOf(stateless, 'AWS::Lambda::EventSourceMapping'));
    expect(JSON.stringify(mappings[0]?.Properties.EventSourceArn)).toContain('NotificationQueue');
  });

  it("may only append to the table (PutItem; UpdateItem for the day's bounce count; no index), consume its queue, and use the key", () => {
    const statements = functionStatements(stateless, 'ses-events');
    const dynamo = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: { 'Fn::ImportValue': expect.stringContaining('Table') },
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } },
      }),
      expect.objectContaining({
        Action: 'dynamodb:PutItem',
        Resource: { 'Fn::ImportValue': expect.stringContaining('Table') },
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['BOUNCED#*'] } },
      }),
    ]);
    const actions = statements.flatMap((s) => asArray(s.Action));
    expect(actions.some((a) => a.startsWith('ses:') || a === 'sqs:SendMessage')).toBe(false);
    // One secret: the key of the address hashes (issue 13), nothing else in Secrets Manager.
    const secretReads = statements.filter((s) =>
      asArray(s.Action).some((a) => a.startsWith('secretsmanager:')),
    );
    expect(secretReads.map((s) => [s.Action, JSON.stringify(s.Resource)])).toEqual([
      ['secretsmanager:GetSecretValue', expect.stringContaining('AddressHashKey')],
    ]);
    expect(actions).toContain('sqs:ReceiveMessage');
  });

  it('gets the shared configuration, including the designated manager it escalates to', () => {
    const variables = (
      functionNamed(stateless, 'ses-events').resource.Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(variables.DESIGNATED_MANAGER_ADDRESS).toBe('front-door-manager@testshire.example');
    expect(variables.POWERTOOLS_SERVICE_NAME).toBe('ses-events');
  });
});
