import type { UserType } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import {
  caseworkerFromCognitoUser,
  cognitoDirectory,
  DIRECTORY_CACHE_MS,
} from '../../functions/staff/cognito-directory.ts';

/*
 * Issue 17: in AWS, allocation offers the user pool's caseworker group. The mapping of a Cognito
 * user, the paging and the per-container cache. (Cognito has no emulator here: the client is a
 * stand-in that answers ListUsersInGroup as the API documents it.)
 */

const user = (attrs: Record<string, string>, extra: Partial<UserType> = {}): UserType => ({
  Username: attrs.sub ?? 'u',
  Enabled: true,
  UserStatus: 'CONFIRMED',
  Attributes: Object.entries(attrs).map(([Name, Value]) => ({ Name, Value })),
  ...extra,
});

describe('a Cognito user as a caseworker to offer', () => {
  it('takes the verified address (lower case), the name and the stable subject', () => {
    expect(
      caseworkerFromCognitoUser(
        user({ sub: 'a1b2', email: 'Sam.Jones@Testshire.gov.uk', email_verified: 'true', name: 'Sam Jones' }),
      ),
    ).toEqual({ email: 'sam.jones@testshire.gov.uk', name: 'Sam Jones', subject: 'a1b2' });
  });

  it('builds the name from given and family names, or shows the address', () => {
    const base = { sub: 's', email: 'ab@testshire.gov.uk', email_verified: 'true' };
    expect(caseworkerFromCognitoUser(user({ ...base, given_name: 'Ana', family_name: 'Bell' }))?.name).toBe(
      'Ana Bell',
    );
    expect(caseworkerFromCognitoUser(user(base))?.name).toBe('ab@testshire.gov.uk');
  });

  it('offers someone who has not yet signed in (a new account), so they can be allocated first', () => {
    const invited = user(
      { sub: 'n', email: 'new@testshire.gov.uk', email_verified: 'true' },
      { UserStatus: 'FORCE_CHANGE_PASSWORD' },
    );
    expect(caseworkerFromCognitoUser(invited)?.email).toBe('new@testshire.gov.uk');
  });

  it('leaves out anyone who could not sign in: disabled, unverified or without an address', () => {
    expect(
      caseworkerFromCognitoUser(
        user({ sub: 'd', email: 'd@testshire.gov.uk', email_verified: 'true' }, { Enabled: false }),
      ),
    ).toBeUndefined();
    expect(
      caseworkerFromCognitoUser(user({ sub: 'u', email: 'u@testshire.gov.uk', email_verified: 'false' })),
    ).toBeUndefined();
    expect(caseworkerFromCognitoUser(user({ sub: 'x', email_verified: 'true' }))).toBeUndefined();
  });
});

describe('the directory from the caseworker group', () => {
  function fakeCognito(pages: UserType[][], fail = { value: false }) {
    const calls: Record<string, unknown>[] = [];
    const client = {
      send: async (command: { input: Record<string, unknown> }) => {
        calls.push(command.input);
        if (fail.value) throw Object.assign(new Error('throttled'), { name: 'TooManyRequestsException' });
        const index = command.input.NextToken ? Number(command.input.NextToken) : 0;
        return { Users: pages[index], ...(index + 1 < pages.length ? { NextToken: String(index + 1) } : {}) };
      },
    };
    return { client: client as never, calls };
  }
  const verified = (n: number) =>
    user({ sub: `s${n}`, email: `cw${n}@testshire.gov.uk`, email_verified: 'true', name: `Caseworker ${n}` });

  it('reads every page of the group, in this user pool, and keeps the list for a few minutes', async () => {
    const { client, calls } = fakeCognito([[verified(1), verified(2)], [verified(3)]]);
    let now = 1_000_000;
    const directory = cognitoDirectory({
      userPoolId: 'eu-west-2_Abc123',
      client: async () => client,
      now: () => now,
    });
    expect((await directory.caseworkers()).map((m) => m.email)).toEqual([
      'cw1@testshire.gov.uk',
      'cw2@testshire.gov.uk',
      'cw3@testshire.gov.uk',
    ]);
    expect(calls).toEqual([
      { UserPoolId: 'eu-west-2_Abc123', GroupName: 'caseworker', Limit: 60 },
      { UserPoolId: 'eu-west-2_Abc123', GroupName: 'caseworker', Limit: 60, NextToken: '1' },
    ]);
    now += DIRECTORY_CACHE_MS - 1;
    await directory.caseworkers();
    expect(calls).toHaveLength(2);
    now += 1;
    await directory.caseworkers();
    expect(calls).toHaveLength(4);
  });

  it('when Cognito cannot be read, offers the last good list (or none) and reports the error', async () => {
    const fail = { value: false };
    const { client } = fakeCognito([[verified(1)]], fail);
    let now = 0;
    const errors: unknown[] = [];
    const directory = cognitoDirectory({
      userPoolId: 'eu-west-2_Abc123',
      client: async () => client,
      now: () => now,
      onError: (e) => errors.push(e),
    });
    await directory.caseworkers();
    fail.value = true;
    now += DIRECTORY_CACHE_MS;
    expect((await directory.caseworkers()).map((m) => m.email)).toEqual(['cw1@testshire.gov.uk']);
    expect(errors).toHaveLength(1);
    const fresh = cognitoDirectory({ userPoolId: 'p', client: async () => client, now: () => 0 });
    expect(await fresh.caseworkers()).toEqual([]);
  });
});
