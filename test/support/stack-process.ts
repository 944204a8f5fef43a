/**
 * The local stack in a process of its own, for the crash test: started with
 * `node --import tsx test/support/stack-process.ts <data directory> [ses endpoint]`, it keeps
 * DynamoDB Local's data in the directory, optionally sends its email through another SES endpoint
 * (one that outlives this process), and talks to its parent over IPC:
 *
 *   → { type: 'ready', baseUrl, dynamodbEndpoint, sqsEndpoint, tableName, queueUrl, dlqUrl, sesVia }
 *   ← { type: 'sweep', id, at }   → { type: 'swept', id, report }  (the remind function, as of `at`)
 *   ← { type: 'stop' }            (a clean stop; the crash test sends SIGKILL instead)
 */
import type { SweepReport } from '../../functions/remind/sweep.ts';

Object.assign(process.env, {
  CDK_VALIDATION: 'false',
  POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

const [dataDirectory, sesEndpoint] = process.argv.slice(2);
if (!dataDirectory || !process.send) {
  console.error('usage (as a child with IPC): stack-process.ts <data directory> [ses endpoint]');
  process.exit(2);
}
const send = (message: unknown) => process.send?.(message);

const { startLocalStack } = await import('../../infra/local/local-stack.ts');
const { ensureSesEndpoint, withSesEndpoint } = await import('./ses-endpoint.ts');

const base = {
  dataDirectory,
  schedules: false,
  onBackgroundError: (where: string, error: unknown) =>
    console.error(`[stack-process] ${where}: ${(error as Error).name}`),
};
const stack = await startLocalStack(sesEndpoint ? withSesEndpoint(base, sesEndpoint) : base);
const sesVia = sesEndpoint ? ensureSesEndpoint(sesEndpoint).via : 'emulator';

process.on('message', async (message: { type: string; id?: number; at?: string }) => {
  if (message.type === 'sweep') {
    const report = (await stack.invoke('functions/remind/handler.ts', {
      scheduledTime: message.at,
    })) as SweepReport;
    send({ type: 'swept', id: message.id, report });
  } else if (message.type === 'stop') {
    await stack.stop();
    process.exit(0);
  }
});

send({
  type: 'ready',
  pid: process.pid,
  baseUrl: stack.baseUrl,
  mailboxUrl: stack.mailboxUrl,
  dynamodbEndpoint: stack.emulators.dynamodbEndpoint,
  sqsEndpoint: stack.emulators.sqsEndpoint,
  tableName: stack.tableName,
  queueUrl: stack.notificationQueue.url,
  dlqUrl: stack.deadLetterQueue.url,
  sesVia,
});
