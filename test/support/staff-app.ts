import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Emulators, LOCAL_AWS_ENVIRONMENT, startEmulators } from '../../infra/local/emulators.ts';
import { type LocalOidcProvider, startLocalOidcProvider } from '../../infra/local/oidc-provider.ts';
import { planCaseOpening } from '../../shared/domain/case-opening.ts';
import type { Notification } from '../../shared/domain/notification.ts';
import { defaultReminderPolicy } from '../../shared/domain/statutory-clock.ts';
import { defaultCalendar } from '../../shared/domain/working-days.ts';
import { createCaseStore } from '../../shared/store/case-store.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { STAFF_BASE, type StaffHandler } from './staff-client.ts';
import { createTemplateTable } from './template-table.ts';

/**
 * The setting of the tests that drive the staff function's handler in this process (see
 * staff-client.ts): cases seeded in the table, the function's logs read, the environment put back.
 */

/** The local OIDC provider, expecting the staff pages at `staffBase` as its client. */
export const startStaffOidcProvider = (staffBase = STAFF_BASE) =>
  startLocalOidcProvider({
    redirectUris: [`${staffBase}/auth/callback`],
    postLogoutRedirectUris: [`${staffBase}/signed-out`],
  });

/**
 * What the staff function reads from its environment, for Anytown Council on the emulators, with
 * sign-in through `oidc` and no routing rules. A test adds what it needs (STAFF_DIRECTORY, ...).
 */
export function staffEnvironment(options: {
  table: string;
  designatedManager: string;
  emulators: Pick<Emulators, 'dynamodbEndpoint' | 'sesEndpoint'>;
  oidc: LocalOidcProvider;
  staffBase?: string;
}): Record<string, string> {
  return {
    ...LOCAL_AWS_ENVIRONMENT,
    TABLE_NAME: options.table,
    COUNCIL_NAME: 'Anytown Council',
    SENDER_ADDRESS: 'private-fostering@anytown.example',
    DESIGNATED_MANAGER_ADDRESS: options.designatedManager,
    ROUTING_RULES: '[]',
    STAFF_BASE_URL: options.staffBase ?? STAFF_BASE,
    AWS_ENDPOINT_URL_DYNAMODB: options.emulators.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SESV2: options.emulators.sesEndpoint,
    OIDC_ISSUER: options.oidc.issuer,
    OIDC_CLIENT_ID: options.oidc.clientId,
    OIDC_CLIENT_SECRET: options.oidc.clientSecret,
  };
}

/**
 * Records `notification` and opens its case as the route function does, with no routing rules.
 * `routed`: also takes it out of the outbox, as route does once its emails are sent (so a sweep
 * finds only reminders).
 */
export async function seedCase(
  db: DynamoDBDocumentClient,
  table: string,
  notification: Notification,
  options: { designatedManager: string; routed?: boolean },
) {
  const notifications = createNotificationStore(db, table);
  await notifications.record(notification);
  const plan = planCaseOpening(notification, {
    routingRules: [],
    designatedManager: options.designatedManager,
    calendar: defaultCalendar,
    reminderPolicy: defaultReminderPolicy,
  });
  await createCaseStore(db, table).open(plan, new Date(notification.receivedAt));
  if (options.routed)
    await notifications.markRouted(notification.reference, new Date(notification.receivedAt));
}

/** Every item of a case's partition (`consistent`: a consistent read). */
export async function caseItems(
  db: DynamoDBDocumentClient,
  table: string,
  reference: string,
  consistent = false,
) {
  const out = await db.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${reference}` },
      ...(consistent ? { ConsistentRead: true } : {}),
    }),
  );
  return out.Items ?? [];
}

/**
 * Collects every line written through the console (info, warn, error, debug) into `lines`, where
 * a test can look for personal data; returns the undo. With POWERTOOLS_DEV set, the Powertools
 * logger writes through the global console.
 */
export function captureConsole(lines: string[]): () => void {
  const originals = { info: console.info, warn: console.warn, error: console.error, debug: console.debug };
  for (const method of ['info', 'warn', 'error', 'debug'] as const) {
    console[method] = (...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    };
  }
  return () => Object.assign(console, originals);
}

/** Puts process.env back as `saved` holds it: a name saved as undefined is removed. */
export function restoreEnv(saved: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

/** What a staff test drives and reads: the emulators, sign-in, the table and the handler. */
export interface StaffTestbed {
  emulators: Emulators;
  oidc: LocalOidcProvider;
  db: DynamoDBDocumentClient;
  rawDb: DynamoDBClient;
  handler: StaffHandler;
  /** Every line the function logged, when `captureLogs` was asked for. */
  logLines: string[];
  /** Stops everything and puts the environment and the console back. */
  stop(): Promise<void>;
}

/**
 * The emulators, a table made from the CDK template, the local OIDC provider, the environment
 * (staffEnvironment plus `env`, all put back by stop), the cases `seed` writes, then the staff
 * handler on the clock `now`. `captureLogs`: the Powertools logger writes at INFO through the
 * console into `logLines`, where a test looks for personal data.
 */
export async function startStaffTestbed(options: {
  table: string;
  designatedManager: string;
  now: () => Date;
  env?: Record<string, string>;
  seed?: (db: DynamoDBDocumentClient) => Promise<void>;
  captureLogs?: boolean;
}): Promise<StaffTestbed> {
  const emulators = await startEmulators();
  const { rawDb, db } = await createTemplateTable(emulators.dynamodbEndpoint, options.table);
  const oidc = await startStaffOidcProvider();
  const env: Record<string, string> = {
    ...staffEnvironment({
      table: options.table,
      designatedManager: options.designatedManager,
      emulators,
      oidc,
    }),
    ...options.env,
    ...(options.captureLogs ? { POWERTOOLS_DEV: 'true', POWERTOOLS_LOG_LEVEL: 'INFO' } : {}),
  };
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  await options.seed?.(db);
  const logLines: string[] = [];
  const restoreConsole = options.captureLogs ? captureConsole(logLines) : undefined;
  const { createStaffHandler } = await import('../../functions/staff/handler.ts');
  const handler = createStaffHandler(options.now) as unknown as StaffHandler;
  return {
    emulators,
    oidc,
    db,
    rawDb,
    handler,
    logLines,
    async stop() {
      restoreConsole?.();
      restoreEnv(saved);
      await oidc.stop();
      rawDb.destroy();
      await emulators.stop();
    },
  };
}
