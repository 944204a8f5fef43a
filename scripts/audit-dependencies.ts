import { spawnSync } from 'node:child_process';

/*
 * Known advisories for the installed dependency versions (issue 13), for CI and for a council's
 * security team: `npm run audit` runs `npm audit --json` against package-lock.json and
 *   - fails (exit 1) when any advisory is high or critical, listing package, severity and URL;
 *   - passes (exit 0) when there are none, or only low and moderate ones (listed);
 *   - when no advisory service answers (no network, a registry mirror without the audit endpoint),
 *     says so and exits 0, or 2 with --require (for a pipeline that must not skip the check).
 * Nothing is installed or changed.
 */

const required = process.argv.includes('--require');
const run = spawnSync('npm', ['audit', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

interface AuditReport {
  error?: unknown;
  statusCode?: number;
  message?: string;
  vulnerabilities?: Record<string, { severity: string; via: unknown[]; range?: string }>;
  metadata?: { vulnerabilities?: Record<string, number> };
}

let report: AuditReport | undefined;
try {
  report = JSON.parse(run.stdout) as AuditReport;
} catch {
  report = undefined;
}

if (!report || report.error || report.statusCode || !report.metadata) {
  const why = report?.message ?? run.stderr.trim().split('\n')[0] ?? 'no answer';
  console.log(`npm audit: no advisory service answered (${why}). Advisories NOT checked.`);
  process.exit(required ? 2 : 0);
}

const entries = Object.entries(report.vulnerabilities ?? {});
for (const [name, v] of entries) {
  const urls = v.via
    .filter((x): x is { url: string; title: string } => typeof x === 'object' && x !== null && 'url' in x)
    .map((x) => `${x.title} ${x.url}`);
  console.log(`${v.severity.padEnd(8)} ${name} ${v.range ?? ''} ${urls.join('; ')}`);
}
const counts = report.metadata.vulnerabilities ?? {};
console.log(`npm audit: ${JSON.stringify(counts)}`);
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
if (serious > 0) {
  console.log(
    `npm audit: ${serious} high or critical advisories: update those packages (npm audit fix) or record why not.`,
  );
  process.exit(1);
}
