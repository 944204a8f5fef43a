import * as z from 'zod/mini';
import { text } from '../../../shared/web/fields.ts';
import { definePage, NOT_GIVEN, nonEmpty } from '../page.ts';
import { listField, tooMany } from './list.ts';

const MAX = 20;

/** Other people living in the carer's home (checks cover every household member). */
export const householdPage = definePage({
  id: 'household',
  path: '/household',
  template: 'household.njk',
  title: 'Other people living in the home',
  section: 'The carer and household',
  list: { field: 'items', max: MAX, noun: 'person' },
  fields: () =>
    z.object({
      items: listField(
        z.object({
          name: text({ label: 'Full name', max: 200 }),
          approximateAge: text({ label: 'Approximate age', max: 50 }),
          relationship: text({ label: 'Relationship to the carer', max: 200 }),
        }),
      ),
    }),
  check: (v) => tooMany(v.items, MAX, 'people'),
  toValue: (v) => nonEmpty(v.items),
  summary: (v) =>
    v?.length
      ? v.map((p, i) => ({
          key: `Household member ${i + 1}`,
          field: `items-${i}-name`,
          lines: [
            p.name ?? 'Name not given',
            ...(p.approximateAge ? [`Age: ${p.approximateAge}`] : []),
            ...(p.relationship ? [`Relationship to the carer: ${p.relationship}`] : []),
          ],
        }))
      : [{ key: 'Other people in the home', field: 'items-0-name', lines: [NOT_GIVEN] }],
});
