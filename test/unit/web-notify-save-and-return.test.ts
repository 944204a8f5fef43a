import { describe, expect, it } from 'vitest';
import { councilContactView, notifyViewDirectory } from '../../functions/notify/app.ts';
import { parseNotifyConfig } from '../../functions/notify/config.ts';
import { CHECK_ANSWERS_PATH, JOURNEY } from '../../functions/notify/journey.ts';
import type { PageContext } from '../../functions/notify/page.ts';
import { resumePath } from '../../functions/notify/save-and-return.ts';
import { parseRouteConfig } from '../../functions/route/config.ts';
import { ConfigurationError } from '../../shared/config.ts';
import { notifierAcknowledgement, saveAndReturnLink } from '../../shared/mail/templates.ts';
import type { Draft } from '../../shared/store/draft-store.ts';
import { createViewRenderer } from '../../shared/web/views.ts';

const COUNCIL = {
  phone: '01632 960000',
  outOfHoursPhone: '01632 960999',
  email: 'childrens-services@anytown.example',
  feedbackUrl: 'https://anytown.example/feedback',
};

/** Valid input for every page; the optional pages accept an empty form. */
const COMPLETE: Record<string, unknown> = Object.fromEntries(JOURNEY.map((page) => [page.id, {}]));
Object.assign(COMPLETE, {
  eligibility: {
    childAge: 'under-16',
    disabled: 'no',
    carer: 'someone-else',
    setting: 'carers-home',
    duration: 'not-sure',
  },
  'about-you': { role: 'school', name: 'Priya Teacher' },
  'contact-details': { email: 'priya@school.example' },
  child: { name: 'A Child', disabled: 'no' },
  'child-address': { livesAt: 'unknown' },
  'received-from': { from: 'unknown' },
  arrangement: { childLivesThereNow: 'yes', startDateUnknown: 'yes', immediateSafetyConcern: 'no' },
});

const draftWith = (answers: Record<string, unknown>, unfinished: Record<string, unknown> = {}): Draft => ({
  id: 'a'.repeat(22),
  reference: 'ABCDEFGH',
  csrfToken: 'c'.repeat(43),
  answers,
  unfinished,
  createdAt: '2026-06-15T10:00:00.000Z',
  updatedAt: '2026-06-15T10:00:00.000Z',
  expiresAt: 1_900_000_000,
});
const ctxOf = (draft: Draft): PageContext => ({
  now: new Date('2026-06-15T10:00:00Z'),
  today: '2026-06-15',
  councilName: 'Anytown Council',
  answers: draft.answers,
});
const resume = (draft: Draft) => resumePath(draft, ctxOf(draft));

describe('where a resumed draft lands', () => {
  it('is "Check your answers" when every page is answered', () => {
    expect(resume(draftWith(COMPLETE))).toBe(CHECK_ANSWERS_PATH);
  });

  it('is the first page not answered', () => {
    const { child: _child, ...rest } = COMPLETE;
    expect(resume(draftWith(rest))).toBe('/the-child');
    expect(resume(draftWith({}))).toBe('/is-this-private-fostering');
  });

  it('is the first question not answered when a page is asked over several screens', () => {
    // A draft from before "Is this private fostering?" was split, without "Where is the child living?".
    const { setting: _setting, ...oldEligibility } = COMPLETE.eligibility as Record<string, string>;
    expect(resume(draftWith({ ...COMPLETE, eligibility: oldEligibility }))).toBe(
      '/is-this-private-fostering/where',
    );
    // The arrangement answered up to the start date: back at the start date.
    expect(
      resume(
        draftWith({ ...COMPLETE, arrangement: { childLivesThereNow: 'no', immediateSafetyConcern: 'no' } }),
      ),
    ).toBe('/the-arrangement/start-date');
  });

  it('asks a carer their own questions, and nobody else', () => {
    const asCarer = { ...COMPLETE, 'about-you': { role: 'carer', name: 'Grace Carer' } };
    expect(resume(draftWith(asCarer))).toBe('/convictions');
    expect(
      resume(
        draftWith({
          ...asCarer,
          'carer-suitability': { convictions: 'no', disqualified: 'no', prohibited: 'no' },
        }),
      ),
    ).toBe(CHECK_ANSWERS_PATH);
  });

  it('is the first page saved unfinished, or whose answer no longer passes its checks', () => {
    expect(resume(draftWith(COMPLETE, { carer: { address: { postcode: 'nope' } } }))).toBe('/the-carer');
    expect(resume(draftWith({ ...COMPLETE, 'about-you': { role: 'nope' } }))).toBe('/about-you');
  });
});

describe('the save-and-return email', () => {
  const email = saveAndReturnLink(
    {
      councilName: 'Anytown Council',
      link: 'https://form.anytown.example/resume/abc',
      expiresAt: new Date('2026-06-22T10:00:00Z'),
      contact: COUNCIL,
    },
    'saver@school.example',
  );

  it('carries the link, when it runs out and how to reach the council, and no reference', () => {
    expect(email.to).toEqual(['saver@school.example']);
    expect(email.text).toContain('You started to tell Anytown Council about a private fostering arrangement');
    expect(email.text).toContain('https://form.anytown.example/resume/abc');
    expect(email.text).toContain('22 June 2026 at 11:00');
    expect(email.text).toContain('01632 960000');
    expect(email.text).toContain('01632 960999');
    expect(email.tags).toEqual({ purpose: 'save-and-return' });
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});

describe('the acknowledgement email', () => {
  const base = {
    councilName: 'Anytown Council',
    reference: 'ABCDEFGH',
    initialVisitDue: '2026-06-24',
  } as const;

  it('gives the contact details, the out-of-hours number and the feedback link when configured', () => {
    const { text } = notifierAcknowledgement({ ...base, contact: COUNCIL }, 'priya@school.example');
    expect(text).toContain('Phone: 01632 960000');
    expect(text).toContain('Email: childrens-services@anytown.example');
    expect(text).toContain('call 999');
    expect(text).toContain('emergency duty team on 01632 960999');
    expect(text).toContain('https://anytown.example/feedback');
  });

  it('still says to call 999 without them', () => {
    const { text } = notifierAcknowledgement(base, 'priya@school.example');
    expect(text).toContain('call 999');
    expect(text).not.toContain('Phone:');
  });
});

describe('the council contact configuration', () => {
  const env = {
    TABLE_NAME: 't',
    NOTIFICATION_QUEUE_URL: 'http://127.0.0.1:9324/000000000000/notifications',
    COUNCIL_NAME: 'Anytown Council',
    SENDER_ADDRESS: 'a@anytown.example',
    DESIGNATED_MANAGER_ADDRESS: 'm@anytown.example',
    ROUTING_RULES: '[]',
    STAFF_BASE_URL: 'http://127.0.0.1:3000/staff',
    PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
  };

  it('is optional for functions that do not show it, and required by those that do', () => {
    expect(parseRouteConfig(env).council).toBeUndefined();
    expect(() => parseNotifyConfig(env)).toThrow(ConfigurationError);
    expect(() => parseNotifyConfig(env)).toThrow(
      'Invalid configuration of notify: COUNCIL_CONTACT_PHONE is required; COUNCIL_OUT_OF_HOURS_PHONE is required',
    );
    const partial = { ...env, COUNCIL_CONTACT_PHONE: '01632 960000' };
    expect(() => parseNotifyConfig(partial)).toThrow(
      'Invalid configuration of notify: COUNCIL_OUT_OF_HOURS_PHONE is required',
    );
    expect(parseRouteConfig(partial).council).toBeUndefined();
    const full = {
      ...env,
      COUNCIL_CONTACT_PHONE: '01632 960000',
      COUNCIL_OUT_OF_HOURS_PHONE: '01632 960999',
      COUNCIL_CONTACT_EMAIL: COUNCIL.email,
      COUNCIL_FEEDBACK_URL: COUNCIL.feedbackUrl,
      COUNCIL_LOGO_URL: '/assets/council-logo.svg',
    };
    expect(parseNotifyConfig(full).council).toEqual(COUNCIL);
    expect(parseRouteConfig(full).council).toEqual(COUNCIL);
    expect(parseNotifyConfig(full).logoUrl).toBe('/assets/council-logo.svg');
  });

  it('rejects a logo that is neither https nor under /assets', () => {
    const withPhones = {
      ...env,
      COUNCIL_CONTACT_PHONE: '01632 960000',
      COUNCIL_OUT_OF_HOURS_PHONE: '01632 960999',
    };
    for (const logo of ['http://anytown.example/logo.svg', 'javascript:alert(1)', '/elsewhere/logo.svg'])
      expect(() => parseNotifyConfig({ ...withPhones, COUNCIL_LOGO_URL: logo }), logo).toThrow(
        /COUNCIL_LOGO_URL/,
      );
  });

  it('makes each phone number a tel: link', () => {
    const view = councilContactView({ phone: '(01632) 960-000', outOfHoursPhone: '+44 1632 960999' });
    expect(view.phoneHref).toBe('tel:01632960000');
    expect(view.outOfHoursPhoneHref).toBe('tel:+441632960999');
  });
});

describe('the pages that show the contact details', () => {
  const views = createViewRenderer({
    viewDirectories: [notifyViewDirectory()],
    globals: {
      councilName: 'Anytown Council',
      councilContact: councilContactView(COUNCIL),
      serviceName: 'Tell us',
      footerLinks: [],
    },
  });

  it('say the form is not for emergencies and give 999 and the out-of-hours number', () => {
    for (const template of ['start.njk', 'urgent-concern.njk']) {
      const html = views.render(template, { cspNonce: 'n', continuePath: '/check-answers' });
      expect(html, template).toContain('999');
      expect(html, template).toContain('href="tel:01632960999"');
      expect(html, template).toContain('href="tel:01632960000"');
    }
  });

  it('put the contact details on error pages', () => {
    const html = views.render('error.njk', { cspNonce: 'n', title: 'Page not found', body: 'x' });
    expect(html).toContain('If you need help');
    expect(html).toContain('mailto:childrens-services@anytown.example');
  });

  it('link to feedback from the confirmation, and say what happens next', () => {
    const html = views.render('confirmation.njk', {
      cspNonce: 'n',
      reference: 'ABCDEFGH',
      copyPath: '/your-notification',
      startAgainPath: '/start',
    });
    expect(html).toContain('What happens next');
    expect(html).toContain('href="https://anytown.example/feedback"');
    expect(html).toContain('01632 960000');
  });
});
