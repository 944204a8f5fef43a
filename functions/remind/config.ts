import * as z from 'zod/mini';
import {
  CouncilNameVariable,
  DeputyManagersVariable,
  DesignatedManagerVariable,
  HashKeyVariable,
  type MailSettings,
  MailVariables,
  mailOf,
  parseEnvironment,
  type QueueSettings,
  QueueVariables,
  queueOf,
  StaffBaseUrlVariable,
  type Storage,
  StorageVariables,
  storageOf,
} from '../../shared/config.ts';

/**
 * What the remind function reads: the table (the due index), SES for the digests, the staff pages'
 * address for links, the designated manager for escalations, and the notification queue. The
 * queue is required: the sweep re-queues notifications stored but never routed (the outbox), and
 * without it would escalate every one of them instead.
 */
export const RemindConfigSchema = z.object({
  ...StorageVariables.shape,
  ...MailVariables.shape,
  ...QueueVariables.shape,
  ...CouncilNameVariable.shape,
  ...StaffBaseUrlVariable.shape,
  ...DesignatedManagerVariable.shape,
  ...DeputyManagersVariable.shape,
  ...HashKeyVariable.shape,
});

export interface RemindConfig {
  storage: Storage;
  mail: MailSettings;
  queue: QueueSettings;
  councilName: string;
  staffBaseUrl: string;
  designatedManager: string;
  /** Deputy designated managers: escalations go to them too. */
  deputyManagers: string[];
  /** The secret keying address hashes (AWS); undefined locally (shared/hash-key.ts). */
  hashKeySecretArn: string | undefined;
}

export function parseRemindConfig(env: Record<string, string | undefined>): RemindConfig {
  const e = parseEnvironment(RemindConfigSchema, env, 'remind');
  return {
    storage: storageOf(e),
    hashKeySecretArn: e.HASH_KEY_SECRET_ARN,
    mail: mailOf(e),
    queue: queueOf(e),
    councilName: e.COUNCIL_NAME,
    staffBaseUrl: e.STAFF_BASE_URL,
    designatedManager: e.DESIGNATED_MANAGER_ADDRESS,
    deputyManagers: e.DEPUTY_MANAGERS,
  };
}
