import * as z from 'zod/mini';
import { schemaOnFirstUse } from '../schema-on-first-use.ts';

/**
 * A private fostering notification as stored: whatever Schedule 1 information the notifier was
 * able to give. Regulation 3(4) of the Children (Private Arrangements for Fostering) Regulations
 * 2005 makes partial notices lawful, so almost everything is optional; the form decides the
 * minimum (a way to contact the notifier and enough to find the child).
 */

export const NOTIFIER_ROLES = [
  'school',
  'health',
  'religious-setting',
  'other-professional',
  'parent',
  'carer',
  'agency',
  'other',
] as const;
export const NotifierRoleSchema = z.enum(NOTIFIER_ROLES);
export type NotifierRole = z.infer<typeof NotifierRoleSchema>;

/** Words for each role, used on pages, in emails and in the annual report's "by source" figure. */
export const NOTIFIER_ROLE_LABELS: Record<NotifierRole, string> = {
  school: 'School or college',
  health: 'GP or other health service',
  'religious-setting': 'Religious setting',
  'other-professional': 'Other professional',
  parent: 'Parent',
  carer: 'Carer',
  agency: 'Agency or language school',
  other: 'Other',
};

const text = (max: number) => z.string().check(z.maxLength(max));
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
export const YesNoUnknownSchema = z.enum(['yes', 'no', 'unknown']);

export const AddressSchema = schemaOnFirstUse(() =>
  z.object({
    line1: z.optional(text(200)),
    line2: z.optional(text(200)),
    town: z.optional(text(100)),
    /** Normalised: uppercase with a single space before the inward code. */
    postcode: z.optional(text(10)),
    /** For addresses outside the UK (parents abroad, previous addresses). */
    country: z.optional(text(100)),
  }),
);
export type Address = z.infer<typeof AddressSchema>;

export const PersonSchema = schemaOnFirstUse(() =>
  z.object({
    name: z.optional(text(200)),
    address: z.optional(AddressSchema),
    contact: z.optional(text(200)),
    relationship: z.optional(text(200)),
    approximateAge: z.optional(text(50)),
    notes: z.optional(text(2000)),
    /** Others involved in arranging it: the agency, language school or guardianship company. */
    organisation: z.optional(text(200)),
    /** Brothers and sisters: who looks after them (Schedule 1, paragraph 5). */
    careArrangements: z.optional(text(500)),
  }),
);
export type Person = z.infer<typeof PersonSchema>;

/** The notifier's answers to "Is this private fostering?" (Children Act 1989 s.66, s.105). */
export const ELIGIBILITY_CHILD_AGES = ['under-16', '16-or-17', '18-or-over', 'not-sure'] as const;
export const ELIGIBILITY_DISABLED = ['yes', 'no', 'not-sure'] as const;
export const ELIGIBILITY_CARERS = ['parent', 'relative', 'someone-else', 'not-sure'] as const;
export const ELIGIBILITY_DURATIONS = ['28-days-or-more', 'less-than-28-days', 'not-sure'] as const;
/**
 * Where the child is living: the exclusions of Children Act 1989 Sch. 8 paras 2–5 (looked after by
 * a council, living where a parent, a person with PR or a relative lives, in hospital or at school)
 * and the school-holiday rule of para 9.
 */
export const ELIGIBILITY_SETTINGS = [
  'carers-home',
  'with-family',
  'boarding-school-holidays',
  'hospital-or-school',
  'council-care',
  'not-sure',
] as const;
export const ELIGIBILITY_OUTCOMES = ['likely', 'unlikely', 'unsure'] as const;
export const EligibilitySchema = schemaOnFirstUse(() =>
  z.object({
    childAge: z.enum(ELIGIBILITY_CHILD_AGES),
    disabled: z.enum(ELIGIBILITY_DISABLED),
    carer: z.enum(ELIGIBILITY_CARERS),
    duration: z.enum(ELIGIBILITY_DURATIONS),
    /** Absent on answers given before the form asked it. */
    setting: z.optional(z.enum(ELIGIBILITY_SETTINGS)),
    /** What the form told the notifier; the front door decides. */
    outcome: z.enum(ELIGIBILITY_OUTCOMES),
  }),
);
export type Eligibility = z.infer<typeof EligibilitySchema>;

/** A campaign link's id (awareness work): lower-case letters, digits and hyphens, nothing about the notifier. */
export const CampaignIdSchema = z.string().check(z.regex(/^[a-z0-9-]{1,64}$/));

export const NotificationSchema = schemaOnFirstUse(() =>
  z.object({
    reference: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{8}$/)),
    /** ISO-8601 instant the council received it: the statutory clock starts from its London date. */
    receivedAt: z.iso.datetime(),
    /**
     * A hash of the draft that produced it: tells a retry of the same submission (same id) from a
     * reference collision (a different one). Not personal data; not the draft's cookie value.
     */
    submissionId: z.optional(z.string().check(z.maxLength(64))),
    eligibility: z.optional(EligibilitySchema),
    notifier: z.object({
      role: NotifierRoleSchema,
      organisation: z.optional(text(200)),
      name: text(200),
      jobTitle: z.optional(text(200)),
      workAddress: z.optional(AddressSchema),
      email: z.optional(text(320)),
      phone: z.optional(text(40)),
    }),
    child: z.object({
      name: z.optional(text(200)),
      sex: z.optional(text(50)),
      dateOfBirth: z.optional(isoDate),
      approximateAge: z.optional(text(50)),
      placeOfBirth: z.optional(text(200)),
      disabled: YesNoUnknownSchema,
      religion: z.optional(text(200)),
      ethnicity: z.optional(text(200)),
      languageAndCulture: z.optional(text(2000)),
      school: z.optional(text(200)),
      /** Whether the child lives at the carer's address; `address` is given when not. */
      livesAtCarerAddress: z.optional(YesNoUnknownSchema),
      address: z.optional(AddressSchema),
    }),
    carer: z.object({
      name: z.optional(text(200)),
      relationship: z.optional(text(200)),
      address: z.optional(AddressSchema),
      previousAddresses: z.optional(z.array(AddressSchema).check(z.maxLength(10))),
      phone: z.optional(text(40)),
      household: z.optional(z.array(PersonSchema).check(z.maxLength(20))),
      /**
       * Asked only when the carer notifies (Schedule 1 to the Private Fostering (England)
       * Regulations 2005, as local forms ask it): convictions, disqualification (Children Act 1989
       * s.68) and prohibition (s.69) of the carer or anyone in the household. For staff only: never
       * in an email.
       */
      convictions: z.optional(YesNoUnknownSchema),
      convictionsDetails: z.optional(text(2000)),
      disqualified: z.optional(YesNoUnknownSchema),
      prohibited: z.optional(YesNoUnknownSchema),
    }),
    parents: z.optional(z.array(PersonSchema).check(z.maxLength(10))),
    receivedFrom: z.optional(PersonSchema),
    siblings: z.optional(z.array(PersonSchema).check(z.maxLength(20))),
    othersInvolved: z.optional(z.array(PersonSchema).check(z.maxLength(10))),
    /** The campaign link the notifier arrived from (awareness work): an id, nothing about them. */
    campaign: z.optional(CampaignIdSchema),
    arrangement: z.object({
      /**
       * Whether the child already lives with the carer: "no" makes it a proposed arrangement
       * (regulation 3), "yes" one already running (regulation 5).
       */
      childLivesThereNow: z.optional(YesNoUnknownSchema),
      startDate: z.optional(isoDate),
      startDateKnown: z.optional(z.boolean()),
      intendedDuration: z.optional(text(500)),
      purpose: z.optional(text(2000)),
      /** "Yes" shows emergency guidance; the notification still goes through, flagged urgent. */
      immediateSafetyConcern: z.optional(z.boolean()),
    }),
  }),
);
export type Notification = z.infer<typeof NotificationSchema>;

/**
 * What the designated manager should chase: Ofsted (Cumberland, 2024) criticised referrals
 * lacking the start date and the parents' details.
 */
export function informationGaps(n: Notification): string[] {
  const gaps: string[] = [];
  if (!n.arrangement.startDate) gaps.push('Start date of the arrangement');
  if (!n.parents || n.parents.length === 0) gaps.push("Parents' details");
  if (!n.child.dateOfBirth) gaps.push("Child's date of birth");
  if (!n.carer.address?.postcode) gaps.push("Carer's postcode");
  if (!n.carer.name) gaps.push("Carer's name");
  return gaps;
}
