/**
 * A notice told online after the first notification (issue 12): a change (the Children (Private
 * Arrangements for Fostering) Regulations 2005, SI 2005/1533, reg 9: the carer moves, someone joins
 * or leaves the household, a conviction) or the end of the arrangement (reg 10: the reason, where the child has gone, the new
 * carer's name and address). domain.md: "Exact time limits: check the English text before encoding
 * one", so none is encoded here. Anyone may tell: carers and parents must, professionals often
 * learn of it first.
 */

import * as z from 'zod/mini';
import { schemaOnFirstUse } from '../schema-on-first-use.ts';
import { END_REASON_LABELS, EndReasonSchema } from './case-vocabulary.ts';
import type { Notification, NotifierRole } from './notification.ts';

const text = (max: number) => z.string().check(z.maxLength(max));
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const reference = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{8}$/));

export const NOTICE_KINDS = ['change', 'end'] as const;
export const NoticeKindSchema = z.enum(NOTICE_KINDS);
export type NoticeKind = z.infer<typeof NoticeKindSchema>;

export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  change: 'a change',
  end: 'the end of the arrangement',
};

/** The changes regulation 9 names, and "something else". */
export const CHANGE_TYPES = [
  'carer-moved',
  'joined-household',
  'left-household',
  'conviction',
  'other',
] as const;
export const ChangeTypeSchema = z.enum(CHANGE_TYPES);
export type ChangeType = z.infer<typeof ChangeTypeSchema>;
export const CHANGE_TYPE_LABELS: Record<ChangeType, string> = {
  'carer-moved': 'The carer and child have moved to a new address',
  'joined-household': 'Someone has joined the carer’s household',
  'left-household': 'Someone has left the carer’s household',
  conviction: 'The carer or someone in the household has been convicted of an offence',
  other: 'Something else',
};

export const TELLER_RELATIONSHIPS = ['carer', 'parent', 'professional', 'other'] as const;
export const TellerRelationshipSchema = z.enum(TELLER_RELATIONSHIPS);
export type TellerRelationship = z.infer<typeof TellerRelationshipSchema>;
export const TELLER_RELATIONSHIP_LABELS: Record<TellerRelationship, string> = {
  carer: 'I am the carer',
  parent: 'I am the child’s parent',
  professional: 'I work with the child (for example, at a school or GP surgery)',
  other: 'Someone else',
};

const NewAddressSchema = schemaOnFirstUse(() =>
  z.object({
    line1: z.optional(text(200)),
    town: z.optional(text(100)),
    postcode: z.optional(text(10)),
  }),
);

export const NoticeSchema = schemaOnFirstUse(() =>
  z.object({
    /** The notice's own reference, shown on its confirmation page. */
    noticeRef: reference,
    kind: NoticeKindSchema,
    receivedAt: z.iso.datetime(),
    /** The case reference the teller gave, if any (checked against the cases when routed). */
    caseReference: z.optional(reference),
    child: z.object({ name: text(200), dateOfBirth: z.optional(isoDate) }),
    carer: z.object({
      name: z.optional(text(200)),
      /** The carer's address the council knows (before any move): what a match is made on. */
      addressLine1: z.optional(text(200)),
      postcode: z.optional(text(10)),
    }),
    change: z.optional(
      z.object({
        what: ChangeTypeSchema,
        on: z.optional(isoDate),
        details: z.optional(text(2000)),
        newAddress: z.optional(NewAddressSchema),
      }),
    ),
    end: z.optional(
      z.object({
        endedOn: z.optional(isoDate),
        reason: EndReasonSchema,
        whereGone: z.optional(text(500)),
        newCarerName: z.optional(text(200)),
        newAddress: z.optional(NewAddressSchema),
      }),
    ),
    teller: z.object({
      name: text(200),
      relationship: TellerRelationshipSchema,
      email: z.optional(text(320)),
      phone: z.optional(text(40)),
    }),
  }),
);
export type Notice = z.infer<typeof NoticeSchema>;

/** A notice as it joined its case (`CASE#<ref>` / `NOTICE#<noticeRef>`). */
export const CaseNoticeSchema = schemaOnFirstUse(() =>
  z.object({
    notice: NoticeSchema,
    joinedAt: z.string(),
    joinedBy: z.string(),
  }),
);
export type CaseNotice = z.infer<typeof CaseNoticeSchema>;

/** The postcode the child now lives at (or will), if the notice says it moved. */
export function newPostcodeOf(notice: Notice): string | undefined {
  if (notice.kind === 'change' && notice.change?.what === 'carer-moved')
    return notice.change.newAddress?.postcode;
  if (notice.kind === 'end') return notice.end?.newAddress?.postcode;
  return undefined;
}

const ROLE_OF_TELLER: Record<TellerRelationship, NotifierRole> = {
  carer: 'carer',
  parent: 'parent',
  professional: 'other-professional',
  other: 'other',
};

/**
 * A notice that matches no case, opened by the front door as a new notification: what it says
 * becomes a partial Schedule 1 notice (reg 3(4) allows partial ones), under the notice's own
 * reference, received when the notice was.
 */
export function notificationFromNotice(notice: Notice): Notification {
  const newAddress = notice.kind === 'change' ? notice.change?.newAddress : notice.end?.newAddress;
  const moved = newPostcodeOf(notice) !== undefined || notice.kind === 'end';
  const address = moved ? newAddress : { line1: notice.carer.addressLine1, postcode: notice.carer.postcode };
  const clean = <T extends Record<string, unknown>>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
  return {
    reference: notice.noticeRef,
    receivedAt: notice.receivedAt,
    notifier: clean({
      role: ROLE_OF_TELLER[notice.teller.relationship],
      name: notice.teller.name,
      email: notice.teller.email,
      phone: notice.teller.phone,
    }),
    child: clean({
      name: notice.child.name,
      dateOfBirth: notice.child.dateOfBirth,
      disabled: 'unknown' as const,
    }),
    carer: clean({
      name: notice.kind === 'end' ? notice.end?.newCarerName : notice.carer.name,
      address: address ? clean(address) : undefined,
    }),
    arrangement: {},
  };
}

/** A notice as rows (check answers, and the case page), by the part of the form each came from. */
export type NoticePart = 'about' | 'details' | 'you';

export function noticeSummaryRows(notice: Notice): { step: NoticePart; key: string; lines: string[] }[] {
  const rows: { step: NoticePart; key: string; lines: (string | undefined)[] }[] = [
    { step: 'about', key: 'Case reference', lines: [notice.caseReference ?? 'Not given'] },
    { step: 'about', key: 'Child’s name', lines: [notice.child.name] },
    { step: 'about', key: 'Child’s date of birth', lines: [notice.child.dateOfBirth ?? 'Not given'] },
    { step: 'about', key: 'Carer’s name', lines: [notice.carer.name ?? 'Not given'] },
    {
      step: 'about',
      key: 'Carer’s address',
      lines:
        notice.carer.addressLine1 || notice.carer.postcode
          ? [notice.carer.addressLine1, notice.carer.postcode]
          : ['Not given'],
    },
  ];
  const address = (a: { line1?: string; town?: string; postcode?: string } | undefined) =>
    a ? [a.line1, a.town, a.postcode] : ['Not given'];
  if (notice.change) {
    rows.push(
      { step: 'details', key: 'What has changed', lines: [CHANGE_TYPE_LABELS[notice.change.what]] },
      { step: 'details', key: 'Date of the change', lines: [notice.change.on ?? 'Not given'] },
      { step: 'details', key: 'Details', lines: [notice.change.details ?? 'Not given'] },
      { step: 'details', key: 'New address', lines: address(notice.change.newAddress) },
    );
  }
  if (notice.end) {
    rows.push(
      { step: 'details', key: 'Why it ended', lines: [END_REASON_LABELS[notice.end.reason]] },
      { step: 'details', key: 'Date it ended', lines: [notice.end.endedOn ?? 'Not given'] },
      { step: 'details', key: 'Where the child has gone', lines: [notice.end.whereGone ?? 'Not given'] },
      { step: 'details', key: 'New carer’s name', lines: [notice.end.newCarerName ?? 'Not given'] },
      { step: 'details', key: 'Child’s new address', lines: address(notice.end.newAddress) },
    );
  }
  rows.push(
    { step: 'you', key: 'Your name', lines: [notice.teller.name] },
    {
      step: 'you',
      key: 'How you know the child',
      lines: [TELLER_RELATIONSHIP_LABELS[notice.teller.relationship]],
    },
    { step: 'you', key: 'Email address', lines: [notice.teller.email ?? 'Not given'] },
    { step: 'you', key: 'Phone number', lines: [notice.teller.phone ?? 'Not given'] },
  );
  return rows.map((r) => ({ ...r, lines: r.lines.filter((l): l is string => !!l) }));
}
