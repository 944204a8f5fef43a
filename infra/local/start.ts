import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLocalClock } from './cron-driver.ts';
import { LOCAL_AWS_ENVIRONMENT } from './emulators.ts';
import { REPO_ROOT, startLocalStack } from './local-stack.ts';
import { describeLocalStaff } from './oidc-provider.ts';

/**
 * `npm start`: the whole pipeline on this machine, on real AWS emulators, wired from the
 * synthesized CDK template. `npm start -- --as-of 2027-01-11T08:00:00Z` runs the schedule
 * from a simulated time (a demo of reminders). Request logs are kept to warnings and errors, so
 * the banner (addresses, staff sign-ins) stays in view; `npm start -- --verbose` shows them all
 * (as does POWERTOOLS_LOG_LEVEL=INFO).
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    'mailbox-port': { type: 'string', default: process.env.MAILBOX_PORT ?? '8005' },
    'as-of': { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});

const asOf = values['as-of'] ? new Date(values['as-of']) : undefined;
if (asOf && Number.isNaN(asOf.getTime())) {
  console.error(`--as-of must be an ISO-8601 time, like 2027-01-11T08:00:00Z`);
  process.exit(2);
}

Object.assign(process.env, LOCAL_AWS_ENVIRONMENT);
// The functions log every request at INFO; locally that buries the banner within a few clicks.
if (values.verbose) process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
else process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
const started = Date.now();
console.log(`Starting… http://127.0.0.1:${values.port}/ shows a "starting" page until the service is ready.`);
const clock = createLocalClock();
if (asOf) clock.set(asOf);

try {
  const stack = await startLocalStack({
    dataDirectory: join(REPO_ROOT, '.data', 'dynamodb'),
    httpPort: Number(values.port),
    mailboxPort: Number(values['mailbox-port']),
    dynamodbPort: 8000,
    sqsPort: 4566,
    oidcPort: 9090,
    clock,
    onBackgroundError: (where, error) =>
      console.error(
        `[${where}] ${error instanceof Error ? error.name : 'error'}: retried or redriven as configured`,
      ),
  });
  // With a simulated time, sweep once at once: otherwise the first reminders of the demo wait for
  // the next 15-minute slot of the simulated clock, up to a quarter of an hour of real time.
  if (asOf) await stack.runSchedules();
  console.log(`
Private fostering notifications — running locally (${((Date.now() - started) / 1000).toFixed(1)} s)

  Notification form   ${stack.baseUrl}/
  Staff pages         ${stack.baseUrl}/staff
  Mailbox (SES)       ${stack.mailboxUrl}/        (JSON: ${stack.mailboxUrl}/store)
  DynamoDB Local      ${stack.emulators.dynamodbEndpoint}  (table ${stack.tableName}, data in .data/dynamodb)
  SQS (fauxqs)        ${stack.emulators.sqsEndpoint}
  Reminder sweep      ${stack.wiring.schedules.map((s) => `${s.expression} ${s.timezone}`).join(', ')}${
    asOf ? `, clock set to ${asOf.toISOString()} (swept once already; the mailbox has what was due)` : ''
  }
${stack.oidc ? `\n${describeLocalStaff(stack.oidc)}\n` : ''}
Request logs: ${
    process.env.POWERTOOLS_LOG_LEVEL === 'WARN'
      ? 'warnings and errors only (npm start -- --verbose for all)'
      : `level ${process.env.POWERTOOLS_LOG_LEVEL}`
  }.
Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
