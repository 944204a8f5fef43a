/**
 * The awareness figures (issue 15): who notifies, through which campaign, how long after an
 * arrangement began, and how many notices the front door confirmed as private fostering. National
 * Minimum Standard 2 makes promoting awareness a duty; NMS 7 asks the annual report how the council
 * promoted it. Pure: the cases, the period and the council's list of organisations are passed in.
 *
 * Definitions (the README's "Awareness figures" table says the same):
 * - A notification counts in the period when its London date of receipt falls in it.
 * - By who notified: the form's roles grouped as the annual report asks (domain.md: school,
 *   health, faith setting, parent, carer, agency, other; "other professional" is "other").
 * - Time to notify and the front door's confirmation are about arrangements, so a notification
 *   linked as a duplicate of another case counts once (on the case it duplicates); the counts by
 *   source, campaign and organisation are about who notified, so every notification counts.
 * - Running arrangements: days from the start date the notifier gave to the date of receipt.
 *   Notified late when received after the day it began: regulation 3 of the 2005 Regulations asks
 *   for notice before the arrangement begins (the carer 6 weeks ahead, others as soon as it is
 *   arranged). Proposals (regulation 3(1)): on time when received at least 6 weeks before the
 *   start date; "immediately" for an arrangement made sooner cannot be told from the record, so
 *   short notice is shown as short, not excused. No start date given: counted apart.
 * - Confirmed as private fostering: the front door's outcome (Working Together 2023) out of those
 *   it has decided; a case decided "not private fostering" before outcomes existed counts as such.
 */
import type { FrontDoorOutcome } from './case-vocabulary.ts';
import { type ComplianceCase, median, type Period } from './compliance.ts';
import {
  addDays,
  compareIsoDates,
  daysBetween,
  type IsoDate,
  londonDateOf,
  monthName,
} from './local-date.ts';
import type { NotifierRole } from './notification.ts';

/** The annual report's sources (domain.md, "What the annual report needs"). */
export const NOTIFIER_GROUPS = ['school', 'health', 'faith', 'parent', 'carer', 'agency', 'other'] as const;
export type NotifierGroup = (typeof NOTIFIER_GROUPS)[number];

export const NOTIFIER_GROUP_OF: Record<NotifierRole, NotifierGroup> = {
  school: 'school',
  health: 'health',
  'religious-setting': 'faith',
  'other-professional': 'other',
  parent: 'parent',
  carer: 'carer',
  agency: 'agency',
  other: 'other',
};

export const NOTIFIER_GROUP_LABELS: Record<NotifierGroup, string> = {
  school: 'School',
  health: 'Health',
  faith: 'Faith setting',
  parent: 'Parent',
  carer: 'Carer',
  agency: 'Agency',
  other: 'Other',
};

/**
 * Roles whose "organisation" answer names a school, practice, setting or agency. A parent's or
 * carer's answer (if any) is never kept: it could say where a family works, and it is no
 * organisation the council could reach with a campaign.
 */
export const ORGANISATION_ROLES: readonly NotifierRole[] = [
  'school',
  'health',
  'religious-setting',
  'other-professional',
  'agency',
];

/** Regulation 3(1): a proposed carer gives at least 6 weeks' notice. */
export const PROPOSAL_NOTICE_DAYS = 42;

/** A campaign link a manager created. */
export interface CampaignSummary {
  slug: string;
  name: string;
}

/** One line of the council's list of its schools and practices. */
export interface KnownOrganisation {
  name: string;
  type?: string | undefined;
}

/** A number on the dashboard and the cases behind it; `id` names it in links and the CSV. */
export interface AwarenessCount {
  id: string;
  count: number;
  references: string[];
}

/** `part` out of `whole`; `percent` is null when `whole` is 0. */
export interface AwarenessShare {
  part: AwarenessCount;
  whole: AwarenessCount;
  percent: number | null;
}

export interface MonthlyRow {
  key: string;
  label: string;
  total: AwarenessCount;
  /** One per month of the period, in order. */
  byMonth: AwarenessCount[];
}

export interface ConfirmationRow {
  key: string;
  label: string;
  notifications: AwarenessCount;
  confirmed: AwarenessCount;
  notConfirmed: AwarenessCount;
  awaiting: AwarenessCount;
  /** Confirmed out of those the front door has decided. */
  share: AwarenessShare;
}

export interface AwarenessFigures {
  period: Period;
  /** `YYYY-MM`, each month the period touches. */
  months: string[];
  received: AwarenessCount;
  receivedByMonth: AwarenessCount[];
  bySource: MonthlyRow[];
  /** Each campaign, then "No campaign"; campaigns with no notification in the period too. */
  byCampaign: MonthlyRow[];
  timing: {
    running: AwarenessCount;
    runningLate: AwarenessCount;
    /** Median days from the start date to receipt, running arrangements; null if none. */
    runningMedianDays: number | null;
    proposed: AwarenessCount;
    proposedOnTime: AwarenessCount;
    proposedShort: AwarenessCount;
    /** Median days of notice before the start date, proposals; null if none. */
    proposedMedianDaysAhead: number | null;
    unknownStart: AwarenessCount;
    /** Notified late (running after it began, proposals short) out of those with a start date. */
    late: AwarenessShare;
  };
  confirmationBySource: ConfirmationRow[];
  confirmationByCampaign: ConfirmationRow[];
  confirmedOverall: AwarenessShare;
  /** Organisations that notified in the period, most notifications first. */
  organisations: { name: string; count: AwarenessCount; known: boolean }[];
  /** From the council's list: those with no notification in the period. */
  notSeen: KnownOrganisation[];
  /** Whether the council has imported its list. */
  hasOrganisationList: boolean;
}

const NO_CAMPAIGN = 'none';

/**
 * A name as compared: case, punctuation, "&" and "saint" spellings do not make two organisations.
 * Exact match after that; "St Mary's Primary" and "St Mary's CE Primary School" stay apart, so the
 * list shows the spelling notifiers used and a manager can see near-misses side by side.
 */
export function normaliseOrganisation(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/\bsaint\b/g, 'st')
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** `YYYY-MM` of every month from the period's start to its end. */
export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  let year = Number(period.from.slice(0, 4));
  let month = Number(period.from.slice(5, 7));
  const last = period.to.slice(0, 7);
  for (let i = 0; i < 1200; i++) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    months.push(key);
    if (key >= last) break;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** "April 2026" for `2026-04`. */
export const monthLabel = (month: string) => `${monthName(Number(month.slice(5, 7)))} ${month.slice(0, 4)}`;
/** "Apr" for `2026-04`: chart axis labels. */
export const shortMonthLabel = (month: string) => monthName(Number(month.slice(5, 7))).slice(0, 3);

class Counter {
  private readonly sets = new Map<string, string[]>();
  add(id: string, reference: string) {
    const refs = this.sets.get(id) ?? [];
    if (!refs.includes(reference)) refs.push(reference);
    this.sets.set(id, refs);
  }
  get(id: string): AwarenessCount {
    const references = this.sets.get(id) ?? [];
    return { id, count: references.length, references };
  }
}

const shareOf = (part: AwarenessCount, whole: AwarenessCount): AwarenessShare => ({
  part,
  whole,
  percent: whole.count === 0 ? null : Math.round((part.count / whole.count) * 1000) / 10,
});

/** Was the front door's answer "private fostering" (true), something else (false), or not yet given? */
function confirmation(c: ComplianceCase): boolean | undefined {
  const outcome: FrontDoorOutcome | undefined = c.summary?.frontDoorOutcome;
  if (outcome !== undefined) return outcome === 'private-fostering';
  if (c.summary?.decision === 'not-private-fostering') return false;
  return undefined;
}

/**
 * Every awareness figure for the period. `campaigns` names the campaigns (ones never used in the
 * period still show, with 0); `organisations` is the council's imported list (may be empty).
 */
export function awarenessFigures(
  cases: readonly ComplianceCase[],
  period: Period,
  options: { campaigns: readonly CampaignSummary[]; organisations: readonly KnownOrganisation[] },
): AwarenessFigures {
  const months = monthsOf(period);
  const counter = new Counter();
  const campaignNames = new Map(options.campaigns.map((c) => [c.slug, c.name]));
  const seenCampaigns = new Set<string>();
  const runningDays: number[] = [];
  const proposedDaysAhead: number[] = [];
  const orgs = new Map<string, { spellings: Map<string, number> }>();

  for (const c of cases) {
    const receivedOn = londonDateOf(new Date(c.receivedAt));
    if (compareIsoDates(receivedOn, period.from) < 0 || compareIsoDates(receivedOn, period.to) > 0) continue;
    const ref = c.reference;
    const month = receivedOn.slice(0, 7);
    const group = NOTIFIER_GROUP_OF[c.notifierRole];
    const campaign = c.summary?.campaign ?? NO_CAMPAIGN;
    if (campaign !== NO_CAMPAIGN) seenCampaigns.add(campaign);

    counter.add('received', ref);
    counter.add(`month:${month}`, ref);
    counter.add(`source:${group}`, ref);
    counter.add(`source:${group}:${month}`, ref);
    counter.add(`campaign:${campaign}`, ref);
    counter.add(`campaign:${campaign}:${month}`, ref);

    const organisation = c.summary?.notifierOrganisation?.trim();
    if (organisation && ORGANISATION_ROLES.includes(c.notifierRole)) {
      const key = normaliseOrganisation(organisation);
      if (key) {
        const entry = orgs.get(key) ?? { spellings: new Map() };
        entry.spellings.set(organisation, (entry.spellings.get(organisation) ?? 0) + 1);
        orgs.set(key, entry);
        counter.add(`organisation:${key}`, ref);
      }
    }

    // The arrangement counts once: a duplicate notice adds to who notified, not to these.
    if (c.summary?.duplicateOf) continue;

    const confirmed = confirmation(c);
    for (const row of [`confirm:source:${group}`, `confirm:campaign:${campaign}`, 'confirm:all']) {
      counter.add(`${row}:notifications`, ref);
      const outcome = confirmed === undefined ? 'awaiting' : confirmed ? 'confirmed' : 'not-confirmed';
      counter.add(`${row}:${outcome}`, ref);
      if (confirmed !== undefined) counter.add(`${row}:decided`, ref);
    }

    const startsOn = c.summary?.arrangementStartsOn;
    if (startsOn === undefined) {
      counter.add('timing:unknown-start', ref);
      continue;
    }
    counter.add('timing:known-start', ref);
    // A start date after the day of receipt is a proposal whatever the stage says: notice came first.
    const proposed = c.summary?.arrangement === 'proposed' || compareIsoDates(startsOn, receivedOn) > 0;
    if (proposed) {
      const ahead = daysBetween(receivedOn, startsOn);
      proposedDaysAhead.push(ahead);
      counter.add('timing:proposed', ref);
      // Regulation 3(1): at least 6 weeks before the arrangement begins.
      const onTime = compareIsoDates(receivedOn, latestTimelyNotice(startsOn)) <= 0;
      counter.add(onTime ? 'timing:proposed-on-time' : 'timing:proposed-short', ref);
      if (!onTime) counter.add('timing:late', ref);
    } else {
      const days = daysBetween(startsOn, receivedOn);
      runningDays.push(days);
      counter.add('timing:running', ref);
      // Regulation 3: notice is due before the arrangement begins; after the day it began is late.
      if (days > 0) {
        counter.add('timing:running-late', ref);
        counter.add('timing:late', ref);
      }
    }
  }

  const monthlyRow = (prefix: string, key: string, label: string): MonthlyRow => ({
    key,
    label,
    total: counter.get(`${prefix}:${key}`),
    byMonth: months.map((m) => counter.get(`${prefix}:${key}:${m}`)),
  });
  const confirmationRow = (prefix: string, key: string, label: string): ConfirmationRow => {
    const id = `confirm:${prefix}:${key}`;
    return {
      key,
      label,
      notifications: counter.get(`${id}:notifications`),
      confirmed: counter.get(`${id}:confirmed`),
      notConfirmed: counter.get(`${id}:not-confirmed`),
      awaiting: counter.get(`${id}:awaiting`),
      share: shareOf(counter.get(`${id}:confirmed`), counter.get(`${id}:decided`)),
    };
  };

  // Campaigns as the manager named them, then any slug on a case whose campaign has since gone.
  const campaignRows: CampaignSummary[] = [
    ...options.campaigns,
    ...[...seenCampaigns].filter((s) => !campaignNames.has(s)).map((slug) => ({ slug, name: slug })),
  ];
  const campaignLabel = (c: CampaignSummary) => c.name;

  const known = new Map(options.organisations.map((o) => [normaliseOrganisation(o.name), o]));
  const organisations = [...orgs.entries()]
    .map(([key, entry]) => {
      // The spelling most notifiers used (the first on a tie) names it.
      const name = [...entry.spellings.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? key;
      return { name, count: counter.get(`organisation:${key}`), known: known.has(key) };
    })
    .sort((a, b) => b.count.count - a.count.count || a.name.localeCompare(b.name));
  const notSeen = [...known.entries()]
    .filter(([key]) => !orgs.has(key))
    .map(([, o]) => o)
    .sort((a, b) => a.name.localeCompare(b.name));

  return {
    period,
    months,
    received: counter.get('received'),
    receivedByMonth: months.map((m) => counter.get(`month:${m}`)),
    bySource: NOTIFIER_GROUPS.map((g) => monthlyRow('source', g, NOTIFIER_GROUP_LABELS[g])),
    byCampaign: [
      ...campaignRows.map((c) => monthlyRow('campaign', c.slug, campaignLabel(c))),
      monthlyRow('campaign', NO_CAMPAIGN, 'No campaign'),
    ],
    timing: {
      running: counter.get('timing:running'),
      runningLate: counter.get('timing:running-late'),
      runningMedianDays: median(runningDays),
      proposed: counter.get('timing:proposed'),
      proposedOnTime: counter.get('timing:proposed-on-time'),
      proposedShort: counter.get('timing:proposed-short'),
      proposedMedianDaysAhead: median(proposedDaysAhead),
      unknownStart: counter.get('timing:unknown-start'),
      late: shareOf(counter.get('timing:late'), counter.get('timing:known-start')),
    },
    confirmationBySource: NOTIFIER_GROUPS.map((g) => confirmationRow('source', g, NOTIFIER_GROUP_LABELS[g])),
    confirmationByCampaign: [
      ...campaignRows.map((c) => confirmationRow('campaign', c.slug, campaignLabel(c))),
      confirmationRow('campaign', NO_CAMPAIGN, 'No campaign'),
    ],
    confirmedOverall: shareOf(counter.get('confirm:all:confirmed'), counter.get('confirm:all:decided')),
    organisations,
    notSeen,
    hasOrganisationList: options.organisations.length > 0,
  };
}

/** A count with the words that say what it is: the cases page's heading, the CSV's row. */
export interface LabelledCount extends AwarenessCount {
  section: string;
  label: string;
}

/** Every count on the dashboard, labelled, so a link's `id` finds the cases behind it. */
export function awarenessCounts(f: AwarenessFigures): LabelledCount[] {
  const out: LabelledCount[] = [];
  const add = (section: string, label: string, c: AwarenessCount) => out.push({ ...c, section, label });
  add('Notifications', 'All notifications received', f.received);
  for (const [i, c] of f.receivedByMonth.entries()) add('Notifications', monthLabel(f.months[i] ?? ''), c);
  for (const [section, rows] of [
    ['By who notified', f.bySource],
    ['By campaign', f.byCampaign],
  ] as const) {
    for (const r of rows) {
      add(section, r.label, r.total);
      for (const [i, c] of r.byMonth.entries())
        add(section, `${r.label}, ${monthLabel(f.months[i] ?? '')}`, c);
    }
  }
  const t = f.timing;
  add('Time to notify', 'Running arrangements with a start date', t.running);
  add('Time to notify', 'Running arrangements notified after they began', t.runningLate);
  add('Time to notify', 'Proposed arrangements with a start date', t.proposed);
  add('Time to notify', 'Proposals notified at least 6 weeks ahead', t.proposedOnTime);
  add('Time to notify', 'Proposals notified less than 6 weeks ahead', t.proposedShort);
  add('Time to notify', 'No start date given', t.unknownStart);
  add('Time to notify', 'Notified late', t.late.part);
  add('Time to notify', 'Notifications with a start date', t.late.whole);
  for (const [section, rows] of [
    ['Confirmed as private fostering, by who notified', f.confirmationBySource],
    ['Confirmed as private fostering, by campaign', f.confirmationByCampaign],
  ] as const) {
    for (const r of rows) {
      add(section, `${r.label}: notifications`, r.notifications);
      add(section, `${r.label}: confirmed`, r.confirmed);
      add(section, `${r.label}: not private fostering`, r.notConfirmed);
      add(section, `${r.label}: awaiting a decision`, r.awaiting);
      add(section, `${r.label}: decided`, r.share.whole);
    }
  }
  add('Confirmed as private fostering', 'All sources: confirmed', f.confirmedOverall.part);
  add('Confirmed as private fostering', 'All sources: decided', f.confirmedOverall.whole);
  for (const o of f.organisations) add('Organisations that notified', o.name, o.count);
  return out;
}

/** The cases behind one number, or undefined for an id the figures do not have. */
export function awarenessCount(f: AwarenessFigures, id: string): LabelledCount | undefined {
  return awarenessCounts(f).find((c) => c.id === id);
}

/**
 * The awareness lines of the annual report (NMS 7: how the council promoted awareness and what it
 * achieved), in words a report can quote. The compliance page shows them; the dashboard has more.
 */
export function awarenessReportLines(f: AwarenessFigures): { label: string; value: string; id?: string }[] {
  const pct = (s: AwarenessShare) => (s.percent === null ? 'none decided' : `${s.percent}%`);
  const campaigns = f.byCampaign.filter((r) => r.key !== NO_CAMPAIGN);
  const fromCampaigns = campaigns.reduce((n, r) => n + r.total.count, 0);
  return [
    { label: 'Campaign links', value: String(campaigns.length) },
    { label: 'Notifications from a campaign link', value: String(fromCampaigns) },
    {
      label: 'Confirmed as private fostering by the front door',
      value: `${f.confirmedOverall.part.count} of ${f.confirmedOverall.whole.count} decided (${pct(f.confirmedOverall)})`,
      id: f.confirmedOverall.part.id,
    },
    {
      label: 'Median days from an arrangement starting to notification',
      value: f.timing.runningMedianDays === null ? 'no start dates' : String(f.timing.runningMedianDays),
    },
    {
      label: 'Notified late',
      value: `${f.timing.late.part.count} of ${f.timing.late.whole.count} with a start date (${f.timing.late.percent === null ? 'none' : `${f.timing.late.percent}%`})`,
      id: f.timing.late.part.id,
    },
    { label: 'Organisations that notified', value: String(f.organisations.length) },
  ];
}

/** Where a notice was sent from, for the case summary: the organisation only for professionals. */
export function organisationForSummary(
  role: NotifierRole,
  organisation: string | undefined,
): string | undefined {
  const trimmed = organisation?.trim();
  return trimmed && ORGANISATION_ROLES.includes(role) ? trimmed : undefined;
}

/** The latest date a proposal could be received and still be 6 weeks ahead (regulation 3(1)). */
export const latestTimelyNotice = (startsOn: IsoDate): IsoDate => addDays(startsOn, -PROPOSAL_NOTICE_DAYS);
