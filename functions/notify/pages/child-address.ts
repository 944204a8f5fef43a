import * as z from 'zod/mini';
import { address, choice } from '../../../shared/web/fields.ts';
import { addressLines, definePage, line } from '../page.ts';

const WHERE = ['carer', 'elsewhere', 'unknown'] as const;
export const WHERE_LABELS: Record<(typeof WHERE)[number], string> = {
  carer: 'At the carer’s address',
  elsewhere: 'Somewhere else',
  unknown: 'I do not know',
};

/** Schedule 1, paragraph 1: the child's current address (usually the carer's). */
export const childAddressPage = definePage({
  id: 'child-address',
  path: '/where-the-child-lives',
  template: 'child-address.njk',
  title: 'Where does the child live now?',
  section: 'The child',
  fields: () =>
    z.object({
      livesAt: choice(WHERE, 'Select where the child lives now'),
      address: address({ ukPostcode: true }),
    }),
  check: (v) =>
    v.livesAt === 'elsewhere' && !v.address
      ? [{ id: 'address-line1', text: "Enter the child's address, or select another answer" }]
      : [],
  // The address is kept only for "somewhere else": with JavaScript off, the revealed fields are
  // always on the page, and a stray answer there must not become the child's address.
  toValue: (v) => ({ livesAt: v.livesAt, address: v.livesAt === 'elsewhere' ? v.address : undefined }),
  summary: (v) => [
    {
      key: 'Where the child lives',
      field: 'livesAt',
      lines:
        v?.livesAt === 'elsewhere' ? addressLines(v.address) : line(v?.livesAt && WHERE_LABELS[v.livesAt]),
    },
  ],
  viewData: () => ({ whereItems: WHERE.map((value) => ({ value, text: WHERE_LABELS[value] })) }),
});
