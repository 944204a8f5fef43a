import * as z from 'zod/mini';
import { StaffRoleSchema } from '../../shared/domain/case-vocabulary.ts';

/**
 * The council's staff as the identity provider knows them (their groups are their roles), so a
 * case can be allocated to a caseworker who has never signed in here.
 *
 * One implementation so far: a list given in configuration (STAFF_DIRECTORY). The local runtime
 * fills it with the embedded OIDC provider's seeded users. A Cognito implementation (ListUsersInGroup
 * on the caseworker group, which needs cognito-idp:ListUsersInGroup and the user pool id) would sit
 * behind the same interface; until then, in AWS the list is the configured one, if any, plus the
 * staff who have signed in (the session store remembers them).
 */
export interface StaffDirectory {
  caseworkers(): Promise<{ email: string; name: string }[]>;
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
