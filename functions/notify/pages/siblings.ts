import * as z from 'zod/mini';
import { address, text } from '../../../shared/web/fields.ts';
import { addressLines, definePage, NOT_GIVEN, nonEmpty } from '../page.ts';
import { listField, tooMany } from './list.ts';

const MAX = 20;

/** Schedule 1, paragraph 5: brothers and sisters under 18, where they live, who cares for them. */
export const siblingsPage = definePage({
  id: 'siblings',
  path: '/brothers-and-sisters',
  template: 'siblings.njk',
  title: 'Brothers and sisters under 18',
  section: 'Brothers and sisters',
  list: { field: 'items', max: MAX, noun: 'brother or sister' },
  fields: () =>
    z.object({
      items: listField(
        z.object({
          name: text({ label: 'Full name', max: 200 }),
          address: address({ ukPostcode: false }),
          careArrangements: text({ label: 'Who looks after them', max: 500 }),
        }),
      ),
    }),
  check: (v) => tooMany(v.items, MAX, 'brothers and sisters'),
  toValue: (v) => nonEmpty(v.items),
  summary: (v) =>
    v?.length
      ? v.map((p, i) => ({
          key: `Brother or sister ${i + 1}`,
          field: `items-${i}-name`,
          lines: [
            p.name ?? 'Name not given',
            ...(p.address ? addressLines(p.address) : []),
            ...(p.careArrangements ? [`Looked after by: ${p.careArrangements}`] : []),
          ],
        }))
      : [{ key: 'Brothers and sisters', field: 'items-0-name', lines: [NOT_GIVEN] }],
});
