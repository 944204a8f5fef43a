import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../shared/observability-metrics.ts';
import {
  asArray,
  buildTestApp,
  functionStatements,
  onlyResource,
  type Resources,
  resourcesOf,
  type Statement,
} from './helpers.ts';

let stateless: Template;

beforeAll(() => {
  stateless = Template.fromStack(buildTestApp().stateless);
});

const alarms = () => Object.values(resourcesOf(stateless, 'AWS::CloudWatch::Alarm'));
const FUNCTIONS = ['notify', 'route', 'remind', 'staff', 'ses-events'];

describe('alarms', () => {
  it('alarms on throttles of every function, from the first throttle in 5 minutes', () => {
    const throttles = alarms().filter((a) => a.Properties.MetricName === 'Throttles');
    expect(throttles).toHaveLength(FUNCTIONS.length);
    for (const alarm of throttles) {
      expect(alarm.Properties).toMatchObject({
        Namespace: 'AWS/Lambda',
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
    const throttled = throttles.map((a) => JSON.stringify(a.Properties.Dimensions));
    for (const id of Object.keys(resourcesOf(stateless, 'AWS::Lambda::Function'))) {
      expect(throttled.filter((d) => d.includes(`"${id}"`))).toHaveLength(1);
    }
  });

  it('alarms when the oldest due reminder is over a day old, or the sweep stops reporting', () => {
    const [alarm, ...others] = alarms().filter(
      (a) => a.Properties.MetricName === METRICS.oldestDueReminderAge.name,
    );
    expect(others).toEqual([]);
    expect(alarm?.Properties).toMatchObject({
      Namespace: 'PrivateFostering',
      MetricName: 'OldestDueReminderAgeSeconds',
      Dimensions: [{ Name: 'service', Value: 'remind' }],
      Statistic: 'Maximum',
      Period: 3600,
      Threshold: 86_400,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'breaching',
    });
  });

  it('alarms when the delivery events dead-letter queue holds a message', () => {
    const dlq = alarms().filter(
      (a) =>
        a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        JSON.stringify(a.Properties.Dimensions).includes('DeliveryEventsDeadLetterQueue'),
    );
    expect(dlq).toHaveLength(1);
    expect(dlq[0]?.Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('alarms when an undelivered email could not be escalated (it was to the designated manager)', () => {
    const [alarm] = alarms().filter(
      (a) => a.Properties.MetricName === METRICS.deliveryFailuresNotEscalated.name,
    );
    expect(alarm?.Properties).toMatchObject({
      Namespace: 'PrivateFostering',
      Dimensions: [{ Name: 'service', Value: 'ses-events' }],
      Statistic: 'Sum',
      Threshold: 1,
    });
  });

  it('alarms when the outbox safety net re-queues a notification, so an operator sees it was needed', () => {
    const [alarm, ...others] = alarms().filter(
      (a) => a.Properties.MetricName === METRICS.notificationsRequeued.name,
    );
    expect(others).toEqual([]);
    expect(alarm?.Properties).toMatchObject({
      Namespace: 'PrivateFostering',
      MetricName: 'NotificationsRequeued',
      Dimensions: [{ Name: 'service', Value: 'remind' }],
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    expect(alarm?.Properties.AlarmActions).toHaveLength(1);
  });

  it('gives every alarm a description that names what to do', () => {
    for (const alarm of alarms()) expect(String(alarm.Properties.AlarmDescription)).toMatch(/\. [A-Z]/);
  });
});

describe('dashboard', () => {
  it('shows errors, throttles, the oldest due reminder, reminders, re-queued notifications, delivery problems and every DLQ', () => {
    const body = JSON.stringify(
      onlyResource(stateless, 'AWS::CloudWatch::Dashboard').Properties.DashboardBody,
    );
    for (const metric of [
      'Errors',
      'Throttles',
      'Duration',
      METRICS.oldestDueReminderAge.name,
      METRICS.remindersSent.name,
      METRICS.reminderSendFailures.name,
      METRICS.notificationsReceived.name,
      METRICS.notificationsRouted.name,
      METRICS.notificationsRequeued.name,
      METRICS.emailsUndelivered.name,
      METRICS.emailComplaints.name,
      METRICS.deliveryFailuresNotEscalated.name,
      'Reputation.BounceRate',
    ]) {
      expect(body, metric).toContain(`\\"${metric}\\"`);
    }
    for (const queue of [
      'NotificationDeadLetterQueue',
      'DeliveryEventsDeadLetterQueue',
      'ScheduleDeadLetterQueue',
    ]) {
      expect(body, queue).toContain(queue);
    }
  });
});

describe('tracing', () => {
  it('is off by default', () => {
    for (const fn of Object.values(resourcesOf(stateless, 'AWS::Lambda::Function'))) {
      expect(fn.Properties.TracingConfig).toBeUndefined();
    }
  });

  it('is switched on for every function by configuration, with only the X-Ray actions on Resource "*", acknowledged', () => {
    const built = buildTestApp({ tracing: true });
    const template = Template.fromStack(built.stateless);
    const functions = Object.values(template.findResources('AWS::Lambda::Function') as Resources);
    expect(functions).toHaveLength(FUNCTIONS.length);
    for (const fn of functions) expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    for (const name of FUNCTIONS) {
      const wildcard = functionStatements(template, name).filter((s) => asArray(s.Resource).includes('*'));
      expect(wildcard.flatMap((s) => asArray(s.Action)).sort(), name).toEqual([
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
    }
    expect(new AwsSolutionsChecks().validateScope(built.stateless).violations).toEqual([]);
  });
});

describe('least privilege', () => {
  /** Every action each function's role may take: a new permission must be added here on purpose. */
  const EXPECTED_ACTIONS: Record<string, string[]> = {
    // ses:SendEmail: "save and come back later" emails a resume link (issue 3). The table
    // statements, one per key prefix, are asserted in table-access.test.ts.
    notify: ['dynamodb (by key prefix)', 'kms:data-key', 'logs', 'ses:SendEmail', 'sqs:SendMessage'],
    // secretsmanager:GetSecretValue on route, remind and ses-events: the key of the address
    // hashes in table keys (issue 13, shared/hash-key.ts).
    route: [
      'dynamodb (by key prefix)',
      'kms:data-key',
      'logs',
      'secretsmanager:GetSecretValue',
      'ses:SendEmail',
      'sqs:consume',
    ],
    remind: [
      'dynamodb (by key prefix)',
      'kms:data-key',
      'logs',
      'secretsmanager:GetSecretValue',
      'ses:SendEmail',
      'sqs:SendMessage',
    ],
    // ses:SendEmail: the caseworker is told when a case is allocated to them (issue 17);
    // cognito-idp:ListUsersInGroup: the caseworker group is the staff directory (issue 17).
    staff: [
      'cognito-idp:ListUsersInGroup',
      'dynamodb (by key prefix)',
      'kms:data-key',
      'logs',
      'secretsmanager:GetSecretValue',
      'ses:SendEmail',
    ],
    'ses-events': [
      'dynamodb (by key prefix)',
      'kms:data-key',
      'logs',
      'secretsmanager:GetSecretValue',
      'sqs:consume',
    ],
  };
  const CONSUME = [
    'sqs:ReceiveMessage',
    'sqs:ChangeMessageVisibility',
    'sqs:GetQueueUrl',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
  ];
  /** Names a statement by what it grants, so the table above stays readable. */
  function describeStatement(s: Statement): string {
    const actions = asArray(s.Action);
    if (actions.every((a) => a.startsWith('dynamodb:')) && s.Condition) return 'dynamodb (by key prefix)';
    if (actions.join() === CONSUME.join()) return 'sqs:consume';
    if (actions.every((a) => a.startsWith('logs:'))) return 'logs';
    if (actions.every((a) => a.startsWith('kms:'))) return 'kms:data-key';
    return actions.join(',');
  }

  for (const [name, expected] of Object.entries(EXPECTED_ACTIONS)) {
    it(`gives ${name} only what it uses`, () => {
      const granted = [...new Set(functionStatements(stateless, name).map(describeStatement))].sort();
      expect(granted).toEqual([...expected].sort());
    });
  }
});
