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
    expect(obligations[0]).toMatchObject({
      kind: 'initial-visit',
      due: '2027-01-04',
      status: 'met',
      metOn: '2027-01-06',
    });
    expect(obligations[0]?.basis).toContain('25 December 2026 (Christmas Day)');
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
    expect(obligations[0]).toMatchObject({ kind: 'initial-visit', due: '2026-06-22' });
  });

  it.for([
    [[], /--notified is required/],
    [['--notified', 'yesterday'], /--notified must be an ISO-8601 instant/],
    [['--notified', '2026-12-21'], /--notified must be an ISO-8601 instant/],
    [['--notified', '2026-12-21T10:00Z', '--visit', '2027-02-30'], /--visit 2027-02-30 must be a real date/],
    [['--notified', '2026-12-21T10:00Z', '--dob', '1 May 2012'], /--dob must be a real date/],
    [['--notified', '2026-12-21T10:00Z', '--colour', 'blue'], /Unknown option '--colour'/],
    [
      ['--notified', '2030-12-24T10:00Z'],
      /No England and Wales bank holiday data for 2031.*npm run holidays:update/,
    ],
  ] as [string[], RegExp][])('exits 2 with a one-line error for %j', async ([args, message], { expect }) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});
