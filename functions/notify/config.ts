import * as z from 'zod/mini';
import {
  ClientAddressVariable,
  ConfigurationError,
  type CouncilContact,
  CouncilContactVariables,
  CouncilLogoVariable,
  CouncilNameVariable,
  councilContactOf,
  type MailSettings,
  MailVariables,
  mailOf,
  OriginSecretVariable,
  PublicBaseUrlVariable,
  parseEnvironment,
  type QueueSettings,
  QueueVariables,
  queueOf,
  RateLimitVariables,
  rateLimitsOf,
  type Storage,
  StorageVariables,
  storageOf,
} from '../../shared/config.ts';
import type { RateLimitSettings } from '../../shared/domain/rate-limits.ts';

/**
 * What the notify function reads: the table (drafts, notifications), the queue it sends each
 * notification to, its rate-limit counters, SES for "save and come back later" links, and what the pages show. The
 * council's phone numbers are required: every page tells a worried notifier whom to call.
 */
export const NotifyConfigSchema = z.object({
  ...StorageVariables.shape,
  ...QueueVariables.shape,
  ...MailVariables.shape,
  ...CouncilNameVariable.shape,
  ...CouncilContactVariables.shape,
  ...CouncilLogoVariable.shape,
  ...PublicBaseUrlVariable.shape,
  ...RateLimitVariables.shape,
  ...ClientAddressVariable.shape,
  ...OriginSecretVariable.shape,
});

export interface NotifyConfig {
  storage: Storage;
  queue: QueueSettings;
  mail: MailSettings;
  councilName: string;
  council: CouncilContact;
  logoUrl: string | undefined;
  publicBaseUrl: string;
  rateLimits: RateLimitSettings;
  /** The header holding the client's address when a proxy (CloudFront) fronts the API. */
  clientAddressHeader: string | undefined;
  /** Behind CloudFront: the secret its origin header must carry (shared/web/origin-secret.ts). */
  originSecretArn: string | undefined;
}

export function parseNotifyConfig(env: Record<string, string | undefined>): NotifyConfig {
  const e = parseEnvironment(NotifyConfigSchema, env, 'notify');
  // The client-address header is only trustworthy when requests that bypass CloudFront are refused.
  if (e.CLIENT_ADDRESS_HEADER && !e.ORIGIN_SECRET_ARN) {
    throw new ConfigurationError(
      'Invalid configuration of notify: CLIENT_ADDRESS_HEADER needs ORIGIN_SECRET_ARN (anyone could send the header around CloudFront)',
    );
  }
  return {
    storage: storageOf(e),
    queue: queueOf(e),
    mail: mailOf(e),
    councilName: e.COUNCIL_NAME,
    council: councilContactOf(e),
    logoUrl: e.COUNCIL_LOGO_URL,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    rateLimits: rateLimitsOf(e),
    clientAddressHeader: e.CLIENT_ADDRESS_HEADER,
    originSecretArn: e.ORIGIN_SECRET_ARN,
  };
}
