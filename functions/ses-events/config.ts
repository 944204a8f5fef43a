import * as z from 'zod/mini';
import {
  DesignatedManagerVariable,
  HashKeyVariable,
  parseEnvironment,
  type Storage,
  StorageVariables,
  storageOf,
} from '../../shared/config.ts';

/**
 * What the ses-events function reads: the table (delivery failures are recorded on the case) and
 * the designated manager, to whom an undelivered email is escalated. It sends no email itself.
 */
export const SesEventsConfigSchema = z.object({
  ...StorageVariables.shape,
  ...DesignatedManagerVariable.shape,
  ...HashKeyVariable.shape,
});

export interface SesEventsConfig {
  storage: Storage;
  designatedManager: string;
  /** The secret keying address hashes (AWS); undefined locally (shared/hash-key.ts). */
  hashKeySecretArn: string | undefined;
}

export function parseSesEventsConfig(env: Record<string, string | undefined>): SesEventsConfig {
  const e = parseEnvironment(SesEventsConfigSchema, env, 'ses-events');
  return {
    storage: storageOf(e),
    designatedManager: e.DESIGNATED_MANAGER_ADDRESS,
    hashKeySecretArn: e.HASH_KEY_SECRET_ARN,
  };
}
