/**
 * CPU time of this process and everything it started (DynamoDB Local's JVM, the isolation bridge),
 * by process and by thread, read from Linux's /proc. The end-to-end figure is bounded by the CPU a
 * notification costs across all of them on this machine's cores, and by the one thread that runs
 * every function in-process; these readings say which, and by how much (issue 16).
 * Elsewhere than Linux `cpuSnapshot` returns undefined and the bench leaves the figures out.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** CPU milliseconds (user + system) so far per thread, with what each thread belongs to. */
export interface CpuSnapshot {
  at: number;
  threads: Map<string, { process: string; thread: string; cpuMs: number }>;
}

/** The bench's own process, and the one thread in it that runs every function, emulator and the load. */
export const BENCH_PROCESS = 'node (functions, emulators, load)';
export const FUNCTIONS_THREAD = `${BENCH_PROCESS}: main`;

const ticksPerSecond = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const value = Number(out.stdout?.trim());
  return Number.isFinite(value) && value > 0 ? value : 100;
})();

/** Fields after the command name in /proc/<pid>/stat (the name may hold spaces and parentheses). */
function statFields(path: string): { name: string; fields: string[] } | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    const open = text.indexOf('(');
    const close = text.lastIndexOf(')');
    return { name: text.slice(open + 1, close), fields: text.slice(close + 2).split(' ') };
  } catch {
    return undefined; // the process or thread ended between listing and reading
  }
}

/** What a process is, by its command line: the bench's own Node, DynamoDB Local, or a bridge. */
function processKind(pid: number): string {
  if (pid === process.pid) return BENCH_PROCESS;
  let cmd = '';
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return 'other';
  }
  if (/\bjava\b/.test(cmd) && cmd.includes('DynamoDBLocal')) return 'DynamoDB Local (JVM)';
  if (cmd.includes('unix-bridge')) return 'DynamoDB Local isolation bridge';
  return 'other';
}

/** Pids of this process and its descendants. */
function processTree(): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statFields(`/proc/${entry}/stat`);
    if (stat) parentOf.set(Number(entry), Number(stat.fields[1]));
  }
  const tree = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parentOf)
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid);
        grew = true;
      }
  }
  return [...tree];
}

export function cpuSnapshot(): CpuSnapshot | undefined {
  if (process.platform !== 'linux') return undefined;
  const threads: CpuSnapshot['threads'] = new Map();
  for (const pid of processTree()) {
    const kind = processKind(pid);
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const stat = statFields(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      // utime and stime are fields 14 and 15 of stat; here counted from the state (field 3).
      const ticks = Number(stat.fields[11]) + Number(stat.fields[12]);
      const thread = Number(tid) === pid ? 'main' : stat.name.replace(/\d+/g, 'N');
      threads.set(`${pid}/${tid}`, { process: kind, thread, cpuMs: (ticks / ticksPerSecond) * 1000 });
    }
  }
  return { at: performance.now(), threads };
}

export interface CpuBetween {
  seconds: number;
  units: number;
  /** CPU milliseconds per unit of work, by process. */
  msPerUnitByProcess: Record<string, number>;
  /** CPU milliseconds per unit of work of the busiest threads ("process: thread"). */
  msPerUnitByThread: Record<string, number>;
  msPerUnit: number;
  /** Share of one core each of the busiest threads was busy. */
  busiestThreads: Record<string, number>;
}

/** CPU spent between two snapshots, per unit of work (e.g. per notification). */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, units: number): CpuBetween {
  const seconds = (after.at - before.at) / 1000;
  const byProcess = new Map<string, number>();
  const byThread = new Map<string, number>();
  for (const [key, t] of after.threads) {
    const ms = t.cpuMs - (before.threads.get(key)?.cpuMs ?? 0);
    if (ms <= 0) continue;
    byProcess.set(t.process, (byProcess.get(t.process) ?? 0) + ms);
    const name = `${t.process}: ${t.thread}`;
    byThread.set(name, (byThread.get(name) ?? 0) + ms);
  }
  const per = (ms: number) => Math.round((ms / units) * 10) / 10;
  const busiest = [...byThread].sort((a, b) => b[1] - a[1]).slice(0, 5);
  return {
    seconds,
    units,
    // A process that spent under 0.05 ms a unit (a shell, say) is left out.
    msPerUnitByProcess: Object.fromEntries(
      [...byProcess]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, per(v)] as const)
        .filter(([, v]) => v > 0),
    ),
    msPerUnitByThread: Object.fromEntries(busiest.map(([k, v]) => [k, per(v)])),
    msPerUnit: per([...byProcess.values()].reduce((a, b) => a + b, 0)),
    busiestThreads: Object.fromEntries(
      busiest.map(([k, v]) => [k, Math.round((v / 1000 / seconds) * 100) / 100]),
    ),
  };
}

/**
 * What bounds the end-to-end figure. With `concurrency` notifiers each waiting for their alert,
 * Little's law makes the mean latency concurrency ÷ throughput, so a p99 under the budget needs at
 * least concurrency ÷ budget notifications a second, however tight the spread. The rate this
 * machine can reach at the measured cost is the lower of its cores ÷ the CPU a notification costs
 * in every process, and one ÷ what it costs the single thread that runs every function here.
 */
export function endToEndCeiling(input: {
  cpu: CpuBetween | undefined;
  cores: number;
  concurrency: number;
  budgetMs: number;
}) {
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const neededPerSecond = round1((input.concurrency * 1000) / input.budgetMs);
  const { cpu } = input;
  if (!cpu || cpu.msPerUnit <= 0) return { neededPerSecond };
  const byCores = (input.cores * 1000) / cpu.msPerUnit;
  const threadMs = cpu.msPerUnitByThread[FUNCTIONS_THREAD] ?? 0;
  const byThread = threadMs > 0 ? 1000 / threadMs : Number.POSITIVE_INFINITY;
  return {
    neededPerSecond,
    cpuMsPerNotification: cpu.msPerUnit,
    cpuMsPerNotificationByProcess: cpu.msPerUnitByProcess,
    cpuMsPerNotificationByThread: cpu.msPerUnitByThread,
    coresBusyByThread: cpu.busiestThreads,
    coresBusy: Math.round((cpu.msPerUnit / 1000) * (cpu.units / cpu.seconds) * 100) / 100,
    ceilingPerSecond: round1(Math.min(byCores, byThread)),
    ceilingBoundBy:
      byCores <= byThread
        ? `${input.cores} cores`
        : 'the Node thread that runs the functions, the emulators and the load',
  };
}
