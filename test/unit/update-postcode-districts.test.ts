import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
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
      names: fixture('lad-names.csv'),
      file,
      today: '2027-01-04',
    });
    expect(summary).toBe(
      'postcode-districts.json: 2 English postcode districts from 6 rows; 1 span more than one council.',
    );
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written.generatedOn).toBe('2027-01-04');
    expect(written.licence).toContain('Open Government Licence v3.0');
    // XY3 only had a terminated postcode; CF1 is in Wales.
    expect(Object.keys(written.districts)).toEqual(['XY1', 'XY2']);
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
});
