import type { CaseChange } from './case-change.ts';
import type { Actor, StaffRole } from './case-vocabulary.ts';
import type { StoredCase } from './stored-case.ts';

/**
 * Who may see and change a case. The designated manager monitors every case (National Minimum
 * Standard 7) and so sees and changes all of them; a caseworker sees and changes only the cases
 * allocated to them. Only the designated manager allocates and records the assessment decision
 * (domain.md: "team manager then designated manager approve the assessment").
 */

/** The role a signed-in person has from their groups claim; the manager role wins if both. */
export function roleFromGroups(groups: readonly string[]): StaffRole | undefined {
  if (groups.includes('designated-manager')) return 'designated-manager';
  if (groups.includes('caseworker')) return 'caseworker';
  return undefined;
}

export function canViewCase(actor: Actor, c: Pick<StoredCase, 'allocatedTo'>): boolean {
  return (
    actor.role === 'designated-manager' || (c.allocatedTo !== undefined && c.allocatedTo === actor.email)
  );
}

export function canChangeCase(
  actor: Actor,
  c: Pick<StoredCase, 'allocatedTo'>,
  change: CaseChange['type'],
): boolean {
  if (actor.role === 'designated-manager') return true;
  if (change === 'allocate' || change === 'record-decision') return false;
  return canViewCase(actor, c);
}

export const isManager = (actor: Actor): boolean => actor.role === 'designated-manager';
