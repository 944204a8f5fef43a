import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  computeSchedule,
  TRANSFER_ACKNOWLEDGEMENT_WORKING_DAYS,
  transferAcknowledgementDue,
} from '../../shared/domain/statutory-clock.ts';
import type { CaseSnapshot } from '../../shared/domain/stored-case.ts';
import {
  CouncilRefSchema,
  candidateCouncils,
  moveOf,
  type PostcodeDistrictFile,
  postcodeDistrictOf,
  postcodeInText,
  ReceivingCouncilConfigSchema,
  receivingCouncilFor,
} from '../../shared/domain/transfer.ts';

const file: PostcodeDistrictFile = {
  source: 'test fixture',
  licence: 'OGL v3.0',
  generatedOn: '2026-11-26',
  districts: {
    XY1: [{ gss: 'E06000001', name: 'One' }],
    XY2: [
      { gss: 'E06000001', name: 'One' },
      { gss: 'E06000002', name: 'Two' },
    ],
  },
};

describe('the receiving council by postcode district', () => {
  it('reads the district from a postcode, with or without the space', () => {
    expect(postcodeDistrictOf('xy1 2ab')).toBe('XY1');
    expect(postcodeDistrictOf('SW1A1AA')).toBe('SW1A');
    expect(postcodeDistrictOf('not a postcode')).toBeUndefined();
    expect(postcodeInText('12 New Road, Othertown, ot3 4cd')).toBe('OT3 4CD');
  });

  it('names one council, asks staff to confirm a district spanning councils, and none when unknown', () => {
    expect(receivingCouncilFor('XY1 2AB', [], file)).toEqual({
      found: 'one',
      district: 'XY1',
      council: { gss: 'E06000001', name: 'One' },
    });
    expect(receivingCouncilFor('XY2 2AB', [], file).found).toBe('several');
    expect(receivingCouncilFor('ZZ9 9ZZ', [], file)).toEqual({ found: 'none', district: 'ZZ9' });
    expect(receivingCouncilFor(undefined, [], file).found).toBe('none');
  });

  it('takes configured neighbours first', () => {
    const configured = [
      { gss: 'E06000009', name: 'Nine', frontDoorEmail: 'mash@nine.example', postcodeDistricts: ['XY2'] },
    ];
    expect(receivingCouncilFor('XY2 2AB', configured, file)).toEqual({
      found: 'one',
      district: 'XY2',
      council: { gss: 'E06000009', name: 'Nine' },
    });
  });
});

describe("the receiving council is a children's services authority", () => {
  const council = (gss: string) => ({ gss, name: 'A council', frontDoorEmail: 'mash@council.example' });

  it('is configured as a county (E10), unitary, metropolitan or London borough council, never a district', () => {
    for (const gss of ['E10000016', 'E06000035', 'E08000025', 'E09000007']) {
      expect(z.safeParse(ReceivingCouncilConfigSchema, council(gss)).success).toBe(true);
    }
    // A district council in a two-tier area has no children's services (Children Act 1989 s.105(1)).
    expect(z.safeParse(ReceivingCouncilConfigSchema, council('E07000106')).success).toBe(false);
    expect(z.safeParse(ReceivingCouncilConfigSchema, council('W06000015')).success).toBe(false);
  });

  it('still reads a district council a case named before the lookup named counties', () => {
    expect(z.safeParse(CouncilRefSchema, { gss: 'E07000106', name: 'Canterbury' }).success).toBe(true);
  });
});

describe('a move between councils', () => {
  const snapshot = (address: string | undefined, transfer?: CaseSnapshot['transfer']) =>
    ({
      caseRecord: {},
      ...(address ? { end: { newCarer: { address } } } : {}),
      ...(transfer ? { transfer } : {}),
    }) as unknown as Pick<CaseSnapshot, 'caseRecord' | 'notices' | 'end' | 'transfer'>;
  const rules = [{ postcodePrefix: 'AB', mailbox: 'front-door@council.example' }];

  it('loads the postcode file only when a postcode out of the area needs a council named', async () => {
    let loads = 0;
    const districts = async () => {
      loads++;
      return file;
    };
    expect(await moveOf(snapshot(undefined), [], rules, districts)).toBeUndefined();
    expect(await moveOf(snapshot('1 Home Road, AB1 2CD'), [], rules, districts)).toBeUndefined();
    expect(loads).toBe(0);
    const named = snapshot('2 New Road, XY9 9ZZ', {
      receivingCouncil: { gss: 'E10000016', name: 'Kent' },
      source: 'staff',
      district: 'XY9',
      recordedBy: 'fd@council.example',
      recordedAt: '2027-03-01T10:00:00Z',
    });
    expect((await moveOf(named, [], rules, districts))?.council).toEqual({ gss: 'E10000016', name: 'Kent' });
    expect(loads).toBe(0);
    expect(await moveOf(snapshot('3 New Road, XY2 2AB'), [], rules, districts)).toMatchObject({
      district: 'XY2',
      council: undefined,
      needsConfirmation: file.districts.XY2,
    });
    expect(loads).toBe(1);
  });
});

describe('the candidate councils of a split district (issue 12)', () => {
  const two = {
    gss: 'E06000002',
    name: 'Two',
    frontDoorEmail: 'front-door@two.example',
  };

  it('keeps the lookup order (most postcodes first) and says which have a front door to send to', () => {
    expect(candidateCouncils(file.districts.XY2 ?? [], [two])).toEqual([
      { gss: 'E06000001', name: 'One' },
      { gss: 'E06000002', name: 'Two', frontDoorEmail: 'front-door@two.example' },
    ]);
  });

  it('are what a move into the district needs confirmed', async () => {
    const snapshot = {
      caseRecord: {},
      end: { newCarer: { address: '3 New Road, XY2 2AB' } },
    } as unknown as Pick<CaseSnapshot, 'caseRecord' | 'notices' | 'end' | 'transfer'>;
    const rules = [{ postcodePrefix: 'AB', mailbox: 'front-door@council.example' }];
    const move = await moveOf(snapshot, [two], rules, async () => file);
    expect(move?.needsConfirmation).toEqual([
      { gss: 'E06000001', name: 'One' },
      { gss: 'E06000002', name: 'Two', frontDoorEmail: 'front-door@two.example' },
    ]);
    expect(move?.council).toBeUndefined();
    expect(move?.frontDoorEmail).toBeUndefined();
  });
});

describe('the transfer acknowledgement obligation', () => {
  const notifiedAt = new Date('2027-03-01T10:00:00Z');
  const sentAt = new Date('2027-03-10T15:00:00Z'); // a Wednesday

  it('is due 5 working days after the notice was sent, and stays owed when the arrangement ends', () => {
    expect(TRANSFER_ACKNOWLEDGEMENT_WORKING_DAYS).toBe(5);
    expect(transferAcknowledgementDue(sentAt).due).toBe('2027-03-17');
    const schedule = computeSchedule({
      notifiedAt,
      visits: [],
      ended: { on: '2027-03-09' },
      transfer: { sentAt },
    });
    const t = schedule.find((o) => o.kind === 'transfer-acknowledgement');
    expect(t?.status).toBe('open');
    expect(t?.due).toBe('2027-03-17');
    expect(schedule.find((o) => o.kind === 'initial-visit')?.status).toBe('cancelled');
  });

  it('counts over bank holidays: sent before Easter 2027', () => {
    // Good Friday 26 March and Easter Monday 29 March 2027 are not working days.
    expect(transferAcknowledgementDue(new Date('2027-03-24T10:00:00Z')).due).toBe('2027-04-02');
  });

  it('is met by the acknowledgement', () => {
    const schedule = computeSchedule({
      notifiedAt,
      visits: [],
      transfer: { sentAt, acknowledgedOn: '2027-03-12' },
    });
    expect(schedule.find((o) => o.kind === 'transfer-acknowledgement')).toMatchObject({
      status: 'met',
      metOn: '2027-03-12',
    });
  });
});
