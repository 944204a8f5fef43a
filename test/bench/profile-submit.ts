/**
 * Where the final submit's time goes (issue 16): fills in forms through the local stack, then
 * sends each straight into the notify handler (an API Gateway event, no HTTP) under the V8 CPU
 * profiler, and prints self time by source file and the heaviest functions, per submit.
 * `npx tsx test/bench/profile-submit.ts [submits]`. Not part of `npm run bench`.
 */
import { Session } from 'node:inspector/promises';

Object.assign(process.env, {
  CDK_VALIDATION: 'false',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
const submits = Number(process.argv[2] ?? 100);
const { startLocalStack } = await import('../../infra/local/local-stack.ts');
const visitor = await import('../support/notify-visitor.ts');
const { median } = await import('./stats.ts');

const stack = await startLocalStack({ schedules: false });
try {
  await stack.stopPollers();
  const http = visitor.httpTransport(stack.baseUrl);
  const direct = visitor.handlerTransport((event) => stack.invoke('functions/notify/handler.ts', event));
  const ready = [];
  for (let i = 0; i < submits + 10; i++) {
    const v = new visitor.Visitor(http);
    await visitor.fillInForm(v);
    const d = new visitor.Visitor(direct);
    d.cookie = v.cookie;
    d.csrfToken = v.csrfToken;
    ready.push(d);
  }
  for (const v of ready.slice(0, 10)) await visitor.sendNotification(v);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const ms: number[] = [];
  for (const v of ready.slice(10)) ms.push((await visitor.sendNotification(v)).ms);
  const { profile } = (await session.post('Profiler.stop')) as {
    profile: {
      nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
      samples: number[];
      timeDeltas: number[];
    };
  };
  console.log(`median submit (handler only) ${median(ms).toFixed(2)} ms over ${ms.length}`);
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
    const fn = `${f?.functionName || '(anonymous)'} ${file}:${(f?.lineNumber ?? 0) + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  });
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([key, us]) => `${(us / 1000 / ms.length).toFixed(3).padStart(8)} ms  ${key}`)
      .join('\n');
  console.log('\nself time per submit by file or package:');
  console.log(top(byFile, 25));
  console.log('\nheaviest functions (self time per submit):');
  console.log(top(byFunction, 35));
} finally {
  await stack.stop();
}
