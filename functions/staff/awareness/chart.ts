import {
  type AwarenessFigures,
  monthLabel,
  NOTIFIER_GROUP_LABELS,
  NOTIFIER_GROUPS,
  type NotifierGroup,
  shortMonthLabel,
} from '../../../shared/domain/awareness.ts';

/**
 * The month-by-month chart as shapes for the template to draw as SVG: a bar a month, stacked by
 * who notified. Drawn on the server, so it needs no JavaScript. Colour is never the only way to
 * read it: the SVG has a text alternative (every month's total) and the table beside it gives
 * every number by source, each a link to its cases (WCAG 1.1.1, 1.4.1).
 */

/** GOV.UK colours, each with at least 3:1 contrast against white (WCAG 1.4.11). */
const COLOURS: Record<NotifierGroup, string> = {
  school: '#1d70b8',
  health: '#00703c',
  faith: '#4c2c92',
  parent: '#d4351c',
  carer: '#b58840',
  agency: '#28a197',
  other: '#505a5f',
};

const WIDTH = 640;
const HEIGHT = 260;
const LEFT = 40;
const BOTTOM = 30;
const TOP = 10;

export interface ChartModel {
  width: number;
  height: number;
  title: string;
  description: string;
  axis: { y: number; label: string }[];
  baseline: { x1: number; x2: number; y: number };
  bars: {
    x: number;
    width: number;
    label: string;
    labelX: number;
    segments: { y: number; height: number; colour: string }[];
  }[];
  legend: { label: string; colour: string }[];
}

export function notificationsChart(f: AwarenessFigures): ChartModel {
  const totals = f.receivedByMonth.map((m) => m.count);
  const max = Math.max(1, ...totals);
  // Gridlines at whole numbers: 1, 2 or 5 times a power of ten, about four of them.
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? power;
  const top = Math.ceil(max / step) * step;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const scale = (n: number) => (n / top) * plotHeight;
  const slot = (WIDTH - LEFT) / Math.max(1, f.months.length);
  const barWidth = Math.max(4, slot * 0.6);

  const bars = f.months.map((month, i) => {
    let y = HEIGHT - BOTTOM;
    const segments = NOTIFIER_GROUPS.flatMap((g) => {
      const count = f.bySource.find((r) => r.key === g)?.byMonth[i]?.count ?? 0;
      if (count === 0) return [];
      const h = scale(count);
      y -= h;
      return [{ y: round(y), height: round(h), colour: COLOURS[g] }];
    });
    const x = LEFT + i * slot + (slot - barWidth) / 2;
    return {
      x: round(x),
      width: round(barWidth),
      label: shortMonthLabel(month),
      labelX: round(x + barWidth / 2),
      segments,
    };
  });

  const axis: ChartModel['axis'] = [];
  for (let v = 0; v <= top; v += step) axis.push({ y: round(HEIGHT - BOTTOM - scale(v)), label: String(v) });

  const first = f.months[0];
  const last = f.months.at(-1);
  return {
    width: WIDTH,
    height: HEIGHT,
    title: `Notifications received each month${first && last ? `, ${monthLabel(first)} to ${monthLabel(last)}` : ''}`,
    description: `${f.received.count} in all. ${f.months
      .map((m, i) => `${monthLabel(m)}: ${totals[i] ?? 0}`)
      .join('; ')}. Each bar is split by who notified; the table after the chart gives every number.`,
    axis,
    baseline: { x1: LEFT, x2: WIDTH, y: HEIGHT - BOTTOM },
    bars,
    legend: NOTIFIER_GROUPS.map((g) => ({ label: NOTIFIER_GROUP_LABELS[g], colour: COLOURS[g] })),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
