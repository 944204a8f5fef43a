import type { CognitoIdentityProviderClient, UserType } from '@aws-sdk/client-cognito-identity-provider';
import type { StaffDirectory, StaffMember } from './staff-directory.ts';

/**
 * The staff directory in AWS (issue 17): the members of the user pool's `caseworker` group, so a
 * case can be allocated to a caseworker who has never signed in here. Cognito's groups are the
 * roles (infra/stacks/stateful-stack.ts, STAFF_GROUPS), so the list is the one sign-in trusts.
 */

/** How long a warm container keeps the list: a new caseworker appears within this time. */
export const DIRECTORY_CACHE_MS = 5 * 60 * 1000;

/**
 * One Cognito user as a caseworker to offer, or undefined when they could not sign in: disabled,
 * or without a verified email (sign-in requires `email_verified`, functions/staff/auth.ts).
 * The name is the `name` attribute, else given and family names, else the address.
 */
export function caseworkerFromCognitoUser(user: UserType): StaffMember | undefined {
  if (user.Enabled === false) return undefined;
  const attrs = new Map((user.Attributes ?? []).map((a) => [a.Name ?? '', a.Value ?? '']));
  const email = attrs.get('email')?.trim().toLowerCase();
  if (!email || attrs.get('email_verified') !== 'true') return undefined;
  const fullName = [attrs.get('given_name'), attrs.get('family_name')].filter((p) => p?.trim()).join(' ');
  const name = attrs.get('name')?.trim() || fullName.trim() || email;
  const subject = attrs.get('sub');
  return { email, name, ...(subject ? { subject } : {}) };
}

export interface CognitoDirectoryOptions {
  userPoolId: string;
  /** Made on the first listing (the SDK is loaded then, not at a cold start). */
  client: () => Promise<Pick<CognitoIdentityProviderClient, 'send'>>;
  now: () => number;
  /** A listing failed: logged without any address. The last good list (or none) is offered. */
  onError?: (error: unknown) => void;
  group?: string;
}

/**
 * Lists the group's members (ListUsersInGroup, every page), at most once per DIRECTORY_CACHE_MS
 * per container. If Cognito cannot be read, the last good list is offered, or none: the allocation
 * page still offers every caseworker who has signed in (case-actions.ts).
 */
export function cognitoDirectory(options: CognitoDirectoryOptions): StaffDirectory {
  const group = options.group ?? 'caseworker';
  let cached: { at: number; list: StaffMember[] } | undefined;
  const list = async (): Promise<StaffMember[]> => {
    const { ListUsersInGroupCommand } = await import('./cognito-sdk.ts');
    const client = await options.client();
    const out: StaffMember[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new ListUsersInGroupCommand({
          UserPoolId: options.userPoolId,
          GroupName: group,
          Limit: 60,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      for (const user of page.Users ?? []) {
        const member = caseworkerFromCognitoUser(user);
        if (member) out.push(member);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return out;
  };
  return {
    async caseworkers() {
      const now = options.now();
      if (cached && now - cached.at < DIRECTORY_CACHE_MS) return cached.list;
      try {
        cached = { at: now, list: await list() };
        return cached.list;
      } catch (error) {
        options.onError?.(error);
        return cached?.list ?? [];
      }
    },
  };
}
