import * as z from 'zod/mini';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './domain/rate-limits.ts';
import { ReceivingCouncilConfigSchema } from './domain/transfer.ts';

/*
 * The environment variables the functions read, each with its one rule, in groups. Every function
 * has its own schema built from these pieces (functions/<name>/config.ts, staff-config.ts for
 * staff), parsed once at cold start by parseEnvironment: a function that is missing a variable it
 * reads refuses to start and says which, rather than failing on the first request that needs it.
 */

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

/** How notifiers reach the council (infra/config.ts validates the values at synth). */
export interface CouncilContact {
  /** Children's services, in working hours. */
  phone: string;
  /** The emergency duty team: evenings, nights, weekends and bank holidays. */
  outOfHoursPhone: string;
  email?: string;
  feedbackUrl?: string;
}

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

const nonEmpty = z.string().check(z.minLength(1));
const text = z.string().check(z.trim(), z.minLength(1));
/** A base URL that links are built on: no trailing slash, so `${base}/path` has one. */
const baseUrl = z.pipe(
  z.url(),
  z.transform((url) => url.replace(/\/$/, '')),
);
/** Set by the local runtime only: an emulator's endpoint. In AWS the SDK's defaults apply. */
const endpoint = z.optional(z.url());

/** The table (every function). */
export const StorageVariables = z.object({
  TABLE_NAME: nonEmpty,
  AWS_ENDPOINT_URL_DYNAMODB: endpoint,
});

/** Sending email through SES (notify, route, remind). */
export const MailVariables = z.object({
  SENDER_ADDRESS: z.email(),
  /** SES configuration set that publishes bounces and complaints (AWS only). */
  SES_CONFIGURATION_SET: z.optional(nonEmpty),
  AWS_ENDPOINT_URL_SESV2: endpoint,
});

/** Sending to the notification queue (notify, and remind to re-queue the outbox). */
export const QueueVariables = z.object({
  NOTIFICATION_QUEUE_URL: z.url(),
  AWS_ENDPOINT_URL_SQS: endpoint,
});

export const CouncilNameVariable = z.object({ COUNCIL_NAME: nonEmpty });
export const DesignatedManagerVariable = z.object({ DESIGNATED_MANAGER_ADDRESS: z.email() });
/**
 * The deputy designated managers, comma-separated addresses (may be empty): alerts and escalations
 * go to them too, so nothing waits on one person's leave, and they sign in with the designated
 * manager's role. Lowercased: access and recipients are matched by address.
 */
export const DeputyManagersVariable = z.object({
  DEPUTY_MANAGERS: z._default(
    z
      .pipe(
        z.string(),
        z.transform((raw) =>
          raw
            .split(',')
            .map((a) => a.trim().toLowerCase())
            .filter((a) => a !== ''),
        ),
      )
      .check(
        z.refine(
          (list) => list.every((a) => z.safeParse(z.email(), a).success),
          'DEPUTY_MANAGERS must be email addresses separated by commas',
        ),
      ),
    () => [],
  ),
});
/** Where the staff pages live, e.g. https://…/staff: links in emails, and the OIDC callback. */
export const StaffBaseUrlVariable = z.object({ STAFF_BASE_URL: baseUrl });
/**
 * The form's public address. Links in "save and come back later" emails are built from it, never
 * from the request's Host header, which a caller controls.
 */
export const PublicBaseUrlVariable = z.object({ PUBLIC_BASE_URL: baseUrl });

/** A variable that holds JSON: parsed (else "must be JSON"), then checked against `schema`. */
const jsonVariable = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.string(),
    z.pipe(
      z.transform((raw: string, ctx) => {
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          ctx.issues.push({ code: 'custom', message: 'must be JSON', input: raw });
          return z.NEVER;
        }
      }),
      schema,
    ),
  );

export const RoutingRulesVariable = z.object({ ROUTING_RULES: jsonVariable(z.array(RoutingRuleSchema)) });

/**
 * The councils a child may move to, each with its front door's address (issue 12: a transfer
 * notice goes there; a council not listed is flagged for staff, never emailed at a guess), and
 * optionally postcode districts known locally to be theirs. JSON; an empty list by default.
 */
export const ReceivingCouncilsVariable = z.object({
  RECEIVING_COUNCILS: z._default(jsonVariable(z.array(ReceivingCouncilConfigSchema)), () => []),
});

/** How notifiers reach the council: the form shows it on every page, so notify requires it. */
export const CouncilContactVariables = z.object({
  COUNCIL_CONTACT_PHONE: text,
  COUNCIL_OUT_OF_HOURS_PHONE: text,
  COUNCIL_CONTACT_EMAIL: z.optional(z.email()),
  COUNCIL_FEEDBACK_URL: z.optional(z.url()),
});

/** The header logo: an https URL or a path under /assets (the CSP allows only those). */
export const CouncilLogoVariable = z.object({
  COUNCIL_LOGO_URL: z.optional(
    z.string().check(z.regex(/^(?:https:\/\/\S+|\/assets\/[A-Za-z0-9][A-Za-z0-9._-]*)$/)),
  ),
});

/** A positive whole number of events, from an environment variable. */
const limit = z.optional(
  z.pipe(z.string().check(z.regex(/^[1-9]\d{0,5}$/, 'must be a whole number from 1')), z.transform(Number)),
);

/**
 * The public form's rate limits (notify). Each is optional: the defaults, and why, are in
 * shared/domain/rate-limits.ts.
 */
export const RateLimitVariables = z.object({
  RATE_LIMIT_DRAFTS_PER_CLIENT_PER_HOUR: limit,
  RATE_LIMIT_SAVE_AND_RETURN_PER_CLIENT_PER_HOUR: limit,
  RATE_LIMIT_NOTIFICATIONS_PER_CLIENT_PER_HOUR: limit,
  RATE_LIMIT_NOTIFICATIONS_PER_CLIENT_PER_10_MINUTES: limit,
  RATE_LIMIT_SAVE_AND_RETURN_EMAILS_PER_RECIPIENT_PER_DAY: limit,
});

export function rateLimitsOf(e: z.infer<typeof RateLimitVariables>): RateLimitSettings {
  const d = DEFAULT_RATE_LIMITS;
  return {
    draftsPerClientPerHour: e.RATE_LIMIT_DRAFTS_PER_CLIENT_PER_HOUR ?? d.draftsPerClientPerHour,
    saveAndReturnPerClientPerHour:
      e.RATE_LIMIT_SAVE_AND_RETURN_PER_CLIENT_PER_HOUR ?? d.saveAndReturnPerClientPerHour,
    notificationsPerClientPerHour:
      e.RATE_LIMIT_NOTIFICATIONS_PER_CLIENT_PER_HOUR ?? d.notificationsPerClientPerHour,
    notificationsPerClientPerTenMinutes:
      e.RATE_LIMIT_NOTIFICATIONS_PER_CLIENT_PER_10_MINUTES ?? d.notificationsPerClientPerTenMinutes,
    saveAndReturnEmailsPerRecipientPerDay:
      e.RATE_LIMIT_SAVE_AND_RETURN_EMAILS_PER_RECIPIENT_PER_DAY ?? d.saveAndReturnEmailsPerRecipientPerDay,
  };
}

/** Set when CloudFront fronts the API (infra/stacks/stateless-stack.ts): where the client's address is. */
export const ClientAddressVariable = z.object({
  CLIENT_ADDRESS_HEADER: z.optional(z.literal('cloudfront-viewer-address')),
});

/**
 * Set when CloudFront fronts the API: the Secrets Manager secret CloudFront sends as an origin
 * header, so the web functions refuse requests that went around it (shared/web/origin-secret.ts).
 */
export const HashKeyVariable = z.object({
  // In AWS: the secret keying the address hashes in table keys (shared/hash-key.ts); locally absent.
  HASH_KEY_SECRET_ARN: z.optional(
    z
      .string()
      .check(z.regex(/^arn:aws[a-z-]*:secretsmanager:/, 'HASH_KEY_SECRET_ARN must be a Secrets Manager ARN')),
  ),
});

export const OriginSecretVariable = z.object({
  ORIGIN_SECRET_ARN: z.optional(
    z
      .string()
      .check(z.regex(/^arn:aws[a-z-]*:secretsmanager:/, 'ORIGIN_SECRET_ARN must be a Secrets Manager ARN')),
  ),
});

export interface Storage {
  tableName: string;
  endpoint: string | undefined;
}
export const storageOf = (e: z.infer<typeof StorageVariables>): Storage => ({
  tableName: e.TABLE_NAME,
  endpoint: e.AWS_ENDPOINT_URL_DYNAMODB,
});

export interface MailSettings {
  senderAddress: string;
  configurationSet: string | undefined;
  endpoint: string | undefined;
}
export const mailOf = (e: z.infer<typeof MailVariables>): MailSettings => ({
  senderAddress: e.SENDER_ADDRESS,
  configurationSet: e.SES_CONFIGURATION_SET,
  endpoint: e.AWS_ENDPOINT_URL_SESV2,
});

export interface QueueSettings {
  url: string;
  endpoint: string | undefined;
}
export const queueOf = (e: z.infer<typeof QueueVariables>): QueueSettings => ({
  url: e.NOTIFICATION_QUEUE_URL,
  endpoint: e.AWS_ENDPOINT_URL_SQS,
});

/** The council's contact details, from variables a schema has checked. */
export function councilContactOf(e: z.infer<typeof CouncilContactVariables>): CouncilContact {
  return {
    phone: e.COUNCIL_CONTACT_PHONE,
    outOfHoursPhone: e.COUNCIL_OUT_OF_HOURS_PHONE,
    ...(e.COUNCIL_CONTACT_EMAIL ? { email: e.COUNCIL_CONTACT_EMAIL } : {}),
    ...(e.COUNCIL_FEEDBACK_URL ? { feedbackUrl: e.COUNCIL_FEEDBACK_URL } : {}),
  };
}

/**
 * Checks the environment against a function's schema; throws a ConfigurationError naming the
 * function and every missing or malformed variable (never a value: some are secrets).
 */
export function parseEnvironment<T extends z.ZodMiniType>(
  schema: T,
  env: Record<string, string | undefined>,
  functionName: string,
): z.output<T> {
  const parsed = z.safeParse(schema, env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const [name] = issue.path;
    if (issue.path.length === 1 && typeof name === 'string' && env[name] === undefined) {
      return `${name} is required`;
    }
    return `${issue.path.join('.') || '(root)'}: ${issue.message}`;
  });
  throw new ConfigurationError(`Invalid configuration of ${functionName}: ${problems.join('; ')}`);
}
