import * as z from 'zod/mini';
import {
  ConfigurationError,
  CouncilNameVariable,
  DeputyManagersVariable,
  DesignatedManagerVariable,
  type MailSettings,
  MailVariables,
  mailOf,
  OriginSecretVariable,
  PublicBaseUrlVariable,
  parseEnvironment,
  ReceivingCouncilsVariable,
  type RoutingRule,
  RoutingRulesVariable,
  StaffBaseUrlVariable,
  type Storage,
  StorageVariables,
  storageOf,
} from '../../shared/config.ts';
import type { ReceivingCouncilConfig } from '../../shared/domain/transfer.ts';
import { type DirectoryEntry, StaffDirectorySchema } from './staff-directory.ts';

/**
 * What the staff function reads: the shared pieces (the table, the council's name, the designated
 * manager, where the staff pages live) and its own settings, the OpenID Connect client and the
 * session limits. Parsed once at cold start; a missing or malformed variable stops the function
 * with a message naming it.
 *
 * | Variable               | Meaning                                                             |
 * |------------------------|---------------------------------------------------------------------|
 * | SENDER_ADDRESS         | Sends "allocated to you" emails (with SES_CONFIGURATION_SET, as every function) |
 * | OIDC_ISSUER            | Issuer URL (Cognito: https://cognito-idp.<region>.amazonaws.com/<pool id>; locally http://127.0.0.1:<port>) |
 * | OIDC_CLIENT_ID         | The staff pages' app client id                                      |
 * | OIDC_CLIENT_SECRET     | Its secret (client_secret_basic): locally, from the embedded provider |
 * | OIDC_CLIENT_SECRET_ARN | Or, in AWS, the Secrets Manager secret holding it (read on first sign-in, never an env value) |
 * | OIDC_LOGOUT_URL        | Optional: the provider's sign-out page when discovery has no end_session_endpoint (Cognito's /logout) |
 * | STAFF_BASE_URL         | Where the staff pages live, e.g. https://…/staff (the callback is /auth/callback under it) |
 * | PUBLIC_BASE_URL        | Optional: the public form's address, for campaign links and QR codes (default: STAFF_BASE_URL without its final /staff, as one HTTP API serves both) |
 * | STAFF_DIRECTORY        | Optional: JSON list of staff ({email, name, role}) offered for allocation before they sign in; locally, the embedded provider's users |
 * | SESSION_IDLE_MINUTES   | Sign out after this long without a request (default 30)             |
 * | SESSION_ABSOLUTE_HOURS | Sign out this long after signing in, however active (default 10)    |
 * | DFE_LA_CODE            | Optional: the council's 3-digit DfE local authority code, e.g. 330 (coded exports) |
 * | ONS_GSS_CODE           | Optional: the council's ONS GSS code, e.g. E08000025 (coded exports) |
 * | RECEIVING_COUNCILS     | Optional: JSON list of {gss, name, frontDoorEmail, postcodeDistricts?}: where transfer notices go (issue 12) |
 * | ROUTING_RULES          | Optional: the council's area (routing.ts), to tell a new address outside it |
 */
const wholeNumber = (name: string, min: number, max: number) =>
  z.optional(
    z
      .string()
      .check(
        z.refine(
          (v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max,
          `${name} must be a whole number from ${min} to ${max}`,
        ),
      ),
  );

export const StaffConfigSchema = z.object({
  ...StorageVariables.shape,
  ...CouncilNameVariable.shape,
  ...DesignatedManagerVariable.shape,
  ...DeputyManagersVariable.shape,
  ...StaffBaseUrlVariable.shape,
  // Moves between councils (issue 12): whose area a new address is in, and where to tell them.
  ...ReceivingCouncilsVariable.shape,
  ROUTING_RULES: z.optional(RoutingRulesVariable.shape.ROUTING_RULES),
  ...OriginSecretVariable.shape,
  PUBLIC_BASE_URL: z.optional(PublicBaseUrlVariable.shape.PUBLIC_BASE_URL),
  // To tell a caseworker a case has been allocated to them.
  ...MailVariables.shape,
  OIDC_ISSUER: z.url(),
  OIDC_CLIENT_ID: z.string().check(z.minLength(1)),
  OIDC_CLIENT_SECRET: z.optional(z.string().check(z.minLength(1))),
  OIDC_CLIENT_SECRET_ARN: z.optional(
    z
      .string()
      .check(
        z.regex(/^arn:aws[a-z-]*:secretsmanager:/, 'OIDC_CLIENT_SECRET_ARN must be a Secrets Manager ARN'),
      ),
  ),
  OIDC_LOGOUT_URL: z.optional(z.url()),
  STAFF_DIRECTORY: z.optional(
    z.string().check(
      z.refine((v) => {
        try {
          return StaffDirectorySchema.safeParse(JSON.parse(v)).success;
        } catch {
          return false;
        }
      }, 'STAFF_DIRECTORY must be a JSON list of {email, name, role}'),
    ),
  ),
  // In AWS: the user pool whose caseworker group is the staff directory (cognito-directory.ts).
  STAFF_USER_POOL_ID: z.optional(
    z
      .string()
      .check(
        z.regex(/^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]+$/, 'STAFF_USER_POOL_ID must be a Cognito user pool id'),
      ),
  ),
  SESSION_IDLE_MINUTES: wholeNumber('SESSION_IDLE_MINUTES', 1, 24 * 60),
  SESSION_ABSOLUTE_HOURS: wholeNumber('SESSION_ABSOLUTE_HOURS', 1, 24),
  // The council's national identifiers in the coded record (shared/domain/coded-record.ts): the
  // DfE's 3-digit LA code (as in the CIN census and SSDA903 returns) and the ONS GSS code.
  DFE_LA_CODE: z.optional(z.string().check(z.regex(/^\d{3}$/, 'DFE_LA_CODE must be 3 digits, e.g. 330'))),
  ONS_GSS_CODE: z.optional(
    z.string().check(z.regex(/^[EWSN]\d{8}$/, 'ONS_GSS_CODE must be a GSS code, e.g. E08000025')),
  ),
});

export interface StaffConfig {
  storage: Storage;
  mail: MailSettings;
  councilName: string;
  /** The designated manager: escalations that case changes plan are addressed to them. */
  designatedManager: string;
  /** Deputy designated managers: they sign in with the designated manager's role. */
  deputyManagers: string[];
  oidcIssuer: string;
  oidcClientId: string;
  /** The client secret itself (local runs), or where to read it (AWS: Secrets Manager). */
  oidcClientSecret: { value: string } | { secretArn: string };
  /** Cognito's /logout page (it advertises no end_session_endpoint); undefined elsewhere. */
  logoutUrl: string | undefined;
  /** No trailing slash, e.g. `http://127.0.0.1:3000/staff`. */
  staffBaseUrl: string;
  /** The public form's address (no trailing slash): campaign links point here. */
  publicBaseUrl: string;
  /** The OIDC callback: registered with the identity provider as the redirect URI. */
  redirectUri: string;
  /** Where the identity provider sends people after signing out (register it too, where supported). */
  postLogoutRedirectUri: string;
  /**
   * True only for an issuer on http://127.0.0.1 (the local OIDC provider): the one case where the
   * OIDC client may talk plain HTTP. Anything else must be HTTPS.
   */
  allowInsecureIssuer: boolean;
  sessionIdleSeconds: number;
  sessionAbsoluteSeconds: number;
  /** Staff offered for allocation whether or not they have signed in (see staff-directory.ts). */
  staffDirectory: DirectoryEntry[];
  /** In AWS: the Cognito user pool whose caseworker group is the directory (over staffDirectory). */
  staffUserPoolId: string | undefined;
  /** The council's DfE LA code and ONS GSS code for the coded record; null when not configured. */
  councilCodes: { dfeLaCode: string | null; gssCode: string | null };
  /** Councils a child may move to and their front doors (issue 12). */
  receivingCouncils?: ReceivingCouncilConfig[];
  /** The council's area as its routing rules describe it (routing.ts `isInArea`). */
  routingRules?: RoutingRule[];
  /** Behind CloudFront: the secret its origin header must carry (shared/web/origin-secret.ts). */
  originSecretArn: string | undefined;
}

/** Parse the environment; throws naming every missing or malformed variable. */
export function parseStaffConfig(env: Record<string, string | undefined>): StaffConfig {
  const e = parseEnvironment(StaffConfigSchema, env, 'staff');
  if ((e.OIDC_CLIENT_SECRET === undefined) === (e.OIDC_CLIENT_SECRET_ARN === undefined)) {
    throw new ConfigurationError(
      'Invalid configuration of staff: set exactly one of OIDC_CLIENT_SECRET and OIDC_CLIENT_SECRET_ARN',
    );
  }
  const issuer = new URL(e.OIDC_ISSUER);
  const local = issuer.protocol === 'http:' && issuer.hostname === '127.0.0.1';
  if (issuer.protocol !== 'https:' && !local) {
    throw new ConfigurationError(
      'Invalid configuration of staff: OIDC_ISSUER must be https (http only for 127.0.0.1)',
    );
  }
  const staffBaseUrl = e.STAFF_BASE_URL;
  return {
    storage: storageOf(e),
    mail: mailOf(e),
    councilName: e.COUNCIL_NAME,
    designatedManager: e.DESIGNATED_MANAGER_ADDRESS,
    deputyManagers: e.DEPUTY_MANAGERS,
    oidcIssuer: e.OIDC_ISSUER,
    oidcClientId: e.OIDC_CLIENT_ID,
    oidcClientSecret:
      e.OIDC_CLIENT_SECRET !== undefined
        ? { value: e.OIDC_CLIENT_SECRET }
        : { secretArn: e.OIDC_CLIENT_SECRET_ARN ?? '' },
    logoutUrl: e.OIDC_LOGOUT_URL,
    staffBaseUrl,
    publicBaseUrl: e.PUBLIC_BASE_URL ?? staffBaseUrl.replace(/\/staff$/, ''),
    redirectUri: `${staffBaseUrl}/auth/callback`,
    postLogoutRedirectUri: `${staffBaseUrl}/signed-out`,
    allowInsecureIssuer: local,
    sessionIdleSeconds: Number(e.SESSION_IDLE_MINUTES ?? '30') * 60,
    sessionAbsoluteSeconds: Number(e.SESSION_ABSOLUTE_HOURS ?? '10') * 3600,
    staffDirectory: e.STAFF_DIRECTORY ? StaffDirectorySchema.parse(JSON.parse(e.STAFF_DIRECTORY)) : [],
    staffUserPoolId: e.STAFF_USER_POOL_ID,
    councilCodes: { dfeLaCode: e.DFE_LA_CODE ?? null, gssCode: e.ONS_GSS_CODE ?? null },
    receivingCouncils: e.RECEIVING_COUNCILS,
    routingRules: e.ROUTING_RULES ?? [],
    originSecretArn: e.ORIGIN_SECRET_ARN,
  };
}
