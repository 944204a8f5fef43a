import * as z from 'zod/mini';
import { address, phone, text } from '../../../shared/web/fields.ts';
import { addressLines, definePage, line } from '../page.ts';

/** Schedule 1, paragraph 3: the proposed or current carer. */
export const carerPage = definePage({
  id: 'carer',
  path: '/the-carer',
  template: 'carer.njk',
  title: 'The carer',
  section: 'The carer and household',
  fields: () =>
    z.object({
      name: text({ label: "The carer's full name or names", max: 200 }),
      relationship: text({ label: 'Relationship to the child', max: 200 }),
      phone: phone({ label: 'phone number' }),
      address: address({ ukPostcode: true }),
    }),
  toValue: (v) => v,
  summary: (v) => [
    { key: 'Full name or names', field: 'name', lines: line(v?.name) },
    { key: 'Relationship to the child', field: 'relationship', lines: line(v?.relationship) },
    { key: 'Address', field: 'address-line1', lines: addressLines(v?.address) },
    { key: 'Phone number', field: 'phone', lines: line(v?.phone) },
  ],
});
