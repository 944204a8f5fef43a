import { describe, expect, it } from 'vitest';
import { parseAllocation } from '../../functions/staff/actions/allocate.ts';
import type { Actor } from '../../shared/domain/case-vocabulary.ts';
import { canChangeCase, canViewCase, isAllocatedTo } from '../../shared/domain/staff-access.ts';

/*
 * Issue 13: allocations bound to the identity provider's stable subject when it is known, by
 * address otherwise (a caseworker typed in before they ever signed in, cases allocated earlier).
 */

const caseworker = (subject?: string): Actor => ({
  email: 'sam@testshire.gov.uk',
  name: 'Sam',
  role: 'caseworker',
  ...(subject ? { subject } : {}),
});

describe('whose case it is', () => {
  it('goes by subject when the allocation and the session both have one', () => {
    const c = { allocatedTo: 'sam@testshire.gov.uk', allocatedSubject: 'sub-sam' };
    expect(isAllocatedTo(caseworker('sub-sam'), c)).toBe(true);
    // The same address now belongs to someone else (reissued): not their case.
    expect(isAllocatedTo(caseworker('sub-someone-else'), c)).toBe(false);
    expect(canViewCase(caseworker('sub-someone-else'), c)).toBe(false);
    expect(canChangeCase(caseworker('sub-someone-else'), c, 'record-visit')).toBe(false);
  });

  it('falls back to the address when either side has no subject', () => {
    // Allocated by address to someone never signed in, or before subjects were kept.
    expect(isAllocatedTo(caseworker('sub-sam'), { allocatedTo: 'sam@testshire.gov.uk' })).toBe(true);
    expect(isAllocatedTo(caseworker('sub-sam'), { allocatedTo: 'other@testshire.gov.uk' })).toBe(false);
    // A session made before the subject was kept.
    expect(
      isAllocatedTo(caseworker(), { allocatedTo: 'sam@testshire.gov.uk', allocatedSubject: 'sub-sam' }),
    ).toBe(true);
    expect(isAllocatedTo(caseworker('sub-sam'), {})).toBe(false);
  });

  it('lets the designated manager see every case either way', () => {
    const manager: Actor = {
      email: 'm@testshire.gov.uk',
      name: 'M',
      role: 'designated-manager',
      subject: 'm',
    };
    expect(canViewCase(manager, { allocatedTo: 'sam@testshire.gov.uk', allocatedSubject: 'sub-sam' })).toBe(
      true,
    );
  });
});

describe('allocating carries the subject the directory knows', () => {
  const known = [
    { email: 'sam@testshire.gov.uk', name: 'Sam', subject: 'sub-sam' },
    { email: 'ana@testshire.gov.uk', name: 'Ana' },
  ];
  it('from the list, or typed as another caseworker who is in the list', () => {
    expect(parseAllocation({ caseworker: 'sam@testshire.gov.uk' }, known)).toEqual({
      ok: true,
      value: { email: 'sam@testshire.gov.uk', name: 'Sam', subject: 'sub-sam' },
    });
    expect(parseAllocation({ caseworker: 'other', otherEmail: 'Sam@Testshire.gov.uk' }, known)).toEqual({
      ok: true,
      value: { email: 'sam@testshire.gov.uk', name: 'Sam', subject: 'sub-sam' },
    });
  });
  it('none for someone the directory has no subject for', () => {
    expect(parseAllocation({ caseworker: 'ana@testshire.gov.uk' }, known)).toEqual({
      ok: true,
      value: { email: 'ana@testshire.gov.uk', name: 'Ana' },
    });
  });
});
