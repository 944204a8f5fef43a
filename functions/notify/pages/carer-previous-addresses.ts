import * as z from 'zod/mini';
import { postcode, text } from '../../../shared/web/fields.ts';
import { addressLines, definePage, NOT_GIVEN, nonEmpty } from '../page.ts';
import { listField, tooMany } from './list.ts';

const MAX = 10;

/** Schedule 1, paragraph 3: the carer's addresses in the previous five years. */
export const carerPreviousAddressesPage = definePage({
  id: 'carer-previous-addresses',
  path: '/carer-previous-addresses',
  template: 'carer-previous-addresses.njk',
  title: "The carer's previous addresses",
  section: 'The carer and household',
  list: { field: 'items', max: MAX, noun: 'address' },
  fields: () =>
    z.object({
      items: listField(
        z.object({
          line1: text({ label: 'Address line 1', max: 200 }),
          line2: text({ label: 'Address line 2', max: 200 }),
          town: text({ label: 'Town or city', max: 100 }),
          postcode: postcode({ uk: false }),
          country: text({ label: 'Country', max: 100 }),
        }),
      ),
    }),
  check: (v) => tooMany(v.items, MAX, 'addresses'),
  toValue: (v) => nonEmpty(v.items),
  summary: (v) =>
    v?.length
      ? v.map((a, i) => ({
          key: `Previous address ${i + 1}`,
          field: `items-${i}-line1`,
          lines: addressLines(a),
        }))
      : [{ key: 'Previous addresses', field: 'items-0-line1', lines: [NOT_GIVEN] }],
});
