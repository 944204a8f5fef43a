/**
 * What each compliance figure counts: the single description. The dashboard and the figures CSV
 * show these words beside each number, and the README's "Figure definitions" section is written
 * from them (`npm run figures:readme`; test/unit/figure-definitions.test.ts fails when the README
 * and this list differ). The rules themselves are in compliance.ts, arrangement-span.ts and
 * visit-timeliness.ts; the tests count each figure by hand on seeded cases.
 *
 * Dates are the council's local (Europe/London) dates. "The cut-off" is the end of the period, or
 * today if the period has not ended yet, so nothing is counted late before it could be.
 */
/** What a figure counts, singular. */
export type FigureUnit = 'case' | 'visit' | 'visit interval' | 'request' | 'check' | 'decision';

export interface FigureDefinition {
  /** Stable id, used in links to the cases behind it. `{role}` and `{reason}` stand for each value. */
  id: string;
  section: string;
  /** `{role}`, `{reason}`: the value's label; `{start}`: the day before the period; `{cutoff}`. */
  label: string;
  unit: FigureUnit;
  definition: string;
}

const ARRANGEMENT =
  'An arrangement starts on the London date of the notification if it was already running then ' +
  '(regulation 5; reg 8(6): it begins when the council becomes aware of it), or on the date the ' +
  'council was told the child moved in, for a proposal (regulations 3 and 6). It ends on its ' +
  'recorded end date or on the 16th birthday (18th if disabled, Children Act 1989 s.66), whichever ' +
  'is sooner. A notification linked as a duplicate of another case, one decided "not private ' +
  'fostering" (by the assessment or the front door), a proposal whose child never moved in, and ' +
  'one over (or of a child past the age limit) when notified are not arrangements in any of these ' +
  'figures, so open at the start + started − ended = open at the end.';

export const FIGURE_DEFINITIONS: readonly FigureDefinition[] = [
  {
    id: 'notifications',
    section: 'Notifications received',
    label: 'All notifications',
    unit: 'case',
    definition: 'Cases whose notification arrived in the period (London date), duplicates included.',
  },
  {
    id: 'notifications.{role}',
    section: 'Notifications received',
    label: '{role}',
    unit: 'case',
    definition: 'Notifications in the period from this kind of notifier.',
  },
  {
    id: 'notifications.duplicates',
    section: 'Notifications received',
    label: 'Linked as duplicates of another case',
    unit: 'case',
    definition:
      "Notifications in the period that staff linked as a duplicate of another case's arrangement: counted here, and nowhere else.",
  },
  {
    id: 'arrangements.open-at-start',
    section: 'Arrangements',
    label: 'Open on {start}',
    unit: 'case',
    definition: `Arrangements open at the start of the period: started by the day before it, not ended by then. ${ARRANGEMENT}`,
  },
  {
    id: 'arrangements.started',
    section: 'Arrangements',
    label: 'Started',
    unit: 'case',
    definition:
      'Arrangements that started in the period (to the cut-off): running when notified, or a proposal whose move-in was recorded. Arrangements, not notifications.',
  },
  {
    id: 'arrangements.ended',
    section: 'Arrangements',
    label: 'Ended',
    unit: 'case',
    definition:
      'Arrangements whose end (the recorded end date, or the age limit if sooner) fell in the period, to the cut-off.',
  },
  {
    id: 'arrangements.ended.{reason}',
    section: 'Arrangements',
    label: 'Ended: {reason}',
    unit: 'case',
    definition: 'Ends in the period recorded with this reason.',
  },
  {
    id: 'arrangements.ended.age-limit-unrecorded',
    section: 'Arrangements',
    label: 'Ended: reached 16 (18 if disabled), end not recorded',
    unit: 'case',
    definition:
      'Arrangements that stopped being private fostering at the age limit in the period, with no end recorded on or before it (or one recorded later with another reason).',
  },
  {
    id: 'arrangements.open',
    section: 'Arrangements',
    label: 'Open on {cutoff}',
    unit: 'case',
    definition:
      'Arrangements open at the cut-off: started by then, not ended, and the child not past 16 (18 if disabled) even where no end was recorded.',
  },
  {
    id: 'arrangements.past-age-limit-unrecorded',
    section: 'Arrangements',
    label: 'Past 16 (18 if disabled) with no end recorded',
    unit: 'case',
    definition:
      'Arrangements left out of the open figure because the child reached the age limit on or before the cut-off, whose end nobody has recorded: records to put right.',
  },
  {
    id: 'initial-visits.met',
    section: 'Initial visits (regulations 4 and 7)',
    label: 'Within 7 working days',
    unit: 'case',
    definition:
      'Initial visits due in the period (7 working days after the London date of the notification) made on or before the due date, as a share of those due in the period that were made on time, made late, or not made by the cut-off. A visit dated before the notification never counts. Not counted: visits not yet due, arrangements that ended before the visit fell due, duplicates and those decided not private fostering.',
  },
  {
    id: 'initial-visits.late',
    section: 'Initial visits (regulations 4 and 7)',
    label: 'Made late',
    unit: 'case',
    definition: 'Made after the due date.',
  },
  {
    id: 'initial-visits.not-made',
    section: 'Initial visits (regulations 4 and 7)',
    label: 'Not made, and overdue',
    unit: 'case',
    definition:
      'No visit by the cut-off, with the due date passed. The cases CSV gives the weeks since it fell due, and each 6 weeks since counts as a missed regulation 8 deadline.',
  },
  {
    id: 'visits.never-visited',
    section: 'Initial visits (regulations 4 and 7)',
    label: 'Children not visited at all by the cut-off',
    unit: 'case',
    definition:
      'Arrangements still live at the cut-off whose initial visit is overdue with no visit made: these children are in the initial visit and regulation 8 figures as missed, never left out.',
  },
  {
    id: 'visits.before-notification',
    section: 'Initial visits (regulations 4 and 7)',
    label: 'Visits dated before the notification (not counted)',
    unit: 'visit',
    definition:
      "Visits recorded with a date before the notification's London date: they meet no visit in any figure, as in the statutory clock. Records to check.",
  },
  {
    id: 'regulation-8.first-year.met',
    section: 'Regulation 8 visits',
    label: 'On time in the first year',
    unit: 'visit interval',
    definition:
      'Regulation 8 deadlines in the first year (6 weeks after a visit; the year counts from the notification, reg 8(6)) that fell in the period and were met by the next visit, as a share of all such deadlines met or missed. A deadline passed with no visit is missed, and the next runs from it, so every 6 weeks without a visit is another missed deadline; a child never visited has deadlines from the initial visit due date. A proposal has none before the move-in. Not counted: deadlines on or after the end or the age limit.',
  },
  {
    id: 'regulation-8.first-year.not-met',
    section: 'Regulation 8 visits',
    label: 'Missed in the first year',
    unit: 'visit interval',
    definition: 'First-year deadlines in the period passed with no visit by the cut-off.',
  },
  {
    id: 'regulation-8.later-years.met',
    section: 'Regulation 8 visits',
    label: 'On time in later years',
    unit: 'visit interval',
    definition:
      'As for the first year, with deadlines 12 weeks after a visit in the second and later years of the arrangement.',
  },
  {
    id: 'regulation-8.later-years.not-met',
    section: 'Regulation 8 visits',
    label: 'Missed in later years',
    unit: 'visit interval',
    definition: 'Later-year deadlines in the period passed with no visit by the cut-off.',
  },
  {
    id: 'requested-visits.met',
    section: 'Visits on request (regulation 8)',
    label: 'Made within the timescale',
    unit: 'request',
    definition:
      "Requests from the child, carer, a parent or someone else whose due date (the council's timescale, default 7 working days after the request: local practice, as regulation 8 sets none) fell in the period, met by a visit of any kind on or after the request and by the due date; as a share of those made on time, made late, or not made by the cut-off.",
  },
  {
    id: 'requested-visits.late',
    section: 'Visits on request (regulation 8)',
    label: 'Made late',
    unit: 'request',
    definition: 'The first visit on or after the request came after its due date.',
  },
  {
    id: 'requested-visits.not-made',
    section: 'Visits on request (regulation 8)',
    label: 'Not made, and overdue',
    unit: 'request',
    definition: 'No visit on or after the request by the cut-off, with the due date passed.',
  },
  {
    id: 'safety-plans.met',
    section: 'Interim safety plans while DBS is delayed',
    label: 'In place on time',
    unit: 'case',
    definition:
      'Cases whose interim safety plan fell due in the period (a DBS check recorded as delayed, completed late, or outstanding past its due date; the plan is due a set number of working days, default 5, after the DBS check was: local practice, Ofsted Croydon 2024), agreed by its due date; as a share of those agreed on time, agreed late, or not in place.',
  },
  {
    id: 'safety-plans.late',
    section: 'Interim safety plans while DBS is delayed',
    label: 'Agreed late',
    unit: 'case',
    definition: 'Agreed after the due date.',
  },
  {
    id: 'safety-plans.not-made',
    section: 'Interim safety plans while DBS is delayed',
    label: 'Not in place',
    unit: 'case',
    definition:
      'No plan agreed by the cut-off with the due date passed, or the DBS check was completed after the due date with no plan ever agreed.',
  },
  {
    id: 'seen-alone.met',
    section: 'Children seen alone (regulation 8(3))',
    label: 'Visits where the child was seen alone',
    unit: 'visit',
    definition:
      'Visits in the period (to the cut-off) at which the child was seen alone, as a share of the visits at which the child was seen alone or not seen alone. Visits where seeing the child alone was judged not appropriate are counted apart.',
  },
  {
    id: 'seen-alone.not-met',
    section: 'Children seen alone (regulation 8(3))',
    label: 'Visits where the child was not seen alone',
    unit: 'visit',
    definition:
      'Visits in the period at which the child was not seen alone and no reg 8(3) judgement was recorded.',
  },
  {
    id: 'seen-alone.not-appropriate',
    section: 'Children seen alone (regulation 8(3))',
    label: 'Visits where seeing the child alone was judged not appropriate',
    unit: 'visit',
    definition:
      'Visits in the period at which the officer judged seeing the child alone not appropriate and recorded why (regulation 8(3)).',
  },
  {
    id: 'seen-alone.children.met',
    section: 'Children seen alone (regulation 8(3))',
    label: 'Children seen alone at every visit',
    unit: 'case',
    definition:
      'Children visited in the period who were seen alone at every visit in it (visits judged not appropriate aside), as a share of these, the children not seen alone at one or more visits, and the children with a visit due in the period who had none in it.',
  },
  {
    id: 'seen-alone.children.not-met',
    section: 'Children seen alone (regulation 8(3))',
    label: 'Children not seen alone at one or more visits',
    unit: 'case',
    definition:
      'Children not seen alone at one or more visits in the period, with no reg 8(3) judgement recorded.',
  },
  {
    id: 'seen-alone.children.not-visited',
    section: 'Children seen alone (regulation 8(3))',
    label: 'Children with a visit due but not visited in the period',
    unit: 'case',
    definition:
      'Children with an initial visit or a regulation 8 deadline missed in the period and no visit in it: not seen at all, so not seen alone.',
  },
  {
    id: 'seen-alone.children.not-appropriate',
    section: 'Children seen alone (regulation 8(3))',
    label: 'Children for whom seeing alone was judged not appropriate at every visit',
    unit: 'case',
    definition:
      'Children visited in the period for whom seeing alone was judged not appropriate at every visit in it.',
  },
  {
    id: 'checks.completed',
    section: 'Checks',
    label: 'Completed',
    unit: 'check',
    definition: 'Checks with a completion date in the period.',
  },
  {
    id: 'checks.outstanding',
    section: 'Checks',
    label: 'Outstanding',
    unit: 'check',
    definition:
      "Checks the council's policy requires (and optional ones recorded) not completed by the cut-off, for cases live then (a proposal before its move-in included).",
  },
  {
    id: 'checks.overdue',
    section: 'Checks',
    label: 'Overdue',
    unit: 'check',
    definition: 'Outstanding checks whose due date has passed.',
  },
  {
    id: 'decisions',
    section: 'Time from notification to decision',
    label: 'Decisions made (with the median days from notification to decision)',
    unit: 'decision',
    definition:
      'Decisions dated in the period: calendar days from the notification (London date) to the date the assessment was approved; the median. The count is the number of decisions.',
  },
];

export function figureDefinition(id: string): FigureDefinition {
  const d = FIGURE_DEFINITIONS.find((f) => f.id === id);
  if (!d) throw new Error(`No figure definition ${id}`);
  return d;
}

/** The README's "Figure definitions" table, between its markers. */
export function figureDefinitionsMarkdown(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| Section | Figure | Counts | Definition |', '|---|---|---|---|'];
  for (const d of FIGURE_DEFINITIONS) {
    const label = d.label
      .replace('{role}', 'By source (each kind of notifier)')
      .replace('{reason}', 'by reason (each end reason)')
      .replace('{start}', 'the day before the period')
      .replace('{cutoff}', 'the cut-off');
    lines.push(`| ${cell(d.section)} | ${cell(label)} | ${d.unit}s | ${cell(d.definition)} |`);
  }
  return `${lines.join('\n')}\n`;
}

export const README_MARKERS = {
  start: '<!-- figure-definitions:start (written by npm run figures:readme) -->',
  end: '<!-- figure-definitions:end -->',
} as const;

/** The README with its figure definitions section replaced by the current definitions. */
export function withFigureDefinitions(readme: string): string {
  const start = readme.indexOf(README_MARKERS.start);
  const end = readme.indexOf(README_MARKERS.end);
  if (start < 0 || end < start) throw new Error('The README has no figure definitions markers');
  return `${readme.slice(0, start + README_MARKERS.start.length)}\n${figureDefinitionsMarkdown()}${readme.slice(end)}`;
}
