import * as z from 'zod/mini';
import { choice, text } from '../../../shared/web/fields.ts';
import { answerOf, definePage, line, type PageContext } from '../page.ts';
import { aboutYouPage } from './about-you.ts';

const ANSWERS = ['yes', 'no', 'not-sure'] as const;
type Answer = (typeof ANSWERS)[number];
const LABELS: Record<Answer, string> = { yes: 'Yes', no: 'No', 'not-sure': 'I’m not sure' };
/** "I'm not sure" is the stored "unknown", as on "Is this private fostering?". */
export const SUITABILITY_STORED: Record<Answer, 'yes' | 'no' | 'unknown'> = {
  yes: 'yes',
  no: 'no',
  'not-sure': 'unknown',
};

/** Only a carer telling us about their own arrangement is asked about their household. */
export const carerIsNotifying = (ctx: PageContext): boolean => answerOf(aboutYouPage, ctx)?.role === 'carer';

/**
 * Schedule 1 to the Private Fostering (England) Regulations 2005, as local forms ask it: when the
 * carer notifies, convictions, disqualification (Children Act 1989 s.68) and prohibition (s.69) of
 * the carer and anyone in the household. Asked one question per screen (journey.ts), worded as a
 * council would, without assuming the answer; a "yes" does not by itself stop the arrangement.
 */
export const carerSuitabilityPage = definePage({
  id: 'carer-suitability',
  path: '/convictions',
  template: 'carer-suitability.njk',
  title: 'Convictions, disqualification and prohibition',
  section: 'The carer and household',
  fields: () =>
    z.object({
      convictions: choice(
        ANSWERS,
        'Select yes if you or anyone who lives in your home has been convicted of or cautioned for an offence',
      ),
      convictionsDetails: text({ label: 'Details', max: 2000, multiline: true }),
      disqualified: choice(
        ANSWERS,
        'Select yes if you or anyone who lives in your home has been disqualified from private fostering',
      ),
      prohibited: choice(
        ANSWERS,
        'Select yes if a council has stopped you or anyone who lives in your home from private fostering',
      ),
    }),
  toValue: (v) => ({
    convictions: v.convictions ?? 'not-sure',
    // Details belong to a "yes": kept only with it, so a changed answer leaves nothing behind.
    convictionsDetails: v.convictions === 'yes' ? v.convictionsDetails : undefined,
    disqualified: v.disqualified ?? 'not-sure',
    prohibited: v.prohibited ?? 'not-sure',
  }),
  summary: (v) => [
    {
      key: 'Convictions or cautions',
      field: 'convictions',
      lines: [...line(v && LABELS[v.convictions]), ...(v?.convictionsDetails ? [v.convictionsDetails] : [])],
    },
    {
      key: 'Disqualified from private fostering',
      field: 'disqualified',
      lines: line(v && LABELS[v.disqualified]),
    },
    {
      key: 'Stopped by a council from private fostering',
      field: 'prohibited',
      lines: line(v && LABELS[v.prohibited]),
    },
  ],
  viewData: () => ({ suitabilityItems: ANSWERS.map((value) => ({ value, text: LABELS[value] })) }),
});
