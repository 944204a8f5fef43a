/**
 * The annual figures in the shape of the old national PF1 return (private fostering arrangements,
 * collected by the DfE until it stopped in 2016: domain.md "What the annual report (NMS 7) needs"),
 * so councils can compare year on year and with each other. Every number is one of the compliance
 * figures (compliance.ts): this module only arranges them, it defines nothing.
 */
import type { ComplianceFigures, Share } from './compliance.ts';

export interface Pf1Line {
  item: string;
  count: number;
  /** For a share: how many it is out of, and the percentage (null when out of none). */
  outOf: number | null;
  percent: number | null;
}

const shareLine = (item: string, s: Share): Pf1Line => ({
  item,
  count: s.met.count,
  outOf: s.total.count,
  percent: s.percent,
});

const countLine = (item: string, count: number): Pf1Line => ({ item, count, outOf: null, percent: null });

/** Regulation 8 visits on time, first year and later years together (the PF1 asked for one figure). */
function allRegulation8(f: ComplianceFigures): Share {
  const first = f.regulation8Visits.firstYear;
  const later = f.regulation8Visits.laterYears;
  const met = first.met.count + later.met.count;
  const total = first.total.count + later.total.count;
  const refs = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();
  return {
    percent: total === 0 ? null : Math.round((1000 * met) / total) / 10,
    met: { count: met, references: refs(first.met.references, later.met.references) },
    notMet: {
      count: total - met,
      references: refs(first.notMet.references, later.notMet.references),
    },
    total: { count: total, references: refs(first.total.references, later.total.references) },
  };
}

/** The PF1-shaped lines for a period's figures (the period end stands for "31 March"). */
export function pf1Lines(f: ComplianceFigures): Pf1Line[] {
  return [
    countLine('Notifications received', f.notifications.total.count),
    countLine('Arrangements started', f.arrangements.started.count),
    countLine('Arrangements ended', f.arrangements.ended.count),
    countLine(
      'Arrangements open at the period end (31 March for a financial year)',
      f.arrangements.openAtPeriodEnd.count,
    ),
    shareLine('Initial visits within 7 working days', f.initialVisits),
    shareLine('Regulation 8 visits on time', allRegulation8(f)),
    shareLine('Regulation 8 visits on time, first year', f.regulation8Visits.firstYear),
    shareLine('Regulation 8 visits on time, later years', f.regulation8Visits.laterYears),
    shareLine('Visits at which the child was seen alone', f.childrenSeenAlone),
  ];
}
