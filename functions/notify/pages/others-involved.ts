import * as z from 'zod/mini';
import { address, text } from '../../../shared/web/fields.ts';
import { addressLines, definePage, NOT_GIVEN, nonEmpty } from '../page.ts';
import { listField, tooMany } from './list.ts';

const MAX = 10;

/** Schedule 1, paragraph 6: anyone else involved in arranging it (agency, language school…). */
export const othersInvolvedPage = definePage({
  id: 'others-involved',
  path: '/others-involved',
  template: 'others-involved.njk',
  title: 'Anyone else involved in arranging it',
  section: 'Others involved',
  list: { field: 'items', max: MAX, noun: 'person or organisation' },
  fields: () =>
    z.object({
      items: listField(
        z.object({
          name: text({ label: 'Name', max: 200 }),
          organisation: text({ label: 'Organisation', max: 200 }),
          address: address({ ukPostcode: false }),
          contact: text({ label: 'Phone number or email address', max: 200 }),
        }),
      ),
    }),
  check: (v) => tooMany(v.items, MAX, 'people or organisations'),
  toValue: (v) => nonEmpty(v.items),
  summary: (v) =>
    v?.length
      ? v.map((p, i) => ({
          key: `Involved ${i + 1}`,
          field: `items-${i}-name`,
          lines: [
            p.name ?? 'Name not given',
            ...(p.organisation ? [p.organisation] : []),
            ...(p.address ? addressLines(p.address) : []),
            ...(p.contact ? [`Contact: ${p.contact}`] : []),
          ],
        }))
      : [{ key: 'Anyone else involved', field: 'items-0-name', lines: [NOT_GIVEN] }],
});
