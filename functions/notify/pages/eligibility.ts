import * as z from 'zod/mini';
import {
  ELIGIBILITY_CARERS,
  ELIGIBILITY_CHILD_AGES,
  ELIGIBILITY_DISABLED,
  ELIGIBILITY_DURATIONS,
  ELIGIBILITY_SETTINGS,
} from '../../../shared/domain/notification.ts';
import { choice } from '../../../shared/web/fields.ts';
import { assessEligibility } from '../eligibility.ts';
import { definePage, line } from '../page.ts';

export const CHILD_AGE_LABELS: Record<(typeof ELIGIBILITY_CHILD_AGES)[number], string> = {
  'under-16': 'Under 16',
  '16-or-17': '16 or 17',
  '18-or-over': '18 or over',
  'not-sure': 'I’m not sure',
};
export const DISABLED_LABELS: Record<(typeof ELIGIBILITY_DISABLED)[number], string> = {
  yes: 'Yes',
  no: 'No',
  'not-sure': 'I’m not sure',
};
export const CARER_LABELS: Record<(typeof ELIGIBILITY_CARERS)[number], string> = {
  parent: 'A parent, or someone with parental responsibility for the child',
  relative: 'A relative: a grandparent, brother, sister, uncle, aunt or step-parent',
  'someone-else':
    'Someone else, for example a family friend, cousin, great-aunt, host family or a parent’s unmarried partner',
  'not-sure': 'I’m not sure',
};
/** Hints under some answers: who counts as a relative is where notifiers most often go wrong. */
const CARER_HINTS: Partial<Record<(typeof ELIGIBILITY_CARERS)[number], string>> = {
  relative:
    'Including half-brothers and half-sisters, and relatives by marriage or civil partnership, such as an uncle’s wife. A parent’s husband, wife or civil partner is a step-parent.',
  'someone-else':
    'Cousins, great-aunts, great-uncles and family friends are not relatives. Nor is a parent’s partner who is not married to them or in a civil partnership with them.',
};
export const SETTING_LABELS: Record<(typeof ELIGIBILITY_SETTINGS)[number], string> = {
  'carers-home': 'In the carer’s own home',
  'with-family': 'In a home where a parent, someone with parental responsibility or a relative also lives',
  'boarding-school-holidays': 'At a boarding school during the school holidays',
  'hospital-or-school': 'In a hospital, or at a boarding school during term time',
  'council-care': 'Looked after by a council (in care), or placed for adoption',
  'not-sure': 'I’m not sure',
};
const SETTING_HINTS: Partial<Record<(typeof ELIGIBILITY_SETTINGS)[number], string>> = {
  'boarding-school-holidays': 'A school the council does not run, such as an independent school.',
  'council-care': 'For example, with council foster carers or in a children’s home.',
};
export const DURATION_LABELS: Record<(typeof ELIGIBILITY_DURATIONS)[number], string> = {
  '28-days-or-more': '28 days or more',
  'less-than-28-days': 'Less than 28 days',
  'not-sure': 'I’m not sure',
};

const items = <K extends string>(labels: Record<K, string>, hints: Partial<Record<K, string>> = {}) =>
  (Object.entries(labels) as [K, string][]).map(([value, text]) => ({
    value,
    text,
    ...(hints[value] ? { hint: hints[value] } : {}),
  }));

/** "Is this private fostering?": five questions on one page, explained on the next. */
export const eligibilityPage = definePage({
  id: 'eligibility',
  path: '/is-this-private-fostering',
  template: 'eligibility.njk',
  title: 'Is this private fostering?',
  section: 'Is this private fostering?',
  fields: () =>
    z.object({
      childAge: choice(ELIGIBILITY_CHILD_AGES, 'Select how old the child is'),
      disabled: choice(ELIGIBILITY_DISABLED, 'Select whether the child is disabled'),
      carer: choice(ELIGIBILITY_CARERS, 'Select who is looking after the child'),
      setting: choice(ELIGIBILITY_SETTINGS, 'Select where the child is living'),
      duration: choice(ELIGIBILITY_DURATIONS, 'Select how long the child is staying'),
    }),
  toValue: (v) => {
    // choice() is required here, so each is set once the schema passed.
    const answers = {
      childAge: v.childAge ?? 'not-sure',
      disabled: v.disabled ?? 'not-sure',
      carer: v.carer ?? 'not-sure',
      setting: v.setting ?? 'not-sure',
      duration: v.duration ?? 'not-sure',
    };
    return { ...answers, outcome: assessEligibility(answers).outcome };
  },
  next: () => '/is-this-private-fostering/result',
  summary: (v) => [
    { key: 'How old is the child?', field: 'childAge', lines: line(v && CHILD_AGE_LABELS[v.childAge]) },
    { key: 'Is the child disabled?', field: 'disabled', lines: line(v && DISABLED_LABELS[v.disabled]) },
    { key: 'Who is looking after the child?', field: 'carer', lines: line(v && CARER_LABELS[v.carer]) },
    {
      key: 'Where is the child living?',
      field: 'setting',
      // Answers given before the question was asked have none.
      lines: line(v?.setting && SETTING_LABELS[v.setting]),
    },
    {
      key: 'How long is the child staying?',
      field: 'duration',
      lines: line(v && DURATION_LABELS[v.duration]),
    },
  ],
  viewData: () => ({
    childAgeItems: items(CHILD_AGE_LABELS),
    disabledItems: items(DISABLED_LABELS),
    carerItems: items(CARER_LABELS, CARER_HINTS),
    settingItems: items(SETTING_LABELS, SETTING_HINTS),
    durationItems: items(DURATION_LABELS),
  }),
});
