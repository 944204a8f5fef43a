import { describe, expect, it } from 'vitest';
import { buildNotification } from '../../functions/notify/build-notification.ts';
import { assessEligibility } from '../../functions/notify/eligibility.ts';
import {
  JOURNEY,
  pageApplies,
  pathAfter,
  pathBefore,
  SCREENS,
  screenFor,
  screenToFix,
} from '../../functions/notify/journey.ts';
import {
  errorsFor,
  type PageContext,
  type QuestionPage,
  type Screen,
  screenKeys,
} from '../../functions/notify/page.ts';
import { aboutYouPage } from '../../functions/notify/pages/about-you.ts';
import { arrangementPage } from '../../functions/notify/pages/arrangement.ts';
import { carerSuitabilityPage } from '../../functions/notify/pages/carer-suitability.ts';
import { childPage } from '../../functions/notify/pages/child.ts';
import { childAddressPage } from '../../functions/notify/pages/child-address.ts';
import { contactDetailsPage } from '../../functions/notify/pages/contact-details.ts';
import { eligibilityPage } from '../../functions/notify/pages/eligibility.ts';
import { householdPage } from '../../functions/notify/pages/household.ts';
import { parentsPage } from '../../functions/notify/pages/parents.ts';
import { receivedFromPage } from '../../functions/notify/pages/received-from.ts';
import { notificationSections } from '../../functions/staff/view-models.ts';
import { aNotification } from '../fixtures/notifications.ts';

const ctx = (answers: Record<string, unknown> = {}): PageContext => ({
  now: new Date('2026-06-15T10:00:00Z'),
  today: '2026-06-15',
  councilName: 'Anytown Council',
  answers,
});

const meta = { reference: 'ABCD2345', receivedAt: '2026-06-15T10:00:00.000Z', draftId: 'a'.repeat(22) };

function errorsOf(page: QuestionPage, input: unknown) {
  const result = page.parse(input, ctx());
  return result.ok ? [] : result.errors.list;
}

describe('question pages', () => {
  it('about you: role and name are required, the rest optional', () => {
    expect(errorsOf(aboutYouPage, {})).toEqual([
      { text: 'Select who you are', href: '#role' },
      { text: 'Enter your full name', href: '#name' },
    ]);
    expect(errorsOf(aboutYouPage, { role: 'teacher', name: 'A' })).toEqual([
      { text: 'Select who you are', href: '#role' },
    ]);
    expect(errorsOf(aboutYouPage, { role: 'school', name: 'x'.repeat(201) })).toEqual([
      { text: 'Full name must be 200 characters or fewer', href: '#name' },
    ]);
    expect(aboutYouPage.parse({ role: 'school', name: ' Priya ' }, ctx())).toMatchObject({
      ok: true,
      value: { role: 'school', name: 'Priya' },
    });
  });

  it('contact details: an email or a phone number, each in a correct format', () => {
    expect(errorsOf(contactDetailsPage, {})).toEqual([
      { text: 'Enter an email address or a phone number, so the council can contact you', href: '#email' },
    ]);
    expect(errorsOf(contactDetailsPage, { email: 'nope', phone: '12' })).toEqual([
      { text: 'Enter an email address in the correct format, like name@example.com', href: '#email' },
      {
        text: 'Enter a phone number in the correct format, like 01632 960 001, 07700 900 982 or +44 808 157 0192',
        href: '#phone',
      },
    ]);
    expect(
      errorsOf(contactDetailsPage, { phone: '07700900982', workAddress: { postcode: 'nowhere' } }),
    ).toEqual([{ text: 'Enter a real postcode, like AN1 2BC', href: '#workAddress-postcode' }]);
    expect(contactDetailsPage.parse({ phone: '+447700900982' }, ctx())).toMatchObject({
      ok: true,
      value: { phone: '07700 900982' },
    });
  });

  it('the child: date of birth in the past, month names accepted, nothing required', () => {
    expect(errorsOf(childPage, { dateOfBirth: { day: '1', month: '1', year: '2030' } })).toEqual([
      { text: 'Date of birth must be today or in the past', href: '#dateOfBirth-day' },
    ]);
    expect(errorsOf(childPage, {})).toEqual([]);
    expect(childPage.parse({ dateOfBirth: { day: '3', month: 'Sept', year: '2014' } }, ctx())).toMatchObject({
      ok: true,
      value: { dateOfBirth: '2014-09-03' },
    });
  });

  it('"Is the child disabled?" is asked once, on the eligibility page, and stored from there', () => {
    expect(JOURNEY.filter((page) => page.inputKeys(ctx()).includes('disabled')).map((p) => p.id)).toEqual([
      'eligibility',
    ]);
    const answers = (disabled: string) =>
      ctx({
        eligibility: {
          childAge: '16-or-17',
          disabled,
          carer: 'someone-else',
          setting: 'carers-home',
          duration: '28-days-or-more',
        },
        'about-you': { role: 'school', name: 'Priya' },
        'contact-details': { email: 'priya@school.example' },
        child: { name: 'A Child' },
      });
    const disabledOf = (disabled: string) => {
      const built = buildNotification(answers(disabled), meta);
      return built.ok ? built.notification.child.disabled : undefined;
    };
    expect(disabledOf('yes')).toBe('yes');
    expect(disabledOf('no')).toBe('no');
    expect(disabledOf('not-sure')).toBe('unknown');
  });

  it('the child: an approximate age is a whole number a caseworker can use', () => {
    expect(errorsOf(childPage, { approximateAge: 'fourteen', disabled: 'no' })).toEqual([
      { text: 'Approximate age must be a whole number, like 14', href: '#approximateAge' },
    ]);
    expect(errorsOf(childPage, { approximateAge: 'about 14', disabled: 'no' })).toEqual([
      { text: 'Approximate age must be a whole number, like 14', href: '#approximateAge' },
    ]);
    expect(errorsOf(childPage, { approximateAge: '40', disabled: 'no' })).toEqual([
      { text: 'Approximate age must be between 0 and 18', href: '#approximateAge' },
    ]);
    expect(childPage.parse({ approximateAge: ' 14 ', disabled: 'no' }, ctx())).toMatchObject({
      ok: true,
      value: { approximateAge: '14' },
    });
  });

  it('where the child lives and who they came from are answered (each has "I do not know")', () => {
    expect(errorsOf(childAddressPage, {})).toEqual([
      { text: 'Select where the child lives now', href: '#livesAt' },
    ]);
    expect(errorsOf(receivedFromPage, {})).toEqual([
      { text: 'Select who the carer received the child from', href: '#from' },
    ]);
  });

  it("the child's address: kept only for somewhere else, and needed then", () => {
    expect(errorsOf(childAddressPage, { livesAt: 'elsewhere' })).toEqual([
      { text: "Enter the child's address, or select another answer", href: '#address-line1' },
    ]);
    expect(
      childAddressPage.parse({ livesAt: 'carer', address: { line1: 'stray', postcode: 'an12bc' } }, ctx()),
    ).toEqual({ ok: true, value: { livesAt: 'carer', address: undefined } });
  });

  it('the arrangement: start date within two years, the urgent branch', () => {
    expect(
      errorsOf(arrangementPage, {
        childLivesThereNow: 'no',
        startDate: { day: '1', month: '1', year: '2029' },
        immediateSafetyConcern: 'no',
      }),
    ).toEqual([{ text: 'Start date must be within the next 2 years', href: '#startDate-day' }]);
    expect(errorsOf(arrangementPage, {})).toEqual([
      { text: 'Select whether the child already lives with the carer', href: '#childLivesThereNow' },
      {
        text: 'Select yes if you are worried about the child’s safety right now',
        href: '#immediateSafetyConcern',
      },
    ]);
    const unknown = { childLivesThereNow: 'unknown', startDateUnknown: 'yes' };
    expect(arrangementPage.next({ ...unknown, immediateSafetyConcern: 'yes' }, ctx())).toBe(
      '/urgent-concern',
    );
    expect(arrangementPage.next({ ...unknown, immediateSafetyConcern: 'no' }, ctx())).toBeUndefined();
    expect(arrangementPage.parse({ ...unknown, immediateSafetyConcern: 'no' }, ctx())).toMatchObject({
      ok: true,
      value: { childLivesThereNow: 'unknown', startDate: undefined, startDateKnown: false },
    });
  });

  it('the arrangement: asks plainly whether the child already lives with the carer', () => {
    const answers = (childLivesThereNow: string, day: string) => ({
      childLivesThereNow,
      startDate: { day, month: '6', year: '2026' },
      immediateSafetyConcern: 'no',
    });
    // Today is 15 June 2026: "yes" with a later start date contradicts itself.
    expect(errorsOf(arrangementPage, answers('yes', '16'))).toEqual([
      {
        text: 'Start date must be today or in the past if the child already lives with the carer',
        href: '#startDate-day',
      },
    ]);
    expect(errorsOf(arrangementPage, answers('yes', '15'))).toEqual([]);
    expect(errorsOf(arrangementPage, answers('no', '1'))).toEqual([]);
    expect(errorsOf(arrangementPage, { ...answers('maybe', '1') })).toEqual([
      { text: 'Select whether the child already lives with the carer', href: '#childLivesThereNow' },
    ]);
    const rows = (v: string) =>
      arrangementPage.summary(answers(v, '1'), ctx()).find((r) => r.field === 'childLivesThereNow')?.lines;
    expect(rows('yes')).toEqual(['Yes']);
    expect(rows('no')).toEqual(['Not yet']);
    expect(rows('unknown')).toEqual(['Not sure']);
  });

  it('the arrangement: a start date or "I do not know the start date", one and not both', () => {
    const date = { day: '1', month: '9', year: '2026' };
    expect(
      errorsOf(arrangementPage, {
        childLivesThereNow: 'yes',
        startDate: date,
        startDateUnknown: 'yes',
        immediateSafetyConcern: 'no',
      }),
    ).toEqual([
      {
        text: 'Enter the start date or select ‘I do not know the start date’, not both',
        href: '#startDate-day',
      },
    ]);
    expect(errorsOf(arrangementPage, { childLivesThereNow: 'yes', immediateSafetyConcern: 'no' })).toEqual([
      {
        text: 'Enter the date the arrangement started or will start, or select ‘I do not know the start date’',
        href: '#startDate-day',
      },
    ]);
    expect(
      arrangementPage.parse(
        { childLivesThereNow: 'no', startDate: date, immediateSafetyConcern: 'no' },
        ctx(),
      ),
    ).toMatchObject({
      ok: true,
      value: { startDate: '2026-09-01', startDateKnown: true },
    });
  });

  it('add another: blank entries are not entries, and there is a limit', () => {
    expect(parentsPage.parse({ items: [{ name: 'A' }, { name: '', contact: '' }, {}] }, ctx())).toMatchObject(
      {
        ok: true,
        value: [{ name: 'A' }],
      },
    );
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `P${i}` }));
    expect(errorsOf(householdPage, { items: many })).toEqual([
      { text: 'You can add up to 20 people', href: '#items' },
    ]);
    expect(
      errorsOf(parentsPage, { items: [{ name: 'A' }, { address: { postcode: 'x'.repeat(11) } }] }),
    ).toEqual([{ text: 'Postcode must be 10 characters or fewer', href: '#items-1-address-postcode' }]);
  });

  it('every page has a unique id and path, and a template', () => {
    expect(new Set(JOURNEY.map((p) => p.id)).size).toBe(JOURNEY.length);
    expect(new Set(JOURNEY.map((p) => p.path)).size).toBe(JOURNEY.length);
    for (const page of JOURNEY) expect(page.template).toMatch(/\.njk$/);
  });
});

describe('is this private fostering?', () => {
  const base = {
    childAge: 'under-16',
    disabled: 'no',
    carer: 'someone-else',
    setting: 'carers-home',
    duration: '28-days-or-more',
  } as const;

  it('is likely for a child under 16 with a family friend for 28 days or more', () => {
    expect(assessEligibility(base)).toEqual({ outcome: 'likely', reasons: [] });
  });

  it('is unlikely with a close relative, explaining why', () => {
    const result = assessEligibility({ ...base, carer: 'relative' });
    expect(result.outcome).toBe('unlikely');
    expect(result.reasons[0]).toContain('Grandparents');
  });

  it('extends to 16 and 17 only for a disabled child', () => {
    expect(assessEligibility({ ...base, childAge: '16-or-17', disabled: 'yes' }).outcome).toBe('likely');
    expect(assessEligibility({ ...base, childAge: '16-or-17', disabled: 'no' }).outcome).toBe('unlikely');
    expect(assessEligibility({ ...base, childAge: '16-or-17', disabled: 'not-sure' }).outcome).toBe('unsure');
  });

  it('lets "not sure" through as unsure, and under 28 days is unlikely', () => {
    expect(assessEligibility({ ...base, duration: 'not-sure' }).outcome).toBe('unsure');
    expect(assessEligibility({ ...base, duration: 'less-than-28-days' }).outcome).toBe('unlikely');
  });

  it('records the outcome with the answers', () => {
    expect(eligibilityPage.parse(base, ctx())).toEqual({ ok: true, value: { ...base, outcome: 'likely' } });
  });
});

describe('buildNotification', () => {
  it('needs the notifier, a way to contact them, and the child or the carer', () => {
    const result = buildNotification(ctx(), meta);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.href)).toEqual(['/about-you', '/your-contact-details', '/the-child']);
  });

  it('builds the stored shape from the answers', () => {
    const result = buildNotification(
      ctx({
        'about-you': { role: 'school', name: 'Priya', organisation: 'Anytown Academy' },
        'contact-details': { email: 'priya@school.example' },
        child: { name: '<script>alert(1)</script>', disabled: 'no' },
        carer: { address: { line1: '1 High St', postcode: 'an12bc' } },
        arrangement: { childLivesThereNow: 'no', startDateUnknown: 'yes', immediateSafetyConcern: 'yes' },
      }),
      meta,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const n = result.notification;
    expect(n.notifier).toMatchObject({
      role: 'school',
      organisation: 'Anytown Academy',
      email: 'priya@school.example',
    });
    expect(n.child.name).toBe('<script>alert(1)</script>');
    expect(n.carer.address?.postcode).toBe('AN1 2BC');
    expect(n.arrangement.immediateSafetyConcern).toBe(true);
    expect(n.arrangement.childLivesThereNow).toBe('no');
    expect(n.submissionId).toHaveLength(32);
    expect(n.submissionId).not.toContain(meta.draftId);
  });
});

describe('one question a screen (journey.ts SCREENS)', () => {
  const teacher = { 'about-you': { role: 'school', name: 'Priya Teacher' } };
  const carer = { 'about-you': { role: 'carer', name: 'Grace Carer' } };
  const screen = (id: string) => SCREENS.find((s) => s.id === id) as Screen;

  it('every screen has a unique id and address, and asks keys its page has', () => {
    expect(new Set(SCREENS.map((s) => s.id)).size).toBe(SCREENS.length);
    expect(new Set(SCREENS.map((s) => s.path)).size).toBe(SCREENS.length);
    for (const s of SCREENS) {
      for (const key of s.keys ?? []) expect(s.page.inputKeys(ctx()), s.id).toContain(key);
    }
    // Every key of a split page is asked on exactly one of its screens.
    for (const page of JOURNEY) {
      const split = SCREENS.filter((s) => s.page === page && s.keys);
      if (split.length === 0) continue;
      expect(split.flatMap((s) => s.keys ?? []).sort(), page.id).toEqual([...page.inputKeys(ctx())].sort());
    }
    // Whether the child is disabled is asked once.
    expect(SCREENS.filter((s) => screenKeys(s, ctx()).includes('disabled'))).toHaveLength(1);
  });

  it('shows the carer’s questions to a carer only: next, back, and every page is still asked', () => {
    expect(pathAfter(screen('household'), ctx(teacher))).toBe('/parents');
    expect(pathAfter(screen('household'), ctx(carer))).toBe('/convictions');
    expect(pathBefore(screen('parents'), ctx(teacher))).toBe('/household');
    expect(pathBefore(screen('parents'), ctx(carer))).toBe('/convictions/prohibited');
    expect(pageApplies(carerSuitabilityPage, ctx(teacher))).toBe(false);
    expect(pageApplies(carerSuitabilityPage, ctx(carer))).toBe(true);
    expect(pathAfter(screen('eligibility'), ctx())).toBe('/is-this-private-fostering/disabled');
  });

  it('a Change link goes to the screen that asks the field', () => {
    expect(screenFor(childPage, 'dateOfBirth-day').path).toBe('/the-child/date-of-birth');
    expect(screenFor(childPage, 'approximateAge').path).toBe('/the-child/date-of-birth');
    expect(screenFor(arrangementPage, 'startDate-day').path).toBe('/the-arrangement/start-date');
    expect(screenFor(eligibilityPage, 'setting').path).toBe('/is-this-private-fostering/where');
    expect(screenFor(householdPage, 'items').path).toBe('/household');
  });

  it('a screen shows the errors of its own questions only', () => {
    const parsed = eligibilityPage.parse({ childAge: 'under-16' }, ctx());
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(errorsFor(parsed.errors, ['childAge']).list).toEqual([]);
    expect(errorsFor(parsed.errors, ['setting']).list).toEqual([
      { text: 'Select where the child is living', href: '#setting' },
    ]);
  });

  it('a draft from before the split resumes at the first question it has no answer for', () => {
    // The one-page eligibility answers, saved before "Where is the child living?" was asked.
    const old = { childAge: 'under-16', disabled: 'no', carer: 'someone-else', duration: '28-days-or-more' };
    expect(screenToFix(eligibilityPage, old, ctx())?.path).toBe('/is-this-private-fostering/where');
    expect(screenToFix(eligibilityPage, { ...old, setting: 'carers-home' }, ctx())).toBeUndefined();
    expect(screenToFix(arrangementPage, undefined, ctx())?.path).toBe('/the-arrangement');
    expect(
      screenToFix(arrangementPage, { childLivesThereNow: 'yes', immediateSafetyConcern: 'no' }, ctx())?.path,
    ).toBe('/the-arrangement/start-date');
  });

  it('sends the carer’s answers only when the carer notifies', () => {
    const answers = {
      ...carer,
      'contact-details': { email: 'grace@example.com' },
      child: { name: 'Zainab' },
      'carer-suitability': {
        convictions: 'yes',
        convictionsDetails: 'A caution',
        disqualified: 'no',
        prohibited: 'not-sure',
      },
    };
    const built = buildNotification(ctx(answers), meta);
    expect(built.ok && built.notification.carer).toMatchObject({
      convictions: 'yes',
      convictionsDetails: 'A caution',
      disqualified: 'no',
      prohibited: 'unknown',
    });
    const asTeacher = buildNotification(ctx({ ...answers, ...teacher }), meta);
    expect(asTeacher.ok && asTeacher.notification.carer.convictions).toBeUndefined();
    // Details belong to a "yes" only.
    const no = buildNotification(
      ctx({ ...answers, 'carer-suitability': { ...answers['carer-suitability'], convictions: 'no' } }),
      meta,
    );
    expect(no.ok && no.notification.carer.convictionsDetails).toBeUndefined();
  });
});

describe('the carer’s answers on the staff case page', () => {
  const rowsOf = (n: ReturnType<typeof aNotification>) =>
    notificationSections(n).find((s) => s.title === 'The carer and household')?.rows ?? [];

  it('shows them when the carer answered, and nothing when they were not asked', () => {
    const base = aNotification();
    expect(rowsOf(base).map((r) => r.key)).not.toContain('Disqualified from private fostering (s.68)');
    const asked = aNotification();
    asked.carer = {
      ...asked.carer,
      convictions: 'yes',
      convictionsDetails: 'A caution in 2015',
      disqualified: 'no',
      prohibited: 'unknown',
    };
    const rows = rowsOf(asked);
    expect(rows).toContainEqual({
      key: 'Convictions or cautions (carer or household)',
      lines: ['Yes', 'A caution in 2015'],
    });
    expect(rows).toContainEqual({ key: 'Disqualified from private fostering (s.68)', lines: ['No'] });
    expect(rows.find((r) => r.key === 'Prohibited from private fostering (s.69)')?.lines).toHaveLength(1);
  });
});
