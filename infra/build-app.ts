import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadEnvironmentConfig } from './config.ts';
import { REPO_ROOT } from './constructs/pipeline-function.ts';
import { STATEFUL_STACK_ID, StatefulStack } from './stacks/stateful-stack.ts';
import { STATELESS_STACK_ID, StatelessStack } from './stacks/stateless-stack.ts';

export interface BuildAppOptions {
  /** Context on top of cdk.json's (the CLI's `-c` still wins when run by `cdk`). */
  readonly context?: Record<string, unknown>;
  /** `false` skips esbuild (context `aws:cdk:bundling-stacks: []`): for tests and the local runtime. */
  readonly bundle?: boolean;
  /** Where to write the cloud assembly. @default the CLI's, else a temporary directory */
  readonly outdir?: string;
}

export interface BuiltApp {
  readonly app: App;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/** cdk.json's context, so an in-process synth (tests, local runtime) sees what `cdk synth` sees. */
function cdkJsonContext(): Record<string, unknown> {
  try {
    const parsed = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: unknown };
    return typeof parsed.context === 'object' && parsed.context !== null
      ? (parsed.context as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** The whole CDK app: both stacks, with cdk-nag AwsSolutions checks run at synth. */
export function buildApp(options: BuildAppOptions = {}): BuiltApp {
  const app = new App({
    context: { ...cdkJsonContext(), ...options.context },
    ...(options.bundle === false ? { postCliContext: { 'aws:cdk:bundling-stacks': [] } } : {}),
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const config = loadEnvironmentConfig(app);
  const env =
    config.account || config.region ? { account: config.account, region: config.region } : undefined;

  const stateful = new StatefulStack(app, STATEFUL_STACK_ID, { config, env });
  const stateless = new StatelessStack(app, STATELESS_STACK_ID, {
    config,
    env,
    key: stateful.key,
    table: stateful.table,
    notificationQueue: stateful.notificationQueue,
    notificationDeadLetterQueue: stateful.notificationDeadLetterQueue,
    scheduleDeadLetterQueue: stateful.scheduleDeadLetterQueue,
    deliveryEventsQueue: stateful.deliveryEventsQueue,
    deliveryEventsDeadLetterQueue: stateful.deliveryEventsDeadLetterQueue,
    userPool: stateful.userPool,
    userPoolDomain: stateful.userPoolDomain,
    staffClient: stateful.staffClient,
    staffClientSecret: stateful.staffClientSecret,
    hashKeySecret: stateful.hashKeySecret,
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, stateless };
}
