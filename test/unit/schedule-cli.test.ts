import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'scripts/schedule-cli.ts', ...args],
      { cwd: repoRoot },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        // npx may warn about the user's npm config on stderr; keep only the CLI's own lines.
        resolve({ code, stdout, stderr: stderr.replace(/^npm warn .*\n/gm, '') });
      },
    );
  });
}

// Each case spawns its own process, so they run concurrently (assertions use the test's own expect).
describe.concurrent('schedule CLI', () => {
  it('prints the schedule as one line of JSON', async ({ expect }) => {
    const { code, stdout, stderr } = await runCli([
      '--notified',
      '2026-12-21T10:00Z',
      '--visit',
      '2027-01-06',
      '--visit',
      '2027-02-10',
      '--dob',
      '2012-02-29',
      '--disabled',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const { obligations } = JSON.parse(stdout) as {
      obligations: { kind: string; due: string; status: string; basis: string; metOn?: string }[];
    };
    // Working Together 2023: the front door decides within one working day.
    expect(obligations[0]).toMatchObject({ kind: 'front-door-decision', due: '2026-12-22', status: 'open' });
    expect(obligations[1]).toMatchObject({
      kind: 'initial-visit',
      due: '2027-01-04',
      status: 'met',
      metOn: '2027-01-06',
    });
    expect(obligations[1]?.basis).toContain('25 December 2026 (Christmas Day)');
    expect(obligations.find((o) => o.kind === 'regulation-8-visit')).toMatchObject({
      due: '2027-03-24',
      status: 'open',
    });
    expect(obligations.find((o) => o.kind === 'arrangement-end')).toMatchObject({ due: '2030-03-01' });
    expect(obligations.filter((o) => o.kind.startsWith('check:'))).toHaveLength(9);
    for (const o of obligations)
      expect(Object.keys(o).sort()).toEqual(expect.arrayContaining(['basis', 'due', 'kind', 'status']));
  });

  it('omits the regulation 8 visit until there is a visit', async ({ expect }) => {
    const { code, stdout } = await runCli(['--notified', '2026-06-10T23:30:00Z']);
    expect(code).toBe(0);
    const { obligations } = JSON.parse(stdout) as { obligations: { kind: string; due: string }[] };
    expect(obligations.map((o) => o.kind)).not.toContain('regulation-8-visit');
    expect(obligations[1]).toMatchObject({ kind: 'initial-visit', due: '2026-06-22' });
  });

  it('schedules a proposal: the regulation 4 visit, and no regulation 8 visit before the move-in', async ({
    expect,
  }) => {
    const proposal = await runCli(['--notified', '2026-12-21T10:00Z', '--proposal', '--visit', '2026-12-30']);
    expect(proposal.code).toBe(0);
    const before = (JSON.parse(proposal.stdout) as { obligations: { kind: string; basis: string }[] })
      .obligations;
    expect(before.find((o) => o.kind === 'initial-visit')?.basis).toContain('regulation 4');
    expect(before.map((o) => o.kind)).not.toContain('regulation-8-visit');
    expect(before.map((o) => o.kind)).not.toContain('move-in-visit');
  });

  it('adds the move-in visit (regulations 6 and 7) and runs regulation 8 from it', async ({ expect }) => {
    const { code, stdout, stderr } = await runCli([
      '--notified',
      '2026-12-21T10:00Z',
      '--proposal',
      '--moved-in',
      '2027-02-01T09:00Z',
      '--visit',
      '2026-12-30',
      '--visit',
      '2027-02-03',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { obligations } = JSON.parse(stdout) as {
      obligations: { kind: string; due: string; status: string; metOn?: string }[];
    };
    expect(obligations.find((o) => o.kind === 'move-in-visit')).toMatchObject({
      due: '2027-02-10',
      status: 'met',
      metOn: '2027-02-03',
    });
    expect(obligations.find((o) => o.kind === 'regulation-8-visit')).toMatchObject({
      due: '2027-03-17',
      status: 'open',
    });
  });

  it('lists what is no longer owed at 16 as cancelled, with the reason', async ({ expect }) => {
    const { code, stdout } = await runCli([
      '--notified',
      '2026-12-21T10:00Z',
      '--visit',
      '2027-01-04',
      '--visit',
      '2027-02-01',
      '--dob',
      '2011-03-03',
    ]);
    expect(code).toBe(0);
    const { obligations } = JSON.parse(stdout) as {
      obligations: { kind: string; due: string; status: string; basis: string }[];
    };
    const reg8 = obligations.find((o) => o.kind === 'regulation-8-visit');
    expect(reg8).toMatchObject({ due: '2027-03-15', status: 'cancelled' });
    expect(reg8?.basis).toContain('Not owed: the child reached 16 on 3 March 2027 (Children Act 1989 s.66).');
  });

  it('flags an obligation counted past the bank holiday data instead of failing', async ({ expect }) => {
    const { code, stdout, stderr } = await runCli(['--notified', '2030-12-24T10:00Z']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { obligations } = JSON.parse(stdout) as {
      obligations: { kind: string; due: string; basis: string; needsBankHolidayDataFor?: number }[];
    };
    expect(obligations[0]).toMatchObject({ kind: 'front-door-decision', due: '2030-12-27' });
    expect(obligations[0]).not.toHaveProperty('needsBankHolidayDataFor');
    const initial = obligations.find((o) => o.kind === 'initial-visit');
    expect(initial).toMatchObject({ due: '2031-01-06', needsBankHolidayDataFor: 2031 });
    expect(initial?.basis).toContain('Needs bank-holiday data for 2031');
  });

  it.for([
    [[], /--notified is required/],
    [['--notified', 'yesterday'], /--notified must be an ISO-8601 instant/],
    [['--notified', '2026-12-21'], /--notified must be an ISO-8601 instant/],
    [['--notified', '2026-12-21T10:00Z', '--visit', '2027-02-30'], /--visit 2027-02-30 must be a real date/],
    [['--notified', '2026-12-21T10:00Z', '--dob', '1 May 2012'], /--dob must be a real date/],
    [['--notified', '2026-12-21T10:00Z', '--colour', 'blue'], /Unknown option '--colour'/],
    [
      ['--notified', '2026-12-21T10:00Z', '--notified', '2026-12-22T10:00Z'],
      /--notified may be given only once/,
    ],
    [
      ['--notified', '2026-12-21T10:00Z', '--dob', '2026-12-22'],
      /--dob 2026-12-22 is after the notification/,
    ],
    [
      ['--notified', '2026-12-21T10:00Z', '--moved-in', '2026-12-21T09:59Z'],
      /--moved-in 2026-12-21T09:59Z is before --notified 2026-12-21T10:00Z/,
    ],
    [
      ['--notified', '2026-12-21T10:00Z', '--moved-in', '2027-02-01'],
      /--moved-in must be an ISO-8601 instant/,
    ],
    [
      [
        '--notified',
        '2026-12-21T10:00Z',
        '--moved-in',
        '2027-02-01T09:00Z',
        '--moved-in',
        '2027-02-02T09:00Z',
      ],
      /--moved-in may be given only once/,
    ],
  ] as [string[], RegExp][])('exits 2 with a one-line error for %j', async ([args, message], { expect }) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});
