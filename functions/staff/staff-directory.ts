import * as z from 'zod/mini';
import { StaffRoleSchema } from '../../shared/domain/case-vocabulary.ts';

/**
 * The council's staff as the identity provider knows them (their groups are their roles), so a
 * case can be allocated to a caseworker who has never signed in here.
 *
 * Two implementations: in AWS, the user pool's caseworker group (cognito-directory.ts, when
 * STAFF_USER_POOL_ID is set); otherwise a list given in configuration (STAFF_DIRECTORY), which the
 * local runtime fills with the embedded OIDC provider's seeded users. Either way the allocation
 * page adds the staff who have signed in (the session store remembers them).
 */
export interface StaffDirectory {
  caseworkers(): Promise<StaffMember[]>;
}

/** A caseworker to offer: the identity provider's stable subject when it is known. */
export interface StaffMember {
  email: string;
  name: string;
  subject?: string;
}

export const DirectoryEntrySchema = z.object({
  email: z.email(),
  name: z.string().check(z.minLength(1)),
  role: StaffRoleSchema,
});
export const StaffDirectorySchema = z.array(DirectoryEntrySchema);
export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;

/** A directory read from configuration: the caseworkers among the listed staff. */
export function configuredDirectory(entries: readonly DirectoryEntry[]): StaffDirectory {
  const caseworkers = entries
    .filter((e) => e.role === 'caseworker')
    .map((e) => ({ email: e.email.toLowerCase(), name: e.name }));
  return { caseworkers: async () => caseworkers };
}
