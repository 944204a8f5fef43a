/**
 * Where the final submit's time goes (issue 16): fills in forms through the local stack, then
 * sends each straight into the notify handler (an API Gateway event, no HTTP) under the V8 CPU
 * profiler, and prints self time by source file and the heaviest functions, per submit.
 * `npx tsx test/bench/profile-submit.ts [submits]`. Not part of `npm run bench`.
 */
Object.assign(process.env, {
  CDK_VALIDATION: 'false',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
const submits = Number(process.argv[2] ?? 100);
const { startLocalStack } = await import('../../infra/local/local-stack.ts');
const visitor = await import('../support/notify-visitor.ts');
const { median } = await import('./stats.ts');
const { startCpuProfile, summariseProfile } = await import('./cpu-profile.ts');

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
  const stop = await startCpuProfile();
  const ms: number[] = [];
  for (const v of ready.slice(10)) ms.push((await visitor.sendNotification(v)).ms);
  const profile = await stop();
  console.log(`median submit (handler only) ${median(ms).toFixed(2)} ms over ${ms.length}`);
  console.log(`\n${summariseProfile(profile, ms.length)}`);
} finally {
  await stack.stop();
}
