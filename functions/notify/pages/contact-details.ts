import * as z from 'zod/mini';
import { address, email, phone } from '../../../shared/web/fields.ts';
import { addressLines, definePage, line } from '../page.ts';

/** The only ways the council can follow up: one of the two is the minimum to submit. */
export const contactDetailsPage = definePage({
  id: 'contact-details',
  path: '/your-contact-details',
  template: 'contact-details.njk',
  title: 'Your contact details',
  section: 'About you',
  fields: () =>
    z.object({
      email: email(),
      phone: phone(),
      workAddress: address({ ukPostcode: true }),
    }),
  check: (v) =>
    !v.email && !v.phone
      ? [{ id: 'email', text: 'Enter an email address or a phone number, so the council can contact you' }]
      : [],
  toValue: (v) => v,
  summary: (v) => [
    { key: 'Email address', field: 'email', lines: line(v?.email) },
    { key: 'Phone number', field: 'phone', lines: line(v?.phone) },
    { key: 'Work address', field: 'workAddress-line1', lines: addressLines(v?.workAddress) },
  ],
});
