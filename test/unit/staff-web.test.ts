import { describe, expect, it } from 'vitest';
import { safeReturnTo } from '../../functions/staff/auth.ts';
import { csvCell, toCsv } from '../../functions/staff/csv.ts';
import { parseAllocation, parseCheck, parseVisit } from '../../functions/staff/forms.ts';
import { parseStaffConfig } from '../../functions/staff/staff-config.ts';

const LIMITS = { today: '2026-11-22', receivedOn: '2026-11-02', receivedOnText: '2 November 2026' };

describe('CSV for spreadsheets', () => {
  it('quotes every text field and doubles quotes', () => {
    expect(csvCell('a "quoted", word')).toBe('"a ""quoted"", word"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(undefined)).toBe('""');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(-3)).toBe('-3');
  });

  it('stops formula injection with a leading apostrophe', () => {
    for (const hostile of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(csvCell(hostile).startsWith(`"'`)).toBe(true);
    }
    expect(csvCell('Anytown Academy')).toBe('"Anytown Academy"');
  });

  it('writes a BOM and CRLF line ends', () => {
    expect(toCsv(['A', 'B'], [[1, 'x']])).toBe('\uFEFF"A","B"\r\n1,"x"\r\n');
  });
});

describe('the visit form', () => {
  it('records a visit', () => {
    const r = parseVisit(
      {
        date: { day: '5', month: 'Nov', year: '2026' },
        kind: 'initial',
        childSeenAlone: 'yes',
        matters: ['health', 'not-a-matter', 'health'],
      },
      LIMITS,
    );
    expect(r).toEqual({
      ok: true,
      value: { date: '2026-11-05', kind: 'initial', childSeenAlone: true, matters: ['health'] },
    });
  });

  it('needs a reason when the child was not seen alone, and a date on or after the notification', () => {
    const r = parseVisit(
      { date: { day: '1', month: '11', year: '2026' }, kind: 'initial', childSeenAlone: 'no' },
      LIMITS,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.byId.date?.text).toBe(
      'Date of the visit must be on or after 2 November 2026, when the notification was received',
    );
    expect(r.errors.byId.notSeenAloneReason?.text).toBe('Enter why the child was not seen alone');
  });

  it('refuses a visit in the future', () => {
    const r = parseVisit(
      { date: { day: '23', month: '11', year: '2026' }, kind: 'regulation-8', childSeenAlone: 'yes' },
      LIMITS,
    );
    expect(r.ok).toBe(false);
  });
});

describe('the check form', () => {
  it('needs a date, and an outcome once complete', () => {
    const none = parseCheck({ checkType: 'police' }, LIMITS);
    expect(none.ok ? undefined : none.errors.byId.requestedOn?.text).toMatch(
      /^Enter the date the check was requested/,
    );
    const noOutcome = parseCheck(
      { checkType: 'police', completedOn: { day: '10', month: '11', year: '2026' } },
      LIMITS,
    );
    expect(noOutcome.ok ? undefined : noOutcome.errors.byId.outcome?.text).toBe(
      'Select the outcome of the check',
    );
    const backwards = parseCheck(
      {
        checkType: 'police',
        requestedOn: { day: '10', month: '11', year: '2026' },
        completedOn: { day: '9', month: '11', year: '2026' },
        outcome: 'no-concerns',
      },
      LIMITS,
    );
    expect(backwards.ok ? undefined : backwards.errors.byId.completedOn?.text).toBe(
      'Date completed must be on or after the date requested',
    );
  });
});

describe('the allocation form', () => {
  const known = [{ email: 'caseworker1@anytown.example', name: 'Casey Worker' }];
  it('takes a known caseworker, or another by email', () => {
    expect(parseAllocation({ caseworker: 'caseworker1@anytown.example' }, known)).toEqual({
      ok: true,
      value: { email: 'caseworker1@anytown.example', name: 'Casey Worker' },
    });
    expect(parseAllocation({ caseworker: 'other', otherEmail: 'New.Person@Anytown.example' }, known)).toEqual(
      {
        ok: true,
        value: { email: 'new.person@anytown.example', name: undefined },
      },
    );
    const missing = parseAllocation({ caseworker: 'other' }, known);
    expect(missing.ok ? undefined : missing.errors.byId.otherEmail?.text).toBe(
      "Enter the caseworker's email address",
    );
    expect(parseAllocation({ caseworker: 'someone@evil.example' }, known).ok).toBe(false);
  });
});

describe('sign-in return paths', () => {
  it('only ever returns to a staff page', () => {
    expect(safeReturnTo('/staff/cases/ABCDEFGH')).toBe('/staff/cases/ABCDEFGH');
    expect(safeReturnTo('/staff/cases?show=overdue')).toBe('/staff/cases?show=overdue');
    for (const bad of [
      'https://evil.example',
      '//evil.example',
      '/staff//evil.example',
      '/\\evil',
      '/notify',
      undefined,
    ]) {
      expect(safeReturnTo(bad)).toBe('/staff/cases');
    }
  });
});

describe('staff configuration', () => {
  const env = {
    OIDC_ISSUER: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_abc',
    OIDC_CLIENT_ID: 'client',
    OIDC_CLIENT_SECRET: 'secret',
    STAFF_BASE_URL: 'https://pf.anytown.example/staff/',
  };

  it('derives the callback and session limits', () => {
    const c = parseStaffConfig(env);
    expect(c.redirectUri).toBe('https://pf.anytown.example/staff/auth/callback');
    expect(c.sessionIdleSeconds).toBe(30 * 60);
    expect(c.sessionAbsoluteSeconds).toBe(10 * 3600);
    expect(c.allowInsecureIssuer).toBe(false);
  });

  it('takes the secret itself (local) or the ARN of the secret holding it (AWS)', () => {
    expect(parseStaffConfig(env).oidcClientSecret).toEqual({ value: 'secret' });
    const arn = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:pf-staff-client-AbCdEf';
    const aws = parseStaffConfig({
      ...env,
      OIDC_CLIENT_SECRET: undefined,
      OIDC_CLIENT_SECRET_ARN: arn,
      OIDC_LOGOUT_URL: 'https://pf-anytown.auth.eu-west-2.amazoncognito.com/logout',
    });
    expect(aws.oidcClientSecret).toEqual({ secretArn: arn });
    expect(aws.logoutUrl).toBe('https://pf-anytown.auth.eu-west-2.amazoncognito.com/logout');
    expect(() => parseStaffConfig({ ...env, OIDC_CLIENT_SECRET_ARN: arn })).toThrow(/exactly one of/);
    expect(() => parseStaffConfig({ ...env, OIDC_CLIENT_SECRET: undefined })).toThrow(/exactly one of/);
  });

  it('names the missing variable', () => {
    expect(() => parseStaffConfig({ ...env, OIDC_CLIENT_ID: undefined })).toThrow(/OIDC_CLIENT_ID/);
    expect(() => parseStaffConfig({ ...env, SESSION_IDLE_MINUTES: 'soon' })).toThrow(/SESSION_IDLE_MINUTES/);
  });

  it('allows plain HTTP only for the local provider on 127.0.0.1', () => {
    expect(parseStaffConfig({ ...env, OIDC_ISSUER: 'http://127.0.0.1:4000' }).allowInsecureIssuer).toBe(true);
    expect(() => parseStaffConfig({ ...env, OIDC_ISSUER: 'http://idp.example' })).toThrow(/OIDC_ISSUER/);
  });
});
