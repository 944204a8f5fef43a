import { Session } from 'node:inspector/promises';

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
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
