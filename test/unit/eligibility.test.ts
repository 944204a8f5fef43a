import { describe, expect, it } from 'vitest';
import {
  assessEligibility,
  type EligibilityAnswers,
  ELIGIBILITY_REASONS as R,
} from '../../functions/notify/eligibility.ts';
import { CARER_LABELS, SETTING_LABELS } from '../../functions/notify/pages/eligibility.ts';

/**
 * The rules of "Is this private fostering?" as a table (Children Act 1989 s.66, s.105, Sch. 8):
 * each row changes the likely case (a child under 16 with a family friend in the friend's home
 * for 28 days or more) in one or two answers and says what the notifier is told.
 */
const LIKELY: EligibilityAnswers = {
  childAge: 'under-16',
  disabled: 'no',
  carer: 'someone-else',
  setting: 'carers-home',
  duration: '28-days-or-more',
};

const TABLE: [string, Partial<EligibilityAnswers>, 'likely' | 'unlikely' | 'unsure', string[]][] = [
  ['a family friend, cousin or unmarried partner of a parent, 28 days or more', {}, 'likely', []],
  ['a parent or someone with parental responsibility', { carer: 'parent' }, 'unlikely', [R.parent]],
  // s.105(1): step-parents, half blood, and by marriage or civil partnership are relatives.
  [
    'a relative (a step-parent, a half-sister, an uncle’s wife)',
    { carer: 'relative' },
    'unlikely',
    [R.relative],
  ],
  ['not sure who the carer is to the child', { carer: 'not-sure' }, 'unsure', [R.carerNotSure]],
  ['18 or over', { childAge: '18-or-over' }, 'unlikely', [R.tooOld]],
  ['16 or 17 and disabled', { childAge: '16-or-17', disabled: 'yes' }, 'likely', []],
  ['16 or 17 and not disabled', { childAge: '16-or-17', disabled: 'no' }, 'unlikely', [R.sixteenNotDisabled]],
  [
    '16 or 17, not sure if disabled',
    { childAge: '16-or-17', disabled: 'not-sure' },
    'unsure',
    [R.sixteenDisabledNotSure],
  ],
  ['not sure of the age', { childAge: 'not-sure' }, 'unsure', [R.ageNotSure]],
  ['less than 28 days', { duration: 'less-than-28-days' }, 'unlikely', [R.tooShort]],
  ['not sure how long', { duration: 'not-sure' }, 'unsure', [R.durationNotSure]],
  // Sch. 8 para 1, 2(1)(a), 2(1)(d) and (e).
  [
    'looked after by a council, or placed for adoption',
    { setting: 'council-care' },
    'unlikely',
    [R.councilCare],
  ],
  ['living where a parent or relative also lives', { setting: 'with-family' }, 'unlikely', [R.withFamily]],
  [
    'in a hospital or at boarding school in term time',
    { setting: 'hospital-or-school' },
    'unlikely',
    [R.hospitalOrSchool],
  ],
  ['not sure where the child lives', { setting: 'not-sure' }, 'unsure', [R.settingNotSure]],
  // Sch. 8 para 9: more than 2 weeks of a school holiday at a boarding school, under 16.
  ['boarding school holidays, 28 days or more', { setting: 'boarding-school-holidays' }, 'likely', []],
  [
    'boarding school holidays, less than 28 days: the 28-day rule does not rule it out',
    { setting: 'boarding-school-holidays', duration: 'less-than-28-days' },
    'unsure',
    [R.holidaysUnder28Days],
  ],
  [
    'boarding school holidays at 16 or 17, even if disabled',
    { setting: 'boarding-school-holidays', childAge: '16-or-17', disabled: 'yes' },
    'unlikely',
    [R.holidaysOver16],
  ],
  ['answers given before the form asked where the child lives', { setting: undefined }, 'likely', []],
  [
    'every "no" is given, not only the first',
    { carer: 'relative', setting: 'with-family', duration: 'less-than-28-days' },
    'unlikely',
    [R.relative, R.withFamily, R.tooShort],
  ],
  ['a "no" outweighs a "not sure"', { carer: 'parent', duration: 'not-sure' }, 'unlikely', [R.parent]],
];

describe('is this private fostering? (the eligibility rules)', () => {
  for (const [name, change, outcome, reasons] of TABLE) {
    it(`${name}: ${outcome}`, () => {
      expect(assessEligibility({ ...LIKELY, ...change })).toEqual({ outcome, reasons });
    });
  }
});

describe('the wording of the answers', () => {
  it('calls a step-parent a relative and a parent’s unmarried partner someone else', () => {
    expect(CARER_LABELS.relative).toContain('step-parent');
    expect(CARER_LABELS['someone-else']).toContain('a parent’s unmarried partner');
    expect(R.relative).toContain('A parent’s husband, wife or civil partner is a step-parent');
    expect(R.relative).toContain('an uncle’s wife');
    expect(R.relative).toContain('half-brothers and half-sisters');
  });

  it('explains each exclusion and the school holidays in plain words, and keeps "I’m not sure"', () => {
    expect(SETTING_LABELS['council-care']).toBe(
      'Looked after by a council (in care), or placed for adoption',
    );
    expect(SETTING_LABELS['boarding-school-holidays']).toBe(
      'At a boarding school during the school holidays',
    );
    expect(SETTING_LABELS['not-sure']).toBe('I’m not sure');
    expect(CARER_LABELS['not-sure']).toBe('I’m not sure');
  });
});
