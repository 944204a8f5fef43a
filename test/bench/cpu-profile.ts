import { Session } from 'node:inspector/promises';

interface Profile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Starts the V8 CPU profiler in this process; the returned function stops it and returns the profile. */
export async function startCpuProfile(): Promise<() => Promise<Profile>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
    session.disconnect();
    return profile;
  };
}

/** Self time by source file or package and by function, per unit of work, as printable lines. */
export function summariseProfile(
  profile: Profile,
  per: number,
  top = { files: Number(process.env.PROFILE_TOP_FILES ?? 25), functions: 35 },
): string {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = frames.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    const url = (f?.url ?? '').replace(/^file:\/\//, '');
    const file =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
      (url.replace(/^.*?\/(functions|shared|test|infra)\//, '$1/') || `(${f?.functionName})`);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
    const where = process.env.PROFILE_FULL_PATHS ? url.replace(/^.*node_modules\//, '') : file;
    const fn = `${f?.functionName || '(anonymous)'} ${where}:${(f?.lineNumber ?? 0) + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  });
  const list = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([key, us]) => `${(us / 1000 / per).toFixed(3).padStart(8)} ms  ${key}`)
      .join('\n');
  return [
    'self time per unit by file or package:',
    list(byFile, top.files),
    '',
    'heaviest functions (self time per unit):',
    list(byFunction, top.functions),
  ].join('\n');
}

/**
 * Who in the process a sample's time belongs to, the first rule that any frame of its stack
 * matches (leaf to root): the emulators and the load generator first, so their HTTP and SDK
 * frames count as theirs, then the local runtime, the functions, our shared code, the SDK.
 * A continuation after an await has no caller above it, so SDK and socket work resumed from a
 * promise counts under the SDK or Node itself, not under the function that awaited it.
 */
const COMPONENTS: [string, RegExp][] = [
  ['emulator: fauxqs (SQS)', /node_modules\/(fauxqs|fastify|find-my-way)/],
  [
    'emulator: aws-ses-v2-local (SES)',
    /node_modules\/(aws-ses-v2-local|mailparser|express|body-parser|router)/,
  ],
  ['load generator and mailbox watcher', /\/test\/(support|bench)\//],
  ['local runtime: DynamoDB Local bridge', /\/infra\/local\/emulators/],
  ['local runtime: HTTP gateway', /\/infra\/local\/http-adapter/],
  ['local runtime: queue poller', /\/infra\/local\/queue-poller/],
  ['function: notify', /\/functions\/notify\//],
  ['function: route', /\/functions\/route\//],
  ['shared/', /\/shared\//],
  ['AWS SDK', /node_modules\/(@aws-sdk|@smithy)\//],
  ['Powertools and middy', /node_modules\/(@aws-lambda-powertools|@middy)\//],
];

/** Self time per unit of work by component (COMPONENTS), then Node's own work by kind. */
export function summariseByComponent(profile: Profile, per: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const urls: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      urls.push(byId.get(at)?.callFrame.url ?? '');
    }
    const leaf = byId.get(id)?.callFrame;
    const component =
      COMPONENTS.find(([, pattern]) => urls.some((url) => pattern.test(url)))?.[0] ??
      (leaf?.url
        ? `other: ${/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(leaf.url)?.[1] ?? 'Node (sockets, HTTP, streams)'}`
        : `Node: ${leaf?.functionName || 'native'}`);
    totals.set(component, (totals.get(component) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [
    'self time per unit by component (its stack, first match):',
    ...[...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([key, us]) => `${(us / 1000 / per).toFixed(2).padStart(8)} ms  ${key}`),
  ].join('\n');
}
