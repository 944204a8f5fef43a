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
const optionalText = z.optional(z.string().check(z.trim(), z.minLength(1)));

/** How notifiers reach the council (infra/config.ts validates the values at synth). */
export interface CouncilContact {
  /** Children's services, in working hours. */
  phone: string;
  /** The emergency duty team: evenings, nights, weekends and bank holidays. */
  outOfHoursPhone: string;
  email?: string;
  feedbackUrl?: string;
}

/** Every variable a function reads, parsed once at cold start. No silent defaults for resource names. */
export const RuntimeConfigSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  NOTIFICATION_QUEUE_URL: z.optional(z.url()),
  COUNCIL_NAME: z.string().check(z.minLength(1)),
  /**
   * Optional here so that functions which never show them start without them; the notify function
   * requires both phone numbers (requireCouncilContact), as every council environment sets them.
   */
  COUNCIL_CONTACT_PHONE: optionalText,
  COUNCIL_OUT_OF_HOURS_PHONE: optionalText,
  COUNCIL_CONTACT_EMAIL: z.optional(z.email()),
  COUNCIL_FEEDBACK_URL: optionalUrl,
  /** An https URL or a path under /assets. */
  COUNCIL_LOGO_URL: z.optional(
    z.string().check(z.regex(/^(?:https:\/\/\S+|\/assets\/[A-Za-z0-9][A-Za-z0-9._-]*)$/)),
  ),
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
  /** Every contact setting given; see requireCouncilContact for the complete set. */
  council: {
    contactPhone: string | undefined;
    outOfHoursPhone: string | undefined;
    contactEmail: string | undefined;
    feedbackUrl: string | undefined;
    logoUrl: string | undefined;
  };
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
    council: {
      contactPhone: e.COUNCIL_CONTACT_PHONE,
      outOfHoursPhone: e.COUNCIL_OUT_OF_HOURS_PHONE,
      contactEmail: e.COUNCIL_CONTACT_EMAIL,
      feedbackUrl: e.COUNCIL_FEEDBACK_URL,
      logoUrl: e.COUNCIL_LOGO_URL,
    },
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

/** The council's contact details, or undefined when either phone number is not configured. */
export function councilContactOf(config: Pick<RuntimeConfig, 'council'>): CouncilContact | undefined {
  const { contactPhone, outOfHoursPhone, contactEmail, feedbackUrl } = config.council;
  if (!contactPhone || !outOfHoursPhone) return undefined;
  return {
    phone: contactPhone,
    outOfHoursPhone,
    ...(contactEmail ? { email: contactEmail } : {}),
    ...(feedbackUrl ? { feedbackUrl } : {}),
  };
}

/**
 * The council's contact details for a function that shows them to notifiers; throws naming each
 * missing variable, so the function fails at cold start rather than showing a page without a
 * number to call.
 */
export function requireCouncilContact(
  config: Pick<RuntimeConfig, 'council'>,
  functionName: string,
): CouncilContact {
  const contact = councilContactOf(config);
  if (contact) return contact;
  const missing = [
    config.council.contactPhone ? undefined : 'COUNCIL_CONTACT_PHONE',
    config.council.outOfHoursPhone ? undefined : 'COUNCIL_OUT_OF_HOURS_PHONE',
  ].filter((name) => name !== undefined);
  throw new ConfigurationError(
    `Invalid configuration: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required by ${functionName}`,
  );
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
