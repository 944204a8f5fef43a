/**
 * "Is this private fostering?" — Children Act 1989 s.66, s.105 and Schedule 8, explained to a
 * notifier. Pure: a first view for the notifier, never a gate. The front door decides; professionals
 * are asked to notify when unsure, so "not sure" always continues, and even a clear "no" may still
 * notify.
 */

import type { Eligibility } from '../../shared/domain/notification.ts';

export type EligibilityAnswers = Omit<Eligibility, 'outcome'>;
export type EligibilityOutcome = Eligibility['outcome'];

export interface EligibilityResult {
  outcome: EligibilityOutcome;
  /** Plain-English reasons, for the result page. */
  reasons: string[];
}

/** The reasons, worded once: the result page shows them, the tests check the outcomes. */
export const ELIGIBILITY_REASONS = {
  parent:
    'A child looked after by a parent, or by someone with parental responsibility for them, is not privately fostered.',
  relative:
    'Grandparents, brothers, sisters, uncles, aunts and step-parents are relatives, including half-brothers and half-sisters and relatives by marriage or civil partnership, such as an uncle’s wife. A parent’s husband, wife or civil partner is a step-parent. A child looked after by a relative is not privately fostered.',
  carerNotSure: 'You are not sure who the carer is to the child.',
  tooOld: 'Private fostering is about children under 16, or under 18 if they are disabled.',
  sixteenNotDisabled: 'A young person aged 16 or 17 is privately fostered only if they are disabled.',
  sixteenDisabledNotSure:
    'A young person aged 16 or 17 is privately fostered if they are disabled, and you are not sure.',
  ageNotSure: "You are not sure of the child's age.",
  tooShort: 'The arrangement must last, or be intended to last, 28 days or more.',
  durationNotSure: 'You are not sure how long the child will stay.',
  withFamily:
    'A child living in the same home as a parent, someone with parental responsibility for them or a relative is not privately fostered.',
  hospitalOrSchool:
    'A child staying in a hospital, or at a boarding school during term time, is not privately fostered.',
  councilCare:
    'A child looked after by a council (in care), or placed for adoption, is not privately fostered. The council already looks after them.',
  settingNotSure: 'You are not sure where the child is living.',
  holidaysOver16: 'The school holidays rule is for children under 16.',
  holidaysUnder28Days:
    'A child under 16 who stays at a boarding school for more than 2 weeks of a school holiday is privately fostered for that time, even if it is less than 28 days. Tell us if the stay is more than 2 weeks.',
} as const;

export function assessEligibility(a: EligibilityAnswers): EligibilityResult {
  const no: string[] = [];
  const unsure: string[] = [];
  const R = ELIGIBILITY_REASONS;
  // Children Act 1989 Sch. 8 para 9: a child under 16 at a school not maintained by a council
  // who lives there for more than 2 weeks of a school holiday is treated as privately fostered
  // for that time; the 28-day rule of s.66(2) does not apply to it.
  const schoolHolidays = a.setting === 'boarding-school-holidays';

  // s.66(1)(a) and s.105(1): a parent, a person with parental responsibility, or a relative is not a
  // private foster carer. "Relative" is exactly grandparent, brother, sister, uncle, aunt (full
  // or half blood, or by marriage or civil partnership) or step-parent; a parent's spouse or civil
  // partner is a step-parent, while an unmarried partner of a parent is not a relative.
  if (a.carer === 'parent') no.push(R.parent);
  else if (a.carer === 'relative') no.push(R.relative);
  else if (a.carer === 'not-sure') unsure.push(R.carerNotSure);

  // s.66(1)(a) and (4): under 16, or under 18 if disabled (s.17(11)). The school holidays rule
  // (Sch. 8 para 9) is for children under 16 only.
  if (a.childAge === '18-or-over') no.push(R.tooOld);
  else if (a.childAge === '16-or-17') {
    if (schoolHolidays) no.push(R.holidaysOver16);
    else if (a.disabled === 'no') no.push(R.sixteenNotDisabled);
    else if (a.disabled === 'not-sure') unsure.push(R.sixteenDisabledNotSure);
  } else if (a.childAge === 'not-sure') unsure.push(R.ageNotSure);

  // s.66(3) and Sch. 8 paras 1 to 5: not privately fostered while looked after by a council (para
  // 1) or placed for adoption, in premises where a parent, a person with parental responsibility
  // or a relative who has taken on the child's care is living (para 2(1)(a)), or in a school where
  // they receive full-time education or a hospital (para 2(1)(d), (e)); para 9 above covers a
  // boarding school in the holidays.
  if (a.setting === 'with-family') no.push(R.withFamily);
  else if (a.setting === 'hospital-or-school') no.push(R.hospitalOrSchool);
  else if (a.setting === 'council-care') no.push(R.councilCare);
  else if (a.setting === 'not-sure') unsure.push(R.settingNotSure);

  // s.66(2): the arrangement has lasted, or is intended to last, 28 days or more; for the school
  // holidays, more than 2 weeks is enough (para 9), so "less than 28 days" is not a "no" there.
  if (a.duration === 'less-than-28-days') {
    if (schoolHolidays) unsure.push(R.holidaysUnder28Days);
    else no.push(R.tooShort);
  } else if (a.duration === 'not-sure') unsure.push(R.durationNotSure);

  if (no.length > 0) return { outcome: 'unlikely', reasons: no };
  if (unsure.length > 0) return { outcome: 'unsure', reasons: unsure };
  return { outcome: 'likely', reasons: [] };
}
