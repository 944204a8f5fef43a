import { describe, expect, it } from 'vitest';
import { parseAllocation } from '../../functions/staff/actions/allocate.ts';
import { parseCheck } from '../../functions/staff/actions/record-check.ts';
import { parseSafetyPlan } from '../../functions/staff/actions/record-safety-plan.ts';
import { parseVisit } from '../../functions/staff/actions/record-visit.ts';
import { parseVisitRequest } from '../../functions/staff/actions/record-visit-request.ts';
import { safeReturnTo } from '../../functions/staff/auth.ts';
import { casesCsv, csvCell, toCsv } from '../../functions/staff/compliance/csv.ts';
import { parseStaffConfig } from '../../functions/staff/staff-config.ts';
import { checkRows, reminderRows } from '../../functions/staff/view-models.ts';
import type { Reminder } from '../../shared/domain/reminders.ts';
import { staffIdentityFromClaims } from '../../shared/domain/staff-access.ts';
import type { CaseSnapshot } from '../../shared/domain/stored-case.ts';

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

  it('words the initial visit as judged in shared/domain: ended before it was due is not late', () => {
    const row = {
      reference: 'FFFFFFFF',
      receivedOn: '2026-08-03',
      notifierRole: 'carer' as const,
      status: 'ended' as const,
      allocatedTo: undefined,
      initialVisit: { due: '2026-08-12', made: undefined, outcome: 'ended-before-due' as const },
      visits: 0,
      visitsSeenAlone: 0,
      lastVisit: undefined,
      nextDue: undefined,
      checksCompleted: 0,
      endedOn: '2026-08-07',
      endReason: 'returned-home' as const,
      decision: undefined,
      decidedOn: undefined,
      daysToDecision: undefined,
      arrangement: 'running' as const,
      movedInOn: undefined,
      startedOn: '2026-08-03',
      notCounted: undefined,
      duplicateOf: undefined,
      ageLimitOn: undefined,
      visitsAloneNotAppropriate: 0,
      visitsBeforeNotification: 0,
    };
    const line = casesCsv([row]).split('\r\n')[1];
    expect(line).toBe(
      '"FFFFFFFF","2026-08-03","Carer","ended","","2026-08-12","","not due (ended before)",0,0,"","",0,"2026-08-07","Returned home to a parent","","","","running","","2026-08-03","","","","",0,0',
    );
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

describe('a delayed DBS check on the check form', () => {
  const nov = (day: string) => ({ day, month: '11', year: '2026' });

  it('records a DBS check as delayed, with the reason', () => {
    expect(
      parseCheck(
        { checkType: 'dbs-household', requestedOn: nov('5'), delayed: 'yes', delayReason: ' DBS backlog ' },
        LIMITS,
      ),
    ).toEqual({
      ok: true,
      value: {
        checkType: 'dbs-household',
        requestedOn: '2026-11-05',
        delayed: true,
        delayReason: 'DBS backlog',
      },
    });
  });

  it('needs a reason, a DBS check, and no completion date', () => {
    const noReason = parseCheck({ checkType: 'dbs-carer', requestedOn: nov('5'), delayed: 'yes' }, LIMITS);
    expect(noReason.ok ? undefined : noReason.errors.byId.delayReason?.text).toBe(
      'Enter why the check is delayed',
    );
    const police = parseCheck(
      { checkType: 'police', requestedOn: nov('5'), delayed: 'yes', delayReason: 'x' },
      LIMITS,
    );
    expect(police.ok ? undefined : police.errors.byId.delayed?.text).toBe(
      'Only a DBS check can be recorded as delayed',
    );
    const done = parseCheck(
      {
        checkType: 'dbs-carer',
        completedOn: nov('10'),
        outcome: 'no-concerns',
        delayed: 'yes',
        delayReason: 'x',
      },
      LIMITS,
    );
    expect(done.ok ? undefined : done.errors.byId.delayed?.text).toMatch(/^A completed check is not delayed/);
  });

  it('ignores a reason when the box is not ticked', () => {
    const r = parseCheck(
      { checkType: 'dbs-carer', requestedOn: nov('5'), delayReason: 'typed then unticked' },
      LIMITS,
    );
    expect(r).toEqual({ ok: true, value: { checkType: 'dbs-carer', requestedOn: '2026-11-05' } });
  });
});

describe('the visit request form', () => {
  it('records who asked and when', () => {
    expect(
      parseVisitRequest(
        { requestedOn: { day: '9', month: '11', year: '2026' }, requestedBy: 'child' },
        LIMITS,
      ),
    ).toEqual({ ok: true, value: { requestedOn: '2026-11-09', requestedBy: 'child' } });
  });

  it('needs a date on or after the notification and not in the future, and who asked', () => {
    const r = parseVisitRequest({ requestedOn: { day: '1', month: '11', year: '2026' } }, LIMITS);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.byId.requestedOn?.text).toBe(
      'Date asked for must be on or after 2 November 2026, when the notification was received',
    );
    expect(r.errors.byId.requestedBy?.text).toBe('Select who asked for the visit');
    const future = parseVisitRequest(
      { requestedOn: { day: '23', month: '11', year: '2026' }, requestedBy: 'parent' },
      LIMITS,
    );
    expect(future.ok).toBe(false);
    expect(
      parseVisitRequest({ requestedOn: { day: '9', month: '11', year: '2026' }, requestedBy: 'aunt' }, LIMITS)
        .ok,
    ).toBe(false);
  });
});

describe('the interim safety plan form', () => {
  it('needs the date agreed and what the plan is', () => {
    expect(
      parseSafetyPlan(
        { agreedOn: { day: '20', month: '11', year: '2026' }, notes: 'Interim police check clear.' },
        LIMITS,
      ),
    ).toEqual({ ok: true, value: { agreedOn: '2026-11-20', notes: 'Interim police check clear.' } });
    const r = parseSafetyPlan({}, LIMITS);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.byId.agreedOn?.text).toBe('Enter the date the plan was agreed');
    expect(r.errors.byId.notes?.text).toBe(
      'Enter the interim police checks made and the safety measures agreed',
    );
  });
});

describe('the checks on the case page', () => {
  const obligation = (type: string, due: string, status: 'open' | 'met' = 'open') => ({
    kind: `check:${type}` as never,
    due,
    status,
    basis: 'b',
  });
  const snapshot = {
    obligations: [
      obligation('dbs-carer', '2026-11-20'),
      obligation('dbs-household', '2026-11-20'),
      obligation('police', '2026-11-20', 'met'),
      obligation('health', '2026-11-22'),
      obligation('education', '2026-11-30'),
    ],
    checks: [
      {
        checkType: 'police',
        completedOn: '2026-11-10',
        outcome: 'no-concerns',
        recordedBy: 'x',
        recordedAt: 'y',
      },
      {
        checkType: 'dbs-household',
        requestedOn: '2026-11-05',
        delayed: true,
        delayReason: 'Backlog',
        recordedBy: 'x',
        recordedAt: 'y',
      },
    ],
  } as unknown as CaseSnapshot;

  it('shows every tracked check with where it stands today, a DBS check past due as overdue', () => {
    const rows = checkRows(snapshot, '2026-11-22');
    expect(rows.map((r) => [r.type, r.due, r.status.text, r.hint])).toEqual([
      [
        'Enhanced DBS check of the carer',
        '20 November 2026',
        'Overdue',
        'If it is held up, record it as delayed: an interim safety plan is then due.',
      ],
      ['Enhanced DBS checks of household members over 18', '20 November 2026', 'Delayed', 'Backlog'],
      ['Police (PNC) check', '20 November 2026', 'Done', ''],
      ['Health check (GP)', '22 November 2026', 'Due today', ''],
      ['Education check (school)', '30 November 2026', 'To do', ''],
    ]);
    // On its due date a check is due today, not yet overdue.
    expect(checkRows(snapshot, '2026-11-20')[0]?.status.text).toBe('Due today');
  });
});

describe('the reminders waiting on the case page', () => {
  const reminder = (obligation: string, stage: Reminder['stage'], dueAt: string): Reminder => ({
    reference: 'AAAAAAAA',
    reminderId: `${obligation}#${stage}`,
    obligation,
    stage,
    due: dueAt.slice(0, 10),
    basis: '',
    recipient: 'caseworker1@anytown.example',
    audience: 'case',
    state: 'pending',
    dueAt,
    attempts: 0,
  });

  it('says when each goes out, and that one whose time has passed waits for the next run', () => {
    const rows = reminderRows(
      [
        reminder('check:dbs-carer', 'overdue', '2026-11-20T08:00:00.000Z'),
        reminder('check:dbs-carer', 'escalation', '2026-11-20T08:00:00.000Z'),
        reminder('regulation-8-visit', 'due-soon', '2026-12-14T08:00:00.000Z'),
      ],
      new Date('2026-11-24T10:00:00.000Z'),
    );
    expect(rows.map((r) => [r.what, r.stage, r.goesOut.replace(/\s/g, ' '), r.more])).toEqual([
      [
        'Enhanced DBS check of the carer',
        'Overdue',
        'With the next reminder run (due since 20 November 2026, 8:00 am)',
        1,
      ],
      ['Next regulation 8 visit', 'Due soon', '14 December 2026, 8:00 am', 0],
    ]);
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
    TABLE_NAME: 'pf-table',
    COUNCIL_NAME: 'Anytown Council',
    DESIGNATED_MANAGER_ADDRESS: 'manager@anytown.example',
    SENDER_ADDRESS: 'private-fostering@anytown.example',
    OIDC_ISSUER: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_abc',
    OIDC_CLIENT_ID: 'client',
    OIDC_CLIENT_SECRET: 'secret',
    STAFF_BASE_URL: 'https://pf.anytown.example/staff/',
  };

  it('reads the staff directory, and refuses one that is not a list of staff', () => {
    expect(parseStaffConfig(env).staffDirectory).toEqual([]);
    const listed = [{ email: 'caseworker3@anytown.example', name: 'Alex Newstarter', role: 'caseworker' }];
    expect(parseStaffConfig({ ...env, STAFF_DIRECTORY: JSON.stringify(listed) }).staffDirectory).toEqual(
      listed,
    );
    for (const bad of ['not json', '[{"email":"x","name":"X","role":"caseworker"}]', '{}']) {
      expect(() => parseStaffConfig({ ...env, STAFF_DIRECTORY: bad })).toThrow(/STAFF_DIRECTORY/);
    }
  });

  it('derives the callback and session limits', () => {
    const c = parseStaffConfig(env);
    expect(c.mail.senderAddress).toBe('private-fostering@anytown.example');
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

describe('who may sign in to the staff pages', () => {
  const claims = {
    sub: 'c0ffee00-1234',
    email: 'Casey.Worker@Anytown.example',
    email_verified: true,
    name: 'Casey Worker',
    'cognito:groups': ['caseworker'],
  };

  it('binds the session to the subject, with the verified address for display and allocation', () => {
    expect(staffIdentityFromClaims(claims)).toEqual({
      subject: 'c0ffee00-1234',
      email: 'casey.worker@anytown.example',
      name: 'Casey Worker',
      role: 'caseworker',
    });
    expect(staffIdentityFromClaims({ ...claims, email_verified: 'true' })?.role).toBe('caseworker');
  });

  it('refuses an address the provider has not verified, including one that does not say', () => {
    expect(staffIdentityFromClaims({ ...claims, email_verified: false })).toBeUndefined();
    const { email_verified: _, ...unsaid } = claims;
    expect(staffIdentityFromClaims(unsaid)).toBeUndefined();
    expect(staffIdentityFromClaims({ ...claims, email_verified: 'false' })).toBeUndefined();
  });

  it('refuses a token with no subject or no staff group', () => {
    const { sub: _, ...noSubject } = claims;
    expect(staffIdentityFromClaims(noSubject)).toBeUndefined();
    expect(staffIdentityFromClaims({ ...claims, 'cognito:groups': ['finance'] })).toBeUndefined();
  });
});
