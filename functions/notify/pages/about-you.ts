import * as z from 'zod/mini';
import { NOTIFIER_ROLE_LABELS, NOTIFIER_ROLES } from '../../../shared/domain/notification.ts';
import { choice, text } from '../../../shared/web/fields.ts';
import { definePage, line } from '../page.ts';

/** Schedule 1, paragraph 2: who is notifying. */
export const aboutYouPage = definePage({
  id: 'about-you',
  path: '/about-you',
  template: 'about-you.njk',
  title: 'About you',
  section: 'About you',
  fields: () =>
    z.object({
      role: choice(NOTIFIER_ROLES, 'Select who you are'),
      organisation: text({ label: 'Organisation', max: 200 }),
      name: text({ label: 'Full name', max: 200, required: 'Enter your full name' }),
      jobTitle: text({ label: 'Job title', max: 200 }),
    }),
  toValue: (v) => ({ ...v, role: v.role ?? 'other' }),
  summary: (v) => [
    { key: 'Who you are', field: 'role', lines: line(v && NOTIFIER_ROLE_LABELS[v.role]) },
    { key: 'Organisation', field: 'organisation', lines: line(v?.organisation) },
    { key: 'Full name', field: 'name', lines: line(v?.name) },
    { key: 'Job title', field: 'jobTitle', lines: line(v?.jobTitle) },
  ],
  viewData: () => ({
    roleItems: NOTIFIER_ROLES.map((value) => ({ value, text: NOTIFIER_ROLE_LABELS[value] })),
  }),
});
