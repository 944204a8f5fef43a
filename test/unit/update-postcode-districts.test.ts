import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { updatePostcodeDistricts } from '../../scripts/update-postcode-districts.ts';
import { receivingCouncilFor } from '../../shared/domain/transfer.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/postcodes/${name}`, import.meta.url));

describe('npm run postcodes:update', () => {
  it('derives postcode districts of live English postcodes, keeping every council a district spans', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'postcodes-')), 'postcode-districts.json');
    const summary = await updatePostcodeDistricts({
      from: fixture('nspl-extract.csv'),
      names: [fixture('lad-names.csv'), fixture('county-names.csv')],
      file,
      today: '2027-01-04',
    });
    expect(summary).toBe(
      "postcode-districts.json: 3 English postcode districts from 8 rows; 1 span more than one children's services authority.",
    );
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written.generatedOn).toBe('2027-01-04');
    expect(written.licence).toContain('Open Government Licence v3.0');
    // XY3 only had a terminated postcode; CF1 is in Wales.
    expect(Object.keys(written.districts)).toEqual(['XY1', 'XY2', 'XY4']);
    // XY4 lies in two district councils of one county: the county (cty) is the children's
    // services authority, and the only one named.
    expect(written.districts.XY4).toEqual([{ gss: 'E10000001', name: 'Shire' }]);
    expect(written.source).toContain('council names: lad-names.csv, county-names.csv');
    expect(receivingCouncilFor('XY1 5QQ', [], written)).toEqual({
      found: 'one',
      district: 'XY1',
      council: { gss: 'E06000001', name: 'One' },
    });
    expect(receivingCouncilFor('XY2 5QQ', [], written).found).toBe('several');
  });

  it('leaves the file alone when the source has no council column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postcodes-'));
    const file = join(dir, 'postcode-districts.json');
    const noCouncil = join(dir, 'no-council.csv');
    await writeFile(noCouncil, 'pcds,doterm\nXY1 1AA,\n', 'utf8');
    await expect(
      updatePostcodeDistricts({
        from: noCouncil,
        names: fixture('lad-names.csv'),
        file,
        today: '2027-01-04',
      }),
    ).rejects.toThrow(/no laua\/LADyyCD column/);
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('refuses a source without the county, which would name district councils in two-tier areas', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postcodes-'));
    const file = join(dir, 'postcode-districts.json');
    const noCounty = join(dir, 'no-county.csv');
    await writeFile(noCounty, 'pcds,doterm,laua\nXY1 1AA,,E06000001\n', 'utf8');
    const names = [fixture('lad-names.csv'), fixture('county-names.csv')];
    await expect(
      updatePostcodeDistricts({ from: noCounty, names, file, today: '2027-01-04' }),
    ).rejects.toThrow(/no cty\/oscty\/CTYyyCD column/);
    const emptyCounty = join(dir, 'empty-county.csv');
    await writeFile(emptyCounty, 'pcds,doterm,cty,laua\nXY4 1AA,,E99999999,E07000001\n', 'utf8');
    await expect(
      updatePostcodeDistricts({ from: emptyCounty, names, file, today: '2027-01-04' }),
    ).rejects.toThrow(/XY4 1AA is in district E07000001 but has no county \(E10\) code/);
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it("reads an unzipped Code-Point Open release, naming the release and ordering each district by its councils' postcodes", async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'postcodes-')), 'postcode-districts.json');
    const summary = await updatePostcodeDistricts({
      from: fixture('codepo_gb'),
      names: [fixture('lad-names.json'), fixture('county-names.csv')],
      file,
      today: '2027-01-04',
      note: 'this copy: a test fixture',
    });
    expect(summary).toBe(
      "postcode-districts.json: 4 English postcode districts from 10 rows; 1 span more than one children's services authority.",
    );
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written.source).toContain(
      'OS Code-Point Open, dataset version 2099.1.0 (copyright date 2099-01-15)',
    );
    expect(written.source).toContain(
      'council names: lad-names.json, county-names.csv; this copy: a test fixture',
    );
    expect(written.licence).toContain('Open Government Licence v3.0');
    expect(written.licence).toContain('Contains OS data © Crown copyright and database right 2099');
    expect(written.licence).toContain(
      'Contains Royal Mail data © Royal Mail copyright and database right 2099',
    );
    expect(written).not.toHaveProperty('sample');
    // XY3's only postcode has no district code; CF1 is in Wales. XY10 sorts after XY2.
    expect(Object.keys(written.districts)).toEqual(['XY1', 'XY2', 'XY4', 'XY10']);
    // XY4's postcodes are in two district councils (Admin_district_code) of one county
    // (Admin_county_code): the county has the children's services, so it alone is named.
    expect(written.districts.XY4).toEqual([{ gss: 'E10000001', name: 'Shire' }]);
    // XY2 has two postcodes in Two and one in One: both kept, the larger share first.
    expect(written.districts.XY2).toEqual([
      { gss: 'E06000002', name: 'Two' },
      { gss: 'E06000001', name: 'One' },
    ]);
    expect(receivingCouncilFor('XY1 5QQ', [], written)).toEqual({
      found: 'one',
      district: 'XY1',
      council: { gss: 'E06000001', name: 'One' },
    });
    expect(receivingCouncilFor('XY2 5QQ', [], written).found).toBe('several');
  });

  it('refuses a Code-Point Open copy whose areas do not match its metadata, leaving the file alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postcodes-'));
    const file = join(dir, 'postcode-districts.json');
    await writeFile(file, '{"kept":true}\n', 'utf8');
    const copy = join(dir, 'codepo_gb');
    await cp(fixture('codepo_gb'), copy, { recursive: true });
    await appendFile(
      join(copy, 'Data', 'CSV', 'xy.csv'),
      '"XY1 1AD",10,400000,300000,"E92000001","","","","E06000001","E05000001"\n',
    );
    const run = () =>
      updatePostcodeDistricts({
        from: copy,
        names: [fixture('lad-names.json'), fixture('county-names.csv')],
        file,
        today: '2027-01-04',
      });
    await expect(run()).rejects.toThrow(/xy\.csv has 10 postcodes; the release's metadata\.txt says 9/);
    await rm(join(copy, 'Data', 'CSV', 'cf.csv'));
    await expect(run()).rejects.toThrow(/lacks the area files for CF/);
    expect(await readFile(file, 'utf8')).toBe('{"kept":true}\n');
  });

  it('refuses names that leave a council unnamed, counties too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postcodes-'));
    const names = join(dir, 'names.json');
    await writeFile(names, '{"E06000001":"One"}', 'utf8');
    await expect(
      updatePostcodeDistricts({
        from: fixture('codepo_gb'),
        names,
        file: join(dir, 'postcode-districts.json'),
        today: '2027-01-04',
      }),
    ).rejects.toThrow(/no name for E06000002, E10000001/);
  });
});
