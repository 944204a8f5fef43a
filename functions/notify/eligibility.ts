/**
 * "Is this private fostering?" — Children Act 1989 s.66 and s.105, explained to a notifier. Pure:
 * a first view for the notifier, never a gate. The front door decides; professionals are asked to
 * notify when unsure, so "not sure" always continues, and even a clear "no" may still notify.
 */

import type { Eligibility } from '../../shared/domain/notification.ts';

export type EligibilityAnswers = Omit<Eligibility, 'outcome'>;
export type EligibilityOutcome = Eligibility['outcome'];

export interface EligibilityResult {
  outcome: EligibilityOutcome;
  /** Plain-English reasons, for the result page. */
  reasons: string[];
}

export function assessEligibility(a: EligibilityAnswers): EligibilityResult {
  const no: string[] = [];
  const unsure: string[] = [];

  // s.105: a parent, a person with parental responsibility, or a relative is not a private
  // foster carer. "Relative" is exactly grandparent, brother, sister, uncle, aunt (full or half
  // blood, or by marriage or civil partnership) or step-parent.
  if (a.carer === 'parent') {
    no.push(
      'A child looked after by a parent, or by someone with parental responsibility, is not privately fostered.',
    );
  } else if (a.carer === 'relative') {
    no.push(
      'Grandparents, brothers, sisters, uncles, aunts and step-parents are close relatives. A child looked after by a close relative is not privately fostered.',
    );
  } else if (a.carer === 'not-sure') {
    unsure.push('You are not sure who the carer is to the child.');
  }

  // s.66: under 16, or under 18 if disabled.
  if (a.childAge === '18-or-over') {
    no.push('Private fostering is about children under 16, or under 18 if they are disabled.');
  } else if (a.childAge === '16-or-17') {
    if (a.disabled === 'no') {
      no.push('A young person aged 16 or 17 is privately fostered only if they are disabled.');
    } else if (a.disabled === 'not-sure') {
      unsure.push(
        'A young person aged 16 or 17 is privately fostered if they are disabled, and you are not sure.',
      );
    }
  } else if (a.childAge === 'not-sure') {
    unsure.push("You are not sure of the child's age.");
  }

  // s.66(1)(b): the arrangement has lasted, or is intended to last, 28 days or more.
  if (a.duration === 'less-than-28-days') {
    no.push('The arrangement must last, or be intended to last, 28 days or more.');
  } else if (a.duration === 'not-sure') {
    unsure.push('You are not sure how long the child will stay.');
  }

  if (no.length > 0) return { outcome: 'unlikely', reasons: no };
  if (unsure.length > 0) return { outcome: 'unsure', reasons: unsure };
  return { outcome: 'likely', reasons: [] };
}
