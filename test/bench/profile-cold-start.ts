/**
 * Where a cold start's time goes: builds the bundles as the bench does, starts the local stack,
 * and runs the notify bundle's first visit in fresh processes under `node --cpu-prof`, then prints
 * the self time by module (npm package or source folder) and the heaviest functions, summed over
 * the runs. `npx tsx test/bench/profile-cold-start.ts [function] [runs]`. Not part of `npm run bench`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

Object.assign(process.env, {
  CDK_VALIDATION: 'false',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
const run = promisify(execFile);
const name = process.argv[2] ?? 'notify';
const runs = Number(process.argv[3] ?? 5);

const { REPO_ROOT, startLocalStack } = await import('../../infra/local/local-stack.ts');
const { buildBundles, lambdaEnvironment, removeBundles } = await import('./bundles.ts');
const { apiGatewayEvent } = await import('../support/api-gateway-event.ts');
const { FIRST_QUESTION_PATH, START_PATH } = await import('../../functions/notify/journey.ts');

const stack = await startLocalStack({ schedules: false });
const bundles = await buildBundles(REPO_ROOT);
const profiles = mkdtempSync(join(tmpdir(), 'pf-cold-profile-'));
try {
  const figure = bundles.functions.find((f) => f.name === name);
  if (!figure) throw new Error(`no bundle ${name}`);
  const env = lambdaEnvironment(
    Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => !!e[1])),
  );
  for (let r = 0; r < runs; r++) {
    const events = [START_PATH, FIRST_QUESTION_PATH].map((path) =>
      apiGatewayEvent({ method: 'GET', path, sourceIp: `203.0.113.${r + 1}` }),
    );
    const script = `const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const c0 = cpu(); const t0 = performance.now(); const { handler } = await import(${JSON.stringify(pathToFileURL(figure.bundleFile).href)});
const t1 = performance.now(); const c1 = cpu(); const out = [];
for (const e of ${JSON.stringify(events)}) { const a = performance.now(); const ca = cpu(); const res = await handler(e, { functionName: 'x', awsRequestId: 'x', getRemainingTimeInMillis: () => 1e4 }); out.push([res.statusCode, Math.round(performance.now() - a), 'cpu', Math.round(cpu() - ca)]); }
process.stdout.write(JSON.stringify({ importMs: Math.round(t1 - t0), importCpuMs: Math.round(c1 - c0), out, total: Math.round(performance.now() - t0), totalCpu: Math.round(cpu() - c0) }));`;
    const { stdout } = await run(
      process.execPath,
      [
        '--cpu-prof',
        `--cpu-prof-dir=${profiles}`,
        '--cpu-prof-interval=200',
        '--input-type=module',
        '-e',
        script,
      ],
      { env, cwd: bundles.outDir },
    );
    console.log(stdout);
  }
  // The bundle's frames mapped back to their sources with its source map.
  const map = new SourceMap(JSON.parse(readFileSync(`${figure.bundleFile}.map`, 'utf8')));
  const original = (line: number, column: number) => {
    const entry = map.findEntry(line, column) as { originalSource?: string; originalLine?: number };
    const source = entry.originalSource ?? '?';
    return {
      owner:
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1] ??
        source.replace(/^.*?(functions|shared)\//, '$1/'),
      at: `${source.replace(/^.*node_modules\//, '')}:${(entry.originalLine ?? 0) + 1}`,
    };
  };
  // Self time by owner and by function, over every profile.
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(profiles)) {
    const profile = JSON.parse(readFileSync(join(profiles, file), 'utf8')) as {
      nodes: {
        id: number;
        children?: number[];
        callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
      }[];
      samples: number[];
      timeDeltas: number[];
    };
    const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    const parents = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
    profile.samples.forEach((id, i) => {
      const frame = nodes.get(id);
      const us = profile.timeDeltas[i] ?? 0;
      total += us;
      const url = frame?.url ?? '';
      const inBundle =
        url.endsWith('index.mjs') && frame ? original(frame.lineNumber, frame.columnNumber) : undefined;
      const owner = inBundle
        ? `bundle: ${inBundle.owner}`
        : (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
          (url.includes('index.mjs')
            ? 'bundle'
            : url
              ? url.replace(/^.*\//, '')
              : `(${frame?.functionName || 'program'})`));
      byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
      const fn = `${frame?.functionName || '(anonymous)'} ${inBundle ? inBundle.at : `${owner}:${frame?.lineNumber}`}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
      // Inclusive: the nearest calling frame in the bundle's own sources (not a package), so
      // module-level work (a schema built at import, a template rendered) shows under its file.
      for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
        const f = nodes.get(at);
        if (!f?.url.endsWith('index.mjs')) continue;
        const src = original(f.lineNumber, f.columnNumber);
        if (src.owner.includes('/') && !src.at.startsWith('node_modules')) {
          const key = `${src.owner}${f.functionName ? ` ${f.functionName}` : ' (top level)'}`;
          inclusive.set(key, (inclusive.get(key) ?? 0) + us);
          break;
        }
      }
    });
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([key, us]) => `${(us / 1000 / runs).toFixed(1).padStart(7)} ms  ${key}`);
  console.log(`\nself time per run by owner (total ${(total / 1000 / runs).toFixed(1)} ms per run):`);
  console.log(top(byOwner, 15).join('\n'));
  console.log('\nheaviest functions (self time per run):');
  console.log(top(byFunction, 30).join('\n'));
  console.log('\nnearest own source file and function (time including what it called, per run):');
  console.log(top(inclusive, 40).join('\n'));
} finally {
  removeBundles(bundles.outDir);
  await stack.stop();
}
