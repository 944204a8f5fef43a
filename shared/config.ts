import * as z from 'zod/mini';

/**
 * Routing rules send a notification to a front-door team mailbox by the carer's postcode.
 * Local practice, so configuration: the first matching prefix wins, else the designated manager.
 */
export const RoutingRuleSchema = z.object({
  postcodePrefix: z
    .string()
    .check(z.regex(/^[A-Z0-9]{1,4}$/, 'postcodePrefix must be 1–4 letters or digits')),
  mailbox: z.email(),
});
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;

const optionalUrl = z.optional(z.url());

/** Every variable a function reads, parsed once at cold start. No silent defaults for resource names. */
export const RuntimeConfigSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  NOTIFICATION_QUEUE_URL: z.optional(z.url()),
  COUNCIL_NAME: z.string().check(z.minLength(1)),
  SENDER_ADDRESS: z.email(),
  DESIGNATED_MANAGER_ADDRESS: z.email(),
  ROUTING_RULES: z.pipe(
    z.string(),
    z.transform((raw, ctx) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.issues.push({ code: 'custom', message: 'ROUTING_RULES must be JSON', input: raw });
        return z.NEVER;
      }
    }),
  ),
  STAFF_BASE_URL: z.url(),
  PUBLIC_BASE_URL: optionalUrl,
  /** SES configuration set that publishes bounces and complaints (AWS only). */
  SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /** Set by the local runtime only: the emulators' endpoints. In AWS the SDK's defaults apply. */
  AWS_ENDPOINT_URL_DYNAMODB: optionalUrl,
  AWS_ENDPOINT_URL_SQS: optionalUrl,
  AWS_ENDPOINT_URL_SESV2: optionalUrl,
});

export interface RuntimeConfig {
  tableName: string;
  notificationQueueUrl: string | undefined;
  councilName: string;
  senderAddress: string;
  designatedManagerAddress: string;
  routingRules: RoutingRule[];
  staffBaseUrl: string;
  publicBaseUrl: string | undefined;
  sesConfigurationSet: string | undefined;
  endpoints: { dynamodb?: string; sqs?: string; sesv2?: string };
}

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** Parse the environment; throws naming every missing or malformed variable. */
export function parseRuntimeConfig(env: Record<string, string | undefined>): RuntimeConfig {
  const parsed = z.safeParse(RuntimeConfigSchema, env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigurationError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const rules = z.safeParse(z.array(RoutingRuleSchema), parsed.data.ROUTING_RULES);
  if (!rules.success) {
    throw new ConfigurationError(
      `Invalid configuration: ROUTING_RULES: ${rules.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  const e = parsed.data;
  return {
    tableName: e.TABLE_NAME,
    notificationQueueUrl: e.NOTIFICATION_QUEUE_URL,
    councilName: e.COUNCIL_NAME,
    senderAddress: e.SENDER_ADDRESS,
    designatedManagerAddress: e.DESIGNATED_MANAGER_ADDRESS,
    routingRules: rules.data,
    staffBaseUrl: e.STAFF_BASE_URL.replace(/\/$/, ''),
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/$/, ''),
    sesConfigurationSet: e.SES_CONFIGURATION_SET,
    endpoints: {
      ...(e.AWS_ENDPOINT_URL_DYNAMODB ? { dynamodb: e.AWS_ENDPOINT_URL_DYNAMODB } : {}),
      ...(e.AWS_ENDPOINT_URL_SQS ? { sqs: e.AWS_ENDPOINT_URL_SQS } : {}),
      ...(e.AWS_ENDPOINT_URL_SESV2 ? { sesv2: e.AWS_ENDPOINT_URL_SESV2 } : {}),
    },
  };
}

let cached: RuntimeConfig | undefined;
/** The process's configuration, parsed on first use (cold start) and then reused. */
export function runtimeConfig(): RuntimeConfig {
  cached ??= parseRuntimeConfig(process.env);
  return cached;
}

/** For the local runtime and tests, which change the environment between runs in one process. */
export function resetRuntimeConfig(): void {
  cached = undefined;
}
