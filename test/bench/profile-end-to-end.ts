/**
 * Where a notification's CPU goes from submit to the designated manager's alert (issue 16): fills in
 * forms through the local stack (not profiled), then sends them at concurrency 16 with the queue
 * pollers running, under the V8 CPU profiler, and prints self time per notification by source file
 * or package. Everything in this process is profiled: the functions, fauxqs, the SES emulator and
 * the API gateway, and prints the HTTP requests it makes per notification, by AWS operation.
 * Self time is summed by component too (cpu-profile.ts: the emulators, the load, the local runtime,
 * each function, the SDK). `npx tsx test/bench/profile-end-to-end.ts [notifications]` (PROFILE_TOP_FILES=N for a longer
 * list, PROFILE_FULL_PATHS=1 for file paths in packages). Not part of the bench.
 */
import diagnostics_channel from 'node:diagnostics_channel';

Object.assign(process.env, {
  CDK_VALIDATION: 'false',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
const notifications = Number(process.argv[2] ?? 200);
const { startLocalStack } = await import('../../infra/local/local-stack.ts');
const visitor = await import('../support/notify-visitor.ts');
const { MailboxWatcher, isAlertFor } = await import('../support/mailbox-watch.ts');
const { startCpuProfile, summariseByComponent, summariseProfile } = await import('./cpu-profile.ts');
const { percentile } = await import('./stats.ts');

const stack = await startLocalStack({ schedules: false });
try {
  const http = visitor.httpTransport(stack.baseUrl);
  const ready = await visitor.runConcurrently(notifications, 16, async (i) => {
    const v = new visitor.Visitor(http);
    await visitor.fillInForm(v, visitor.distinctAnswers(i));
    return v;
  });
  const watcher = new MailboxWatcher(stack.mailboxUrl, 10).start();
  // Every HTTP request this process makes while profiled, by target (the AWS operation's header).
  const calls = new Map<string, number>();
  const onRequest = (message: unknown) => {
    const request = (message as { request: import('node:http').ClientRequest }).request;
    const target = request.getHeader('x-amz-target') ?? `${request.method} ${request.path.split('?')[0]}`;
    calls.set(String(target), (calls.get(String(target)) ?? 0) + 1);
  };
  diagnostics_channel.subscribe('http.client.request.start', onRequest);
  const stop = await startCpuProfile();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const latencies: number[] = [];
  await visitor.runConcurrently(notifications, 16, async (i) => {
    const v = ready[i] as InstanceType<typeof visitor.Visitor>;
    const sentAt = Date.now();
    await visitor.sendNotification(v);
    const reference = await visitor.confirmationReference(v);
    const emails = await watcher.waitFor((all) => all.some((e) => isAlertFor(e, reference)), 60_000);
    latencies.push((emails.find((e) => isAlertFor(e, reference))?.seenAt ?? Date.now()) - sentAt);
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const profile = await stop();
  diagnostics_channel.unsubscribe('http.client.request.start', onRequest);
  console.log('HTTP requests per notification (node:http only; fetch is not counted):');
  for (const [target, n] of [...calls].sort((a, b) => b[1] - a[1]))
    console.log(`${(n / notifications).toFixed(2).padStart(8)}  ${target}`);
  await watcher.stop();
  console.log(
    `${notifications} notifications in ${seconds.toFixed(1)} s (${(notifications / seconds).toFixed(1)}/s), ` +
      `p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms; ` +
      `this process's CPU ${((cpu.user + cpu.system) / 1000 / notifications).toFixed(1)} ms per notification`,
  );
  console.log(summariseByComponent(profile, notifications));
  console.log('');
  console.log(summariseProfile(profile, notifications));
} finally {
  await stack.stop();
}
