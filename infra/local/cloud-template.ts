/**
 * Reads the synthesized CloudFormation templates and works out what the local runtime must run:
 * the table, the queues and their redrive, each function's handler and environment, which queue
 * feeds which function, the HTTP routes and the schedule. Local and cloud share one definition.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export interface CfnResource {
  Type: string;
  Properties?: Record<string, Json>;
  Metadata?: Record<string, Json>;
}
export interface CfnTemplate {
  Resources?: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: Json; Export?: { Name: Json } }>;
}

export interface LocalTable {
  id: string;
  name: string;
  properties: Record<string, Json>;
}
export interface LocalQueue {
  id: string;
  name: string;
  visibilityTimeoutSeconds: number;
  retentionSeconds: number | undefined;
  redrive: { deadLetterQueueId: string; maxReceiveCount: number } | undefined;
}
export interface LocalFunction {
  id: string;
  entry: string;
  exportName: string;
  timeoutSeconds: number;
  environment: Record<string, Json>;
}
export interface LocalEventSource {
  functionId: string;
  queueId: string;
  batchSize: number;
  reportBatchItemFailures: boolean;
  /** ScalingConfig.MaximumConcurrency: how many batches Lambda runs at once (undefined: no cap). */
  maximumConcurrency?: number;
}
export interface LocalRoute {
  method: string;
  path: string;
  routeKey: string;
  functionId: string;
}
export interface LocalSchedule {
  id: string;
  expression: string;
  timezone: string;
  functionId: string;
  input: string | undefined;
}

export interface LocalWiring {
  tables: LocalTable[];
  queues: LocalQueue[];
  functions: LocalFunction[];
  eventSources: LocalEventSource[];
  routes: LocalRoute[];
  schedules: LocalSchedule[];
}

export const LOCAL_REGION = 'eu-west-2';
export const LOCAL_ACCOUNT = '000000000000';

interface Located {
  stack: string;
  id: string;
  resource: CfnResource;
}

/** Turns the templates of every stack into the local wiring. Throws on what it cannot wire. */
export function readWiring(templates: Record<string, CfnTemplate>): LocalWiring {
  const resources = new Map<string, Located>();
  const exportsByName = new Map<string, { stack: string; value: Json }>();
  for (const [stack, template] of Object.entries(templates)) {
    for (const [id, resource] of Object.entries(template.Resources ?? {})) {
      resources.set(id, { stack, id, resource });
    }
    for (const output of Object.values(template.Outputs ?? {})) {
      if (output.Export && typeof output.Export.Name === 'string') {
        exportsByName.set(output.Export.Name, { stack, value: output.Value });
      }
    }
  }
  const ofType = (type: string) => [...resources.values()].filter((r) => r.resource.Type === type);

  /** What an intrinsic means locally: names and ARNs of the emulated resources. */
  const resolve = (value: Json): Json => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(resolve);
    if ('Ref' in value) return refOf(String(value.Ref));
    if ('Fn::GetAtt' in value) {
      const [id, attribute] = value['Fn::GetAtt'] as [string, string];
      return attributeOf(id, attribute);
    }
    if ('Fn::ImportValue' in value) {
      const name = resolve(value['Fn::ImportValue'] as Json);
      const exported = exportsByName.get(String(name));
      if (!exported) throw new Error(`No stack exports ${String(name)}`);
      return resolve(exported.value);
    }
    if ('Fn::Join' in value) {
      const [separator, parts] = value['Fn::Join'] as [string, Json[]];
      return parts.map((p) => String(resolve(p))).join(separator);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  };

  const refOf = (id: string): Json => {
    const pseudo: Record<string, string> = {
      'AWS::Region': LOCAL_REGION,
      'AWS::AccountId': LOCAL_ACCOUNT,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': 'local',
    };
    if (pseudo[id]) return pseudo[id];
    const found = resources.get(id);
    if (!found) return id;
    switch (found.resource.Type) {
      case 'AWS::SQS::Queue':
        return queueUrlPlaceholder(id);
      default:
        return id;
    }
  };

  const attributeOf = (id: string, attribute: string): Json => {
    const found = resources.get(id);
    const type = found?.resource.Type;
    if (type === 'AWS::SQS::Queue') {
      if (attribute === 'Arn') return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${id}`;
      if (attribute === 'QueueName') return id;
      if (attribute === 'QueueUrl') return queueUrlPlaceholder(id);
    }
    if (type === 'AWS::DynamoDB::Table' || type === 'AWS::DynamoDB::GlobalTable') {
      if (attribute === 'Arn') return `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${id}`;
    }
    if (type === 'AWS::Lambda::Function' && attribute === 'Arn') {
      return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${id}`;
    }
    return `local:${id}.${attribute}`;
  };

  const queueIdFromArn = (arn: string): string | undefined => {
    const name = arn.split(':').pop();
    return name && resources.get(name)?.resource.Type === 'AWS::SQS::Queue' ? name : undefined;
  };
  const functionIdFrom = (value: Json): string | undefined => {
    const resolved = String(resolve(value));
    const id = resolved.includes(':function:') ? resolved.split(':function:')[1]?.split(/[:/]/)[0] : resolved;
    return id && resources.get(id)?.resource.Type === 'AWS::Lambda::Function' ? id : undefined;
  };

  const tables = [...ofType('AWS::DynamoDB::Table'), ...ofType('AWS::DynamoDB::GlobalTable')].map(
    ({ id, resource }): LocalTable => ({ id, name: id, properties: resource.Properties ?? {} }),
  );

  const queues = ofType('AWS::SQS::Queue').map(({ id, resource }): LocalQueue => {
    const p = resource.Properties ?? {};
    const redrive = p.RedrivePolicy as { deadLetterTargetArn?: Json; maxReceiveCount?: Json } | undefined;
    const dlqArn = redrive?.deadLetterTargetArn ? String(resolve(redrive.deadLetterTargetArn)) : undefined;
    const dlqId = dlqArn ? queueIdFromArn(dlqArn) : undefined;
    return {
      id,
      name: id,
      visibilityTimeoutSeconds: Number(p.VisibilityTimeout ?? 30),
      retentionSeconds: p.MessageRetentionPeriod === undefined ? undefined : Number(p.MessageRetentionPeriod),
      redrive: dlqId
        ? { deadLetterQueueId: dlqId, maxReceiveCount: Number(redrive?.maxReceiveCount ?? 5) }
        : undefined,
    };
  });

  const functions = ofType('AWS::Lambda::Function').flatMap(({ id, resource }): LocalFunction[] => {
    const entry = resource.Metadata?.['pf:entry'];
    if (typeof entry !== 'string') return []; // CDK's own helper functions (e.g. log retention)
    const p = resource.Properties ?? {};
    const variables = ((p.Environment as { Variables?: Record<string, Json> } | undefined)?.Variables ??
      {}) as Record<string, Json>;
    return [
      {
        id,
        entry,
        exportName: String(resource.Metadata?.['pf:handler'] ?? 'handler'),
        timeoutSeconds: Number(p.Timeout ?? 3),
        environment: resolve(variables) as Record<string, Json>,
      },
    ];
  });

  const eventSources = ofType('AWS::Lambda::EventSourceMapping').flatMap(
    ({ resource }): LocalEventSource[] => {
      const p = resource.Properties ?? {};
      const queueId = queueIdFromArn(String(resolve(p.EventSourceArn ?? '')));
      const functionId = functionIdFrom(p.FunctionName ?? '');
      if (!queueId || !functionId) return [];
      return [
        {
          queueId,
          functionId,
          batchSize: Math.min(10, Number(p.BatchSize ?? 10)),
          reportBatchItemFailures: ((p.FunctionResponseTypes as Json[] | undefined) ?? []).includes(
            'ReportBatchItemFailures',
          ),
          ...maximumConcurrencyOf(p.ScalingConfig),
        },
      ];
    },
  );

  const integrations = new Map(
    ofType('AWS::ApiGatewayV2::Integration').map(({ id, resource }) => [
      id,
      functionIdFrom(resource.Properties?.IntegrationUri ?? ''),
    ]),
  );
  const routes = ofType('AWS::ApiGatewayV2::Route').flatMap(({ resource }): LocalRoute[] => {
    const p = resource.Properties ?? {};
    const target = String(resolve(p.Target ?? ''));
    const integrationId = target.replace(/^integrations\//, '');
    const functionId = integrations.get(integrationId);
    if (!functionId) return [];
    const routeKey = String(p.RouteKey);
    const [method = 'ANY', path = '/'] = routeKey === '$default' ? ['ANY', '$default'] : routeKey.split(' ');
    return [{ method, path, routeKey, functionId }];
  });

  const schedules = ofType('AWS::Scheduler::Schedule').flatMap(({ id, resource }): LocalSchedule[] => {
    const p = resource.Properties ?? {};
    const target = (p.Target ?? {}) as { Arn?: Json; Input?: Json };
    const functionId = functionIdFrom(target.Arn ?? '');
    if (!functionId) return [];
    return [
      {
        id,
        expression: String(p.ScheduleExpression),
        timezone: String(p.ScheduleExpressionTimezone ?? 'UTC'),
        functionId,
        input: target.Input === undefined ? undefined : String(resolve(target.Input)),
      },
    ];
  });

  return { tables, queues, functions, eventSources, routes, schedules };
}

/**
 * A queue's URL is only known once the emulator has created it; the runtime swaps these
 * placeholders for the real URLs when it sets up each function's environment.
 */
export const queueUrlPlaceholder = (id: string) => `local-queue-url:${id}`;

/** An event source mapping's ScalingConfig.MaximumConcurrency, when the template sets one. */
function maximumConcurrencyOf(scaling: Json | undefined): { maximumConcurrency?: number } {
  if (!scaling || typeof scaling !== 'object' || Array.isArray(scaling)) return {};
  const value = Number(scaling.MaximumConcurrency);
  return Number.isInteger(value) && value > 0 ? { maximumConcurrency: value } : {};
}
