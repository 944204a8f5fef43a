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

/**
 * Is the case allocated to this person? By the identity provider's subject when the allocation and
 * the session both have one (an address can be reissued to someone else, a subject cannot); by
 * address for an allocation made before the caseworker was known to the directory or had signed
 * in, and for cases allocated before subjects were kept (issue 13).
 */
export function isAllocatedTo(
  actor: Actor,
  c: Pick<StoredCase, 'allocatedTo' | 'allocatedSubject'>,
): boolean {
  if (c.allocatedSubject && actor.subject) return c.allocatedSubject === actor.subject;
  return c.allocatedTo !== undefined && c.allocatedTo === actor.email;
}

export function canViewCase(actor: Actor, c: Pick<StoredCase, 'allocatedTo' | 'allocatedSubject'>): boolean {
  return actor.role === 'designated-manager' || isAllocatedTo(actor, c);
}

const MANAGER_CHANGES: ReadonlySet<CaseChange['type']> = new Set([
  'allocate',
  'record-decision',
  'record-front-door-decision',
  'record-restriction',
]);

export function canChangeCase(
  actor: Actor,
  c: Pick<StoredCase, 'allocatedTo' | 'allocatedSubject'>,
  change: CaseChange['type'],
): boolean {
  if (actor.role === 'designated-manager') return true;
  // The front door's decision (Working Together 2023) and the council's written decisions on
  // disqualification, prohibition and requirements (s.68, s.69, Sch. 8) are the designated
  // manager's, or a deputy's, who signs in with that role.
  if (MANAGER_CHANGES.has(change)) return false;
  return canViewCase(actor, c);
}

export const isManager = (actor: Actor): boolean => actor.role === 'designated-manager';

export interface StaffIdentity {
  /** The identity provider's stable subject: who signed in, whatever their address becomes. */
  subject: string;
  /** For display and for matching allocations, which name the caseworker by address. */
  email: string;
  name: string;
  role: StaffRole;
}

/**
 * Who an ID token's claims say signed in, or nothing if they may not use the staff pages: a
 * role from the provider's groups, a subject, and an email address the provider has verified.
 * A missing `email_verified` is refused like a false one: access to children's records is bound
 * to the address, so an address nobody proved to own must not open them. (Cognito sends a
 * boolean; some federated providers send the string "true".)
 */
export function staffIdentityFromClaims(claims: Record<string, unknown>): StaffIdentity | undefined {
  const groupsClaim = claims['cognito:groups'] ?? claims.groups;
  const groups = Array.isArray(groupsClaim)
    ? groupsClaim.filter((g): g is string => typeof g === 'string')
    : [];
  const role = roleFromGroups(groups);
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  const verified = claims.email_verified === true || claims.email_verified === 'true';
  if (!role || !subject || !email || !verified) return undefined;
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
  return { subject, email, name, role };
}
