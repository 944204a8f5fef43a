import * as z from 'zod/mini';
import { text } from '../../../shared/web/fields.ts';
import { answerOf, definePage, line } from '../page.ts';
import { aboutYouPage } from './about-you.ts';

/** Schedule 1, paragraph 1: place of birth, religion, racial origin, culture and language. */
export const childBackgroundPage = definePage({
  id: 'child-background',
  path: '/about-the-child',
  template: 'child-background.njk',
  title: "The child's background",
  section: 'The child',
  fields: () =>
    z.object({
      placeOfBirth: text({ label: 'Place of birth', max: 200 }),
      religion: text({ label: 'Religion', max: 200 }),
      ethnicity: text({ label: 'Ethnicity', max: 200 }),
      languageAndCulture: text({
        label: 'First language and cultural background',
        max: 2000,
        multiline: true,
      }),
      school: text({ label: 'School or college', max: 200 }),
    }),
  toValue: (v) => v,
  // A teacher notifying about a pupil: the school is most likely their own. Shown, not saved, until
  // the notifier continues, so they can change or clear it.
  prefill: (ctx) => {
    const notifier = answerOf(aboutYouPage, ctx);
    return notifier?.role === 'school' && notifier.organisation
      ? { school: notifier.organisation }
      : undefined;
  },
  summary: (v) => [
    { key: 'Place of birth', field: 'placeOfBirth', lines: line(v?.placeOfBirth) },
    { key: 'Religion', field: 'religion', lines: line(v?.religion) },
    { key: 'Ethnicity', field: 'ethnicity', lines: line(v?.ethnicity) },
    {
      key: 'First language and cultural background',
      field: 'languageAndCulture',
      lines: line(v?.languageAndCulture),
    },
    { key: 'School or college', field: 'school', lines: line(v?.school) },
  ],
});
