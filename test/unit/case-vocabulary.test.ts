import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../shared/domain/case-vocabulary.ts';

const at = '2026-11-24T10:00:00.000Z';

describe('the history in words', () => {
  it('names a check by its label, not its code', () => {
    const text = describeEvent({
      event: 'check-recorded',
      by: 'caseworker1@anytown.example',
      at,
      details: { checkType: 'previous-area-records', requestedOn: '2026-11-06' },
    });
    expect(text).toBe(
      "Check recorded: Children's social care records of councils for previous addresses, requested 6 November 2026",
    );
  });

  it('words what SES reported about an email, without the address or a code', () => {
    const of = (event: string) =>
      describeEvent({ event, by: 'system', at, details: { purpose: 'reminder-digest', recipients: 1 } });
    expect(of('email-bounced')).toBe('An email about this case was not delivered');
    expect(of('email-rejected')).toBe('An email about this case was not delivered');
    expect(of('email-delayed')).toBe('An email about this case was delayed');
    expect(of('email-complaint')).toBe('A recipient marked an email about this case as spam');
    expect(of('something-new')).toBe('Something new');
  });
});
