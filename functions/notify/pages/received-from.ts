import * as z from 'zod/mini';
import { address, choice, text } from '../../../shared/web/fields.ts';
import { addressLines, definePage, line } from '../page.ts';

const FROM = ['parent', 'someone-else', 'unknown'] as const;
export const FROM_LABELS: Record<(typeof FROM)[number], string> = {
  parent: 'A parent or someone with parental responsibility',
  'someone-else': 'Someone else',
  unknown: 'I do not know',
};

/** Schedule 1, paragraph 4: the person the child was received from, if not a parent. */
export const receivedFromPage = definePage({
  id: 'received-from',
  path: '/received-from',
  template: 'received-from.njk',
  title: 'Who did the carer receive the child from?',
  section: 'Parents',
  fields: () =>
    z.object({
      from: choice(FROM, 'Select who the carer received the child from'),
      name: text({ label: 'Full name', max: 200 }),
      address: address({ ukPostcode: false }),
      contact: text({ label: 'Phone number or email address', max: 200 }),
    }),
  // The person's details count only for "someone else" (the fields show with JavaScript off).
  toValue: (v) =>
    v.from === 'someone-else'
      ? {
          from: v.from,
          person: { name: v.name, address: v.address, contact: v.contact },
        }
      : { from: v.from, person: undefined },
  summary: (v) => [
    {
      key: 'Received the child from',
      field: 'from',
      lines:
        v?.from === 'someone-else' && v.person
          ? [
              v.person.name ?? 'Name not given',
              ...(v.person.address ? addressLines(v.person.address) : []),
              ...(v.person.contact ? [`Contact: ${v.person.contact}`] : []),
            ]
          : line(v?.from && FROM_LABELS[v.from]),
    },
  ],
  viewData: () => ({ fromItems: FROM.map((value) => ({ value, text: FROM_LABELS[value] })) }),
});
