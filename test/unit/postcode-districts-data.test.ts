import { describe, expect, it } from 'vitest';
import { receivingCouncilFor, shippedPostcodeDistricts } from '../../shared/domain/transfer.ts';

/**
 * The shipped lookup is real data (OS Code-Point Open, October 2025 release): these facts were
 * counted from that release's CSVs (postcodes per council in each district), not typed from
 * memory, so a regenerated file that loses them has lost something real.
 */
describe('the shipped postcode district lookup', () => {
  const { districts } = shippedPostcodeDistricts;

  it('is derived data with its source and Open Government Licence attribution, not a sample', () => {
    expect(shippedPostcodeDistricts.sample).toBeUndefined();
    expect(shippedPostcodeDistricts.source).toContain('OS Code-Point Open, dataset version 2025.4.0');
    expect(shippedPostcodeDistricts.licence).toContain('Open Government Licence v3.0');
    expect(shippedPostcodeDistricts.licence).toContain(
      'Contains OS data © Crown copyright and database right 2025',
    );
    expect(shippedPostcodeDistricts.licence).toContain('Source: Office for National Statistics');
  });

  it('covers England: every postcode district with a postcode in an English council, and only those', () => {
    expect(Object.keys(districts)).toHaveLength(2223);
    const councils = new Set(Object.values(districts).flatMap((c) => c.map((x) => x.gss)));
    expect(councils.size).toBe(296);
    expect([...councils].every((g) => /^E0[6-9]\d{6}$/.test(g))).toBe(true);
    // Cardiff and Edinburgh city-centre districts are not English.
    expect(districts.CF10).toBeUndefined();
    expect(districts.EH1).toBeUndefined();
  });

  it('names one council where all of a district lies in it', () => {
    expect(receivingCouncilFor('B1 1AA', [])).toEqual({
      found: 'one',
      district: 'B1',
      council: { gss: 'E08000025', name: 'Birmingham' },
    });
    expect(districts.BS1).toEqual([{ gss: 'E06000023', name: 'Bristol, City of' }]);
    expect(districts.M1).toEqual([{ gss: 'E08000003', name: 'Manchester' }]);
  });

  it('uses the councils of 2023 and 2024, not the ones they replaced', () => {
    expect(districts.CA1).toEqual([{ gss: 'E06000063', name: 'Cumberland' }]);
    expect(districts.LA9).toEqual([{ gss: 'E06000064', name: 'Westmorland and Furness' }]);
    expect(districts.HG1).toEqual([{ gss: 'E06000065', name: 'North Yorkshire' }]);
    expect(districts.TA1).toEqual([{ gss: 'E06000066', name: 'Somerset' }]);
    expect(districts.S1).toEqual([{ gss: 'E08000039', name: 'Sheffield' }]);
    const all = JSON.stringify(districts);
    for (const gone of ['E07000026', 'E07000163', 'E07000187', 'E08000016', 'E08000019']) {
      expect(all).not.toContain(gone);
    }
  });

  it('keeps every council a district spans, the largest share first, so staff confirm which', () => {
    // NW1: 1,318 postcodes in Camden, 335 in Westminster.
    expect(receivingCouncilFor('NW1 1AA', [])).toEqual({
      found: 'several',
      district: 'NW1',
      councils: [
        { gss: 'E09000007', name: 'Camden' },
        { gss: 'E09000033', name: 'Westminster' },
      ],
    });
    // S35: Sheffield 793, Barnsley 92, Rotherham 5.
    expect(districts.S35?.map((c) => c.name)).toEqual(['Sheffield', 'Barnsley', 'Rotherham']);
  });
});
