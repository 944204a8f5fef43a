import { describe, expect, it } from 'vitest';
import {
  type CpuSnapshot,
  cpuBetween,
  cpuSnapshot,
  endToEndCeiling,
  FUNCTIONS_THREAD,
} from '../bench/process-cpu.ts';

/** A snapshot of named threads' CPU ticks (100 a second, as Linux's CLK_TCK is on these machines). */
const snapshot = (at: number, ticks: Record<string, number>): CpuSnapshot => ({
  at,
  threads: new Map(
    Object.entries(ticks).map(([key, t]) => {
      const [process, thread] = key.split(': ') as [string, string];
      return [key, { process, thread, ticks: t }];
    }),
  ),
});

const NODE = FUNCTIONS_THREAD.replace(/: main$/, '');

describe('the end-to-end ceiling (bench, issue 16)', () => {
  // 10 s, 200 notifications: the functions' thread 6 s of CPU, the JVM's two threads 4 s between them.
  const before = snapshot(0, {
    [FUNCTIONS_THREAD]: 100,
    'DynamoDB Local (JVM): qtpN-N': 50,
    'DynamoDB Local (JVM): SQLiteQueue[]': 0,
  });
  const after = snapshot(10_000, {
    [FUNCTIONS_THREAD]: 700,
    'DynamoDB Local (JVM): qtpN-N': 250,
    'DynamoDB Local (JVM): SQLiteQueue[]': 200,
  });

  it('counts CPU per notification by process and by thread', () => {
    const cpu = cpuBetween(before, after, 200);
    expect(cpu.msPerUnit).toBe(50);
    expect(cpu.msPerUnitByProcess).toEqual({ [NODE]: 30, 'DynamoDB Local (JVM)': 20 });
    expect(cpu.msPerUnitByThread[FUNCTIONS_THREAD]).toBe(30);
    expect(cpu.busiestThreads[FUNCTIONS_THREAD]).toBe(0.6);
  });

  it('needs concurrency ÷ budget a second, and is bound by the cores when they run out first', () => {
    const ceiling = endToEndCeiling({
      cpu: cpuBetween(before, after, 200),
      cores: 2,
      concurrency: 16,
      budgetMs: 500,
    });
    expect(ceiling.neededPerSecond).toBe(32);
    // 2 cores ÷ 50 ms = 40 a second; the functions' thread alone would allow 1 ÷ 30 ms = 33.3.
    expect(ceiling.ceilingPerSecond).toBe(33.3);
    expect(ceiling.ceilingBoundBy).toBe(
      'the Node thread that runs the functions, the emulators and the load',
    );
    expect(ceiling.coresBusy).toBe(1);
  });

  it('is bound by the cores when the functions share little of the cost', () => {
    const light = snapshot(10_000, {
      [FUNCTIONS_THREAD]: 200,
      'DynamoDB Local (JVM): qtpN-N': 1150,
      'DynamoDB Local (JVM): SQLiteQueue[]': 800,
    });
    const ceiling = endToEndCeiling({
      cpu: cpuBetween(before, light, 200),
      cores: 2,
      concurrency: 16,
      budgetMs: 500,
    });
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
