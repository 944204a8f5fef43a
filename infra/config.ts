import type { App } from 'aws-cdk-lib';
import * as z from 'zod/mini';
import { RoutingRuleSchema } from '../shared/config.ts';
import { ReceivingCouncilConfigSchema } from '../shared/domain/transfer.ts';

/** A DNS domain with at least two labels, e.g. `anytown.gov.uk`. */
const DOMAIN = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

const httpUrl = (what: string) =>
  z.url({ protocol: /^https?$/, error: `${what} must be an http(s) URL, e.g. https://example.gov.uk/path` });
const email = (what: string) => z.email({ error: `${what} must be an email address` });

/**
 * A phone number as people should read it: digits, spaces, brackets, hyphens and a leading +,
 * with 7 to 15 digits (E.164's limit). Shown on pages and in emails, and dialled from a `tel:` link.
 */
const phoneNumber = (what: string) =>
  z.string().check(
    z.trim(),
    z.regex(/^\+?[0-9 ()-]+$/, `${what} must be a phone number, e.g. 01632 960000`),
    z.refine((v) => {
      const digits = v.replace(/\D/g, '').length;
      return digits >= 7 && digits <= 15;
    }, `${what} must have 7 to 15 digits, e.g. 01632 960000`),
  );

/** An https URL, or a path under /assets (served by the web functions themselves). */
const logoLocation = z.union(
  [z.url({ protocol: /^https$/ }), z.string().check(z.regex(/^\/assets\/[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/))],
  { error: 'logoUrl must be an https URL or a path under /assets, e.g. /assets/council-logo.svg' },
);

/**
 * One environment's settings, from CDK context `environments.<env>` (cdk.json or `-c`).
 * Everything a council must decide; nothing here is a secret.
 */
export const EnvironmentConfigSchema = z.strictObject({
  /** Shown in page headers and emails. */
  councilName: z.string().check(z.trim(), z.minLength(1, 'councilName must not be empty')),
  /**
   * The children's services number people call about a notification: on the start, urgent-concern,
   * confirmation and error pages and in the notifier's emails. Required: a notifier must always have
   * a way to reach the council.
   */
  contactPhone: phoneNumber('contactPhone'),
  /**
   * The out-of-hours emergency duty team. Required: the form is not for emergencies, so wherever it
   * says so it gives 999 and this number.
   */
  outOfHoursPhone: phoneNumber('outOfHoursPhone'),
  /** Children's services' email address for notifiers; not shown if absent. */
  contactEmail: z.optional(email('contactEmail')),
  /** A page where notifiers can say what they thought of the service; not linked if absent. */
  feedbackUrl: z.optional(httpUrl('feedbackUrl')),
  /** The council's logo in the page header; without it the header shows the council's name as text. */
  logoUrl: z.optional(logoLocation),
  /**
   * The council's national identifiers in coded exports (shared/domain/coded-record.ts): its 3-digit
   * DfE local authority code and its ONS GSS code. Optional: exports carry null without them.
   */
  dfeLaCode: z.optional(z.string().check(z.regex(/^\d{3}$/, 'dfeLaCode must be 3 digits, e.g. 330'))),
  gssCode: z.optional(
    z.string().check(z.regex(/^[EWSN]\d{8}$/, 'gssCode must be an ONS GSS code, e.g. E08000025')),
  ),
  /** The From address of every email; must belong to the SES identity. */
  senderAddress: email('senderAddress'),
  /** The default recipient of new-notification alerts and escalations. */
  designatedManagerAddress: email('designatedManagerAddress'),
  /**
   * Deputy designated managers: new-notification alerts and escalations go to them too, and they
   * sign in with the designated manager's role, so nothing waits on one person's leave.
   */
  deputyManagerAddresses: z._default(z.array(email('deputyManagerAddresses')), []),
  /** Base URL of the staff pages, used in email links. */
  staffBaseUrl: httpUrl('staffBaseUrl'),
  /** Base URL of the public form; defaults to the HTTP API's own URL. */
  publicBaseUrl: z.optional(httpUrl('publicBaseUrl')),
  /** Postcode prefix → team mailbox; first match wins, else the designated manager. */
  routingRules: z._default(z.array(RoutingRuleSchema), []),
  /**
   * Councils a child may move to: GSS code → front-door address for transfer notices (issue 12),
   * with any postcode districts known locally to be theirs. A council not listed is flagged to
   * staff, never emailed.
   */
  receivingCouncils: z._default(z.array(ReceivingCouncilConfigSchema), []),
  /** SES identity (domain or address) the functions may send as; defaults to the sender's domain. */
  sesIdentity: z.optional(
    z.union([z.email(), z.string().check(z.regex(DOMAIN))], {
      error: 'sesIdentity must be a domain (anytown.gov.uk) or an email address',
    }),
  ),
  /**
   * The public custom domain (e.g. `notify-private-fostering.anytown.gov.uk`) with an ACM
   * certificate for it in the same region. Point a DNS alias at the API's regional domain name
   * (the `CustomDomainTarget` output) after deploying.
   */
  customDomain: z.optional(
    z.object({
      domainName: z
        .string()
        .check(
          z.regex(
            /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/,
            'customDomain.domainName must be a lowercase DNS name',
          ),
        ),
      certificateArn: z
        .string()
        .check(
          z.regex(
            /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/,
            'customDomain.certificateArn must be an ACM certificate ARN',
          ),
        ),
    }),
  ),
  /**
   * Overrides of the public form's rate limits (whole numbers from 1). Absent ones keep the
   * defaults in shared/domain/rate-limits.ts, where the reasons for them are written.
   */
  rateLimits: z.optional(
    z.strictObject({
      draftsPerClientPerHour: z.optional(z.int().check(z.gte(1))),
      saveAndReturnPerClientPerHour: z.optional(z.int().check(z.gte(1))),
      notificationsPerClientPerHour: z.optional(z.int().check(z.gte(1))),
      notificationsPerClientPerTenMinutes: z.optional(z.int().check(z.gte(1))),
      saveAndReturnEmailsPerRecipientPerDay: z.optional(z.int().check(z.gte(1))),
    }),
  ),
  /** Where alarm notifications are emailed (an SNS email subscription); none if absent. */
  alarmEmail: z.optional(email('alarmEmail')),
  /**
   * CloudFront with AWS WAF in front of the HTTP API (issue 13; infra/constructs/edge-web-acl.ts).
   * On by default when the environment's name starts with "prod"; `enabled` says otherwise.
   * A CloudFront web ACL lives in us-east-1: in that region the stack makes it; elsewhere give
   * `webAclArn` (deploy infra/edge-waf-app.ts in us-east-1 first, it prints the ARN). With a
   * custom domain, CloudFront carries the name and needs `certificateArn`, a us-east-1 ACM
   * certificate for it.
   */
  edge: z.optional(
    z.strictObject({
      enabled: z.optional(z.boolean({ error: 'edge.enabled must be true or false' })),
      webAclArn: z.optional(
        z
          .string()
          .check(
            z.regex(
              /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[A-Za-z0-9_-]+\/[0-9a-f-]+$/,
              'edge.webAclArn must be a CloudFront (global, us-east-1) WAFv2 web ACL ARN',
            ),
          ),
      ),
      certificateArn: z.optional(
        z
          .string()
          .check(
            z.regex(
              /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/,
              'edge.certificateArn must be an ACM certificate ARN in us-east-1',
            ),
          ),
      ),
    }),
  ),
  /**
   * Requests per 5 minutes per client address for the AWS WAF rate-based rule on every path, when
   * the edge (CloudFront + WAF) is on. @default 1000 (infra/constructs/edge-web-acl.ts)
   */
  wafRateLimit: z.optional(
    z
      .int({ error: 'wafRateLimit must be a whole number' })
      .check(z.gte(10, 'wafRateLimit must be at least 10'), z.lte(2_000_000_000)),
  ),
  /**
   * Prefix of the Cognito hosted sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`); unique
   * per region across AWS. @default `pf-<council>-<env>`, e.g. `pf-anytown-council-dev`
   */
  staffAuthDomainPrefix: z.optional(
    z.string().check(
      z.regex(
        /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
        'staffAuthDomainPrefix must be lowercase letters, digits and hyphens (at most 63), e.g. pf-anytown-prod',
      ),
      z.refine(
        (v) => !/aws|amazon|cognito/.test(v),
        'staffAuthDomainPrefix must not contain aws, amazon or cognito (Cognito reserves them)',
      ),
    ),
  ),
  /**
   * Federation to the council's own identity provider (OpenID Connect). Staff then sign in with
   * their council account; a designated manager still adds each person to a group. The client
   * secret is read by CloudFormation from Secrets Manager at deploy, never written in the template.
   */
  staffIdentityProvider: z.optional(
    z.strictObject({
      type: z.literal('oidc', { error: "staffIdentityProvider.type must be 'oidc'" }),
      /** Shown on the sign-in button, e.g. AnytownCouncil (letters, digits, -; 3-32). */
      name: z
        .string()
        .check(
          z.regex(
            /^[A-Za-z0-9][A-Za-z0-9-]{1,30}[A-Za-z0-9]$/,
            'staffIdentityProvider.name must be 3-32 letters, digits or hyphens',
          ),
        ),
      issuerUrl: z.url({
        protocol: /^https$/,
        error: 'staffIdentityProvider.issuerUrl must be an https URL',
      }),
      clientId: z.string().check(z.minLength(1, 'staffIdentityProvider.clientId must not be empty')),
      /** Name of the Secrets Manager secret holding the client secret (plain string). */
      clientSecretName: z
        .string()
        .check(z.minLength(1, 'staffIdentityProvider.clientSecretName must not be empty')),
    }),
  ),
  /**
   * After a point-in-time restore: the functions use this table instead of the stack's own (which
   * is kept, untouched, for comparison). See docs/runbook.md, "Restoring the table".
   */
  restoredTableName: z.optional(
    z
      .string()
      .check(
        z.regex(
          /^[A-Za-z0-9_.-]{3,255}$/,
          'restoredTableName must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)',
        ),
      ),
  ),
  /** AWS X-Ray active tracing on every function (adds a little latency and cost). */
  tracing: z._default(z.boolean({ error: 'tracing must be true or false' }), false),
  /** Deployment target; both absent means an environment-agnostic template. */
  account: z.optional(z.string().check(z.regex(/^\d{12}$/, 'account must be a 12-digit AWS account id'))),
  region: z.optional(z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'region must look like eu-west-2'))),
});

export type EnvironmentConfigInput = z.input<typeof EnvironmentConfigSchema>;

export interface EnvironmentConfig
  extends Omit<z.output<typeof EnvironmentConfigSchema>, 'sesIdentity' | 'staffAuthDomainPrefix'> {
  /** The environment's name (`-c env=...`). */
  envName: string;
  /** Always set: defaults to the sender address's domain. */
  sesIdentity: string;
  /** Always set: defaults to `pf-<council>-<env>`. */
  staffAuthDomainPrefix: string;
}

/** `pf-<council>-<env>`, folded to what a Cognito domain prefix allows. */
export function defaultAuthDomainPrefix(councilName: string, envName: string): string {
  const slug = (v: string) =>
    v
      .toLowerCase()
      .replace(/aws|amazon|cognito/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const env = slug(envName) || 'env';
  const council = slug(councilName)
    .slice(0, 63 - 'pf--'.length - env.length)
    .replace(/-+$/, '');
  return ['pf', council, env].filter(Boolean).join('-');
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function describePath(envName: string, path: readonly PropertyKey[]): string {
  let out = `environments.${envName}`;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return out;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** zod/mini carries no locale, so its default messages are a bare "Invalid input": say what was expected. */
function explain(issue: z.core.$ZodIssue): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${issue.expected === 'array' ? 'an array' : `a ${issue.expected}`}`;
    case 'invalid_format':
      return issue.format === 'email' ? 'must be an email address' : `must be a valid ${issue.format}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `unknown setting(s): ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}

/** Validate one environment's raw context; throws a ConfigError naming every bad field. */
export function parseEnvironmentConfig(envName: string, raw: unknown): EnvironmentConfig {
  const parsed = z.safeParse(EnvironmentConfigSchema, raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const where = describePath(envName, issue.path);
      const value = valueAt(raw, issue.path);
      if (issue.code === 'unrecognized_keys') return `  - ${where}: ${explain(issue)}`;
      if (value === undefined) return `  - ${where}: is required`;
      return `  - ${where}: ${explain(issue)} (got ${JSON.stringify(value)})`;
    });
    throw new ConfigError(
      `Invalid CDK context for environment '${envName}' (cdk.json "context.environments.${envName}" or -c):\n${lines.join('\n')}`,
    );
  }
  const data = parsed.data;
  const senderDomain = data.senderAddress.slice(data.senderAddress.lastIndexOf('@') + 1);
  return {
    ...data,
    envName,
    sesIdentity: data.sesIdentity ?? senderDomain,
    staffAuthDomainPrefix: data.staffAuthDomainPrefix ?? defaultAuthDomainPrefix(data.councilName, envName),
  };
}

function readContextObject(app: App, key: string): unknown {
  const value: unknown = app.node.tryGetContext(key);
  // `-c key={...}` on the command line arrives as a string.
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw new ConfigError(`CDK context '${key}' is not valid JSON`);
    }
  }
  return value;
}

/** Read context `env` (default 'dev') and validate `environments[env]`. Fails synth with a clear message. */
export function loadEnvironmentConfig(app: App): EnvironmentConfig {
  const envName: unknown = app.node.tryGetContext('env') ?? 'dev';
  if (typeof envName !== 'string' || !/^[A-Za-z0-9-]+$/.test(envName)) {
    throw new ConfigError(`CDK context 'env' must be an environment name such as dev or prod`);
  }
  const environments = readContextObject(app, 'environments');
  if (typeof environments !== 'object' || environments === null || Array.isArray(environments)) {
    throw new ConfigError(
      `CDK context 'environments' is missing: add "environments": { "${envName}": { ... } } to cdk.json`,
    );
  }
  const envs = environments as Record<string, unknown>;
  if (!(envName in envs)) {
    const known = Object.keys(envs).join(', ') || 'none';
    throw new ConfigError(
      `No configuration for environment '${envName}': add context environments.${envName} (known: ${known})`,
    );
  }
  return parseEnvironmentConfig(envName, envs[envName]);
}
