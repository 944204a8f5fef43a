import * as z from 'zod/mini';
import { address, text } from '../../../shared/web/fields.ts';
import { addressLines, definePage, NOT_GIVEN, nonEmpty } from '../page.ts';
import { listField, tooMany } from './list.ts';

const MAX = 10;

/**
 * Schedule 1, paragraph 4: parents and anyone with parental responsibility. Ofsted (Cumberland,
 * 2024) found referrals "lacking … parents' details": missing ones are shown as a gap.
 */
export const parentsPage = definePage({
  id: 'parents',
  path: '/parents',
  template: 'parents.njk',
  title: 'Parents and people with parental responsibility',
  section: 'Parents',
  list: { field: 'items', max: MAX, noun: 'person' },
  fields: () =>
    z.object({
      items: listField(
        z.object({
          name: text({ label: 'Full name', max: 200 }),
          relationship: text({ label: 'Relationship to the child', max: 200 }),
          address: address({ ukPostcode: false }),
          contact: text({ label: 'Phone number or email address', max: 200 }),
        }),
      ),
    }),
  check: (v) => tooMany(v.items, MAX, 'people'),
  toValue: (v) => nonEmpty(v.items),
  summary: (v) =>
    v?.length
      ? v.map((p, i) => ({
          key: `Parent ${i + 1}`,
          field: `items-${i}-name`,
          lines: [
            p.name ?? 'Name not given',
            ...(p.relationship ? [`Relationship: ${p.relationship}`] : []),
            ...(p.address ? addressLines(p.address) : ['Address not given']),
            ...(p.contact ? [`Contact: ${p.contact}`] : []),
          ],
        }))
      : [{ key: 'Parents', field: 'items-0-name', lines: [NOT_GIVEN] }],
});
