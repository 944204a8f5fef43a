import { describe, expect, it } from 'vitest';
import {
  computeSchedule,
  TRANSFER_ACKNOWLEDGEMENT_WORKING_DAYS,
  transferAcknowledgementDue,
} from '../../shared/domain/statutory-clock.ts';
import {
  type PostcodeDistrictFile,
  postcodeDistrictOf,
  postcodeInText,
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
