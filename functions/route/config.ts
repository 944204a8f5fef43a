import * as z from 'zod/mini';
import {
  type CouncilContact,
  CouncilContactVariables,
  CouncilNameVariable,
  councilContactOf,
  DeputyManagersVariable,
  DesignatedManagerVariable,
  HashKeyVariable,
  type MailSettings,
  MailVariables,
  mailOf,
  parseEnvironment,
  type RoutingRule,
  RoutingRulesVariable,
  StaffBaseUrlVariable,
  type Storage,
  StorageVariables,
  storageOf,
} from '../../shared/config.ts';

/**
 * What the route function reads: the table, SES, the routing rules and the designated manager
 * (who gets the alert), the staff pages' address (the alert links to the case), and the council's
 * contact details for the notifier's acknowledgement, which says only "call 999" without them.
 */
export const RouteConfigSchema = z.object({
  ...StorageVariables.shape,
  ...MailVariables.shape,
  ...CouncilNameVariable.shape,
  ...z.partial(CouncilContactVariables).shape,
  ...RoutingRulesVariable.shape,
  ...DesignatedManagerVariable.shape,
  ...DeputyManagersVariable.shape,
  ...StaffBaseUrlVariable.shape,
  ...HashKeyVariable.shape,
});

export interface RouteConfig {
  storage: Storage;
  mail: MailSettings;
  councilName: string;
  /** Both phone numbers, or undefined when either is not set. */
  council: CouncilContact | undefined;
  routingRules: RoutingRule[];
  designatedManager: string;
  /** Deputy designated managers: the alert goes to them too. */
  deputyManagers: string[];
  staffBaseUrl: string;
  /** The secret keying address hashes (AWS); undefined locally (shared/hash-key.ts). */
  hashKeySecretArn: string | undefined;
}

export function parseRouteConfig(env: Record<string, string | undefined>): RouteConfig {
  const e = parseEnvironment(RouteConfigSchema, env, 'route');
  const { COUNCIL_CONTACT_PHONE: phone, COUNCIL_OUT_OF_HOURS_PHONE: outOfHours } = e;
  return {
    storage: storageOf(e),
    hashKeySecretArn: e.HASH_KEY_SECRET_ARN,
    mail: mailOf(e),
    councilName: e.COUNCIL_NAME,
    council:
      phone && outOfHours
        ? councilContactOf({ ...e, COUNCIL_CONTACT_PHONE: phone, COUNCIL_OUT_OF_HOURS_PHONE: outOfHours })
        : undefined,
    routingRules: e.ROUTING_RULES,
    designatedManager: e.DESIGNATED_MANAGER_ADDRESS,
    deputyManagers: e.DEPUTY_MANAGERS,
    staffBaseUrl: e.STAFF_BASE_URL,
  };
}
