import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { END_REASON_LABELS } from '../../shared/domain/case-vocabulary.ts';
import { complianceFigures, figureRows } from '../../shared/domain/compliance.ts';
import {
  FIGURE_DEFINITIONS,
  README_MARKERS,
  withFigureDefinitions,
} from '../../shared/domain/figures/definitions.ts';
import { NOTIFIER_ROLE_LABELS } from '../../shared/domain/notification.ts';
import { defaultCalendar } from '../../shared/domain/working-days.ts';

describe('the figure definitions are one description', () => {
  it('the README section is the one written from shared/domain/figures/definitions.ts (npm run figures:readme)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(README_MARKERS.start);
    expect(withFigureDefinitions(readme)).toBe(readme);
  });

  it('every dashboard row carries its definition from the list, and every definition is used', () => {
    const f = complianceFigures([], { from: '2026-04-01', to: '2027-03-31' }, defaultCalendar);
    const rows = figureRows(f, { source: NOTIFIER_ROLE_LABELS, endReason: END_REASON_LABELS });
    const used = new Set<string>();
    for (const row of rows) {
      // A row is its definition's id, or the id with `{role}` / `{reason}` filled in.
      const d =
        FIGURE_DEFINITIONS.find((x) => x.id === row.id) ??
        FIGURE_DEFINITIONS.find(
          (x) => x.id.includes('{') && new RegExp(`^${x.id.replace(/\{\w+\}/, '[a-z-]+')}$`).test(row.id),
        );
      expect(d, row.id).toBeDefined();
      if (!d) continue;
      used.add(d.id);
      expect(row.definition.startsWith(d.definition), row.id).toBe(true);
      expect(row.unit).toBe(d.unit);
    }
    expect([...used].sort()).toEqual(FIGURE_DEFINITIONS.map((d) => d.id).sort());
  });
});
