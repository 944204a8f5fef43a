import { describe, expect, it } from 'vitest';
import {
  BENCH_PROCESS,
  type CpuSnapshot,
  cpuBetween,
  cpuSnapshot,
  endToEndCeiling,
  FUNCTIONS_THREAD,
} from '../bench/process-cpu.ts';

/** A snapshot of named threads' CPU so far, in seconds. */
const snapshot = (at: number, cpuSeconds: Record<string, number>): CpuSnapshot => ({
  at,
  threads: new Map(
    Object.entries(cpuSeconds).map(([key, seconds]) => {
      const [process, thread] = key.split(': ') as [string, string];
      return [key, { process, thread, cpuMs: seconds * 1000 }];
    }),
  ),
});

const NODE = BENCH_PROCESS;

describe('the end-to-end ceiling (bench, issue 16)', () => {
  // 10 s, 200 notifications: the functions' thread 6 s of CPU, the JVM's two threads 4 s between them.
  const before = snapshot(0, {
    [FUNCTIONS_THREAD]: 1,
    'DynamoDB Local (JVM): qtpN-N': 0.5,
    'DynamoDB Local (JVM): SQLiteQueue[]': 0,
  });
  const after = snapshot(10_000, {
    [FUNCTIONS_THREAD]: 7,
    'DynamoDB Local (JVM): qtpN-N': 2.5,
    'DynamoDB Local (JVM): SQLiteQueue[]': 2,
  });
  /** The ceiling for 200 notifications, 16 in flight, a 500 ms budget, on 2 cores. */
  const ceilingUpTo = (end: CpuSnapshot) =>
    endToEndCeiling({ cpu: cpuBetween(before, end, 200), cores: 2, concurrency: 16, budgetMs: 500 });

  it('counts CPU per notification by process and by thread', () => {
    const cpu = cpuBetween(before, after, 200);
    expect(cpu.msPerUnit).toBe(50);
    expect(cpu.msPerUnitByProcess).toEqual({ [NODE]: 30, 'DynamoDB Local (JVM)': 20 });
    expect(cpu.msPerUnitByThread[FUNCTIONS_THREAD]).toBe(30);
    expect(cpu.busiestThreads[FUNCTIONS_THREAD]).toBe(0.6);
  });

  it("needs concurrency ÷ budget a second, and is bound by the functions' thread when it runs out first", () => {
    const ceiling = ceilingUpTo(after);
    expect(ceiling.neededPerSecond).toBe(32);
    // 2 cores ÷ 50 ms = 40 a second; the functions' thread alone would allow 1 ÷ 30 ms = 33.3.
    expect(ceiling.ceilingPerSecond).toBe(33.3);
    expect(ceiling.ceilingBoundBy).toBe(
      'the Node thread that runs the functions, the emulators and the load',
    );
    expect(ceiling.coresBusy).toBe(1);
  });

  it('is bound by the cores when the functions share little of the cost', () => {
    const ceiling = ceilingUpTo(
      snapshot(10_000, {
        [FUNCTIONS_THREAD]: 2,
        'DynamoDB Local (JVM): qtpN-N': 11.5,
        'DynamoDB Local (JVM): SQLiteQueue[]': 8,
      }),
    );
    // 100 ms of CPU a notification in all: 2 cores allow 20 a second; the thread's 5 ms, 200.
    expect(ceiling.ceilingPerSecond).toBe(20);
    expect(ceiling.ceilingBoundBy).toBe('2 cores');
  });

  it('reads this process among the threads on Linux', () => {
    const snap = cpuSnapshot();
    if (process.platform !== 'linux') return expect(snap).toBeUndefined();
    expect([...(snap?.threads.values() ?? [])].some((t) => t.process === NODE && t.thread === 'main')).toBe(
      true,
    );
  });
});
