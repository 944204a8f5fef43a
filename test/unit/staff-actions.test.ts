import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CaseActionContext } from '../../functions/staff/actions/action.ts';
import {
  ANOTHER_COUNCIL,
  nameReceivingCouncilAction,
} from '../../functions/staff/actions/name-receiving-council.ts';
import { CASE_ACTIONS } from '../../functions/staff/actions/registry.ts';
import type { CaseSnapshot } from '../../shared/domain/stored-case.ts';

const VIEWS = fileURLToPath(new URL('../../functions/staff/views/', import.meta.url));

describe('the case action registry', () => {
  it('gives every action its own path segment, a page template, a button and a done message', () => {
    expect(new Set(CASE_ACTIONS.map((a) => a.id)).size).toBe(CASE_ACTIONS.length);
    for (const action of CASE_ACTIONS) {
      expect(action.id).toMatch(/^[a-z][a-z-]*$/);
      expect(existsSync(`${VIEWS}${action.template}`), action.template).toBe(true);
      expect(action.title('AB12CD34')).toContain('AB12CD34');
      expect(action.doneMessage.length).toBeGreaterThan(0);
    }
  });

  it('lists the actions in the order of the buttons on the case page', () => {
    expect(CASE_ACTIONS.map((a) => a.id)).toEqual([
      // First while it applies: the front door decides within one working day (Working Together 2023).
      'record-front-door-decision',
      // A possible duplicate is decided first (issue 12): it shows only while undecided.
      'link-duplicate',
      // Asking the notifier for what is missing (issue 12): early, while the front door triages.
      'request-missing-information',
      'allocate',
      'record-move-in',
      'record-visit',
      'record-visit-request',
      'record-check',
      'record-safety-plan',
      'record-end',
      // A move between councils (issue 12): shown while a move waits to be told.
      'tell-receiving-council',
      'name-receiving-council',
      'record-decision',
      'correct-arrangement',
      'correct-child-details',
      'record-restriction',
    ]);
  });
});

describe('naming the receiving council (issue 12)', () => {
  const ME1 = [
    { gss: 'E06000035', name: 'Medway' },
    { gss: 'E10000016', name: 'Kent', frontDoorEmail: 'front-door@kent.example' },
  ];
  const ctx = (needsConfirmation?: typeof ME1): CaseActionContext => ({
    snapshot: {} as CaseSnapshot,
    limits: { today: '2027-03-08', receivedOn: '2027-03-01', receivedOnText: '1 March 2027' },
    knownCaseworkers: async () => [],
    move: {
      district: 'ME1',
      council: undefined,
      needsConfirmation,
      frontDoorEmail: undefined,
      transfer: undefined,
    },
  });
  const change = (district: string, gss: string, name: string) => ({
    ok: true,
    value: { type: 'name-receiving-council', council: { gss, name }, district },
  });

  it('records a candidate of a split district as if its code and name were typed', async () => {
    expect(await nameReceivingCouncilAction.parse({ council: 'E10000016' }, ctx(ME1))).toEqual(
      change('ME1', 'E10000016', 'Kent'),
    );
    // The hidden "Another council" fields are read only for that answer.
    expect(
      await nameReceivingCouncilAction.parse({ council: 'E06000035', gss: 'E09000001', name: 'x' }, ctx(ME1)),
    ).toEqual(change('ME1', 'E06000035', 'Medway'));
    expect(
      await nameReceivingCouncilAction.parse(
        { council: ANOTHER_COUNCIL, gss: 'e09000001', name: 'City of London' },
        ctx(ME1),
      ),
    ).toEqual(change('ME1', 'E09000001', 'City of London'));
  });

  it('asks for a choice, and for the code and name under "Another council"', async () => {
    const errorsOf = async (input: Record<string, unknown>) => {
      const r = await nameReceivingCouncilAction.parse(input, ctx(ME1));
      return r.ok ? [] : r.errors.list;
    };
    expect(await errorsOf({})).toEqual([
      { text: 'Select the council the child has moved to', href: '#council' },
    ]);
    // A code that is not one of the district's candidates is not a choice.
    expect(await errorsOf({ council: 'E09000001' })).toEqual([
      { text: 'Select the council the child has moved to', href: '#council' },
    ]);
    expect(await errorsOf({ council: ANOTHER_COUNCIL })).toEqual([
      { text: 'Enter the council’s ONS GSS code, like E08000025', href: '#gss' },
      { text: 'Enter the council’s name', href: '#name' },
    ]);
    expect(
      (await errorsOf({ council: ANOTHER_COUNCIL, gss: 'E07000106', name: 'Canterbury' }))[0]?.text,
    ).toContain('a district council does not run children’s services');
  });

  it('offers the candidates, most postcodes first, with whether a transfer notice can be sent', async () => {
    const view = await nameReceivingCouncilAction.viewData(ctx(ME1), undefined);
    expect(view.candidates).toEqual(ME1);
    expect(view.anotherCouncil).toBe(ANOTHER_COUNCIL);
  });

  it('offers the district’s councils again to correct a council named but not yet told', async () => {
    const named: CaseActionContext = {
      ...ctx(),
      move: {
        district: 'ME1',
        council: { gss: 'E09000001', name: 'City of London' },
        needsConfirmation: undefined,
        frontDoorEmail: undefined,
        transfer: {
          receivingCouncil: { gss: 'E09000001', name: 'City of London' },
          source: 'staff',
          district: 'ME1',
          recordedBy: 'manager@anytown.example',
          recordedAt: '2027-03-08T10:00:00.000Z',
        },
      },
      districtCandidates: async (district) => (district === 'ME1' ? ME1 : []),
    };
    expect((await nameReceivingCouncilAction.viewData(named, undefined)).candidates).toEqual(ME1);
    expect(await nameReceivingCouncilAction.parse({ council: 'E10000016' }, named)).toEqual(
      change('ME1', 'E10000016', 'Kent'),
    );
  });

  it('without a split district, takes the code and name as typed', async () => {
    expect(
      await nameReceivingCouncilAction.parse({ gss: 'E10000016', name: 'Kent County Council' }, ctx()),
    ).toEqual(change('ME1', 'E10000016', 'Kent County Council'));
    const r = await nameReceivingCouncilAction.parse({}, ctx());
    expect(r.ok ? [] : r.errors.list.map((e) => e.href)).toEqual(['#gss', '#name']);
  });
});
