import { describe, expect, it } from 'vitest';
import { shippedPostcodeDistricts } from '../../shared/domain/postcode-lookup.ts';
import { receivingCouncilFor } from '../../shared/domain/transfer.ts';

const lookUp = (postcode: string) => receivingCouncilFor(postcode, [], shippedPostcodeDistricts);

/**
 * The shipped lookup is real data (OS Code-Point Open, October 2025 release): these facts were
 * counted from that release's CSVs (postcodes per children's services authority in each district:
 * the county where Admin_county_code is one, else Admin_district_code), not typed from memory, so a
 * regenerated file that loses them has lost something real.
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
    // The children's services authorities: 63 unitary (with the Isles of Scilly), 36 metropolitan,
    // 33 London (with the City) and 21 county councils; no district council (E07).
    expect(councils.size).toBe(153);
    const byKind = (prefix: string) => [...councils].filter((g) => g.startsWith(prefix)).length;
    expect([byKind('E06'), byKind('E07'), byKind('E08'), byKind('E09'), byKind('E10')]).toEqual([
      63, 0, 36, 33, 21,
    ]);
    // Cardiff and Edinburgh city-centre districts are not English.
    expect(districts.CF10).toBeUndefined();
    expect(districts.EH1).toBeUndefined();
  });

  it('names one council where all of a district lies in it', () => {
    expect(lookUp('B1 1AA')).toEqual({
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
    expect(Object.values(districts).filter((c) => c.length > 1)).toHaveLength(904);
    // NW1: 1,318 postcodes in Camden, 335 in Westminster.
    expect(lookUp('NW1 1AA')).toEqual({
      found: 'several',
      district: 'NW1',
      councils: [
        { gss: 'E09000007', name: 'Camden' },
        { gss: 'E09000033', name: 'Westminster' },
      ],
    });
    // S35: Sheffield 793, Barnsley 92, Rotherham 5.
    expect(districts.S35?.map((c) => c.name)).toEqual(['Sheffield', 'Barnsley', 'Rotherham']);
    // ME1: 732 postcodes in Medway (unitary), 156 in Kent (Tonbridge and Malling district).
    expect(districts.ME1?.map((c) => c.gss)).toEqual(['E06000035', 'E10000016']);
    // GU14: 1,350 in Hampshire (Rushmoor 1,340, Hart 10), 1 in Surrey (Guildford).
    expect(districts.GU14?.map((c) => c.name)).toEqual(['Hampshire', 'Surrey']);
  });

  it("names the county council in a two-tier area, the children's services authority, not the district", () => {
    // CT1: all 945 postcodes in Canterbury district, Kent.
    expect(lookUp('CT1 1AA')).toEqual({
      found: 'one',
      district: 'CT1',
      council: { gss: 'E10000016', name: 'Kent' },
    });
    // GU1: all 1,045 in Guildford district, Surrey.
    expect(districts.GU1).toEqual([{ gss: 'E10000030', name: 'Surrey' }]);
    // Districts that spanned two district councils of one county now name just the county.
    // CB1: Cambridge 1,063 and South Cambridgeshire 100; TN1: Tunbridge Wells 396, Tonbridge and Malling 4.
    expect(districts.CB1).toEqual([{ gss: 'E10000003', name: 'Cambridgeshire' }]);
    expect(lookUp('TN1 1AA')).toEqual({
      found: 'one',
      district: 'TN1',
      council: { gss: 'E10000016', name: 'Kent' },
    });
    const all = JSON.stringify(districts);
    for (const district of ['E07000106', 'E07000209', 'E07000008', 'E07000116']) {
      expect(all).not.toContain(district);
    }
  });
});
