import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import * as z from 'zod/mini';
import { hashKeySource } from '../../shared/hash-key.ts';
import { createMailer, createSesClient } from '../../shared/mail/mailer.ts';
import { createLogger, createMetrics } from '../../shared/observability.ts';
import { METRICS } from '../../shared/observability-metrics.ts';
import { createNotificationQueue, createSqsClient } from '../../shared/queue/notification-queue.ts';
import { createDigestLedger } from '../../shared/store/digest-ledger.ts';
import { createDueIndex } from '../../shared/store/due-index.ts';
import { createDocumentClient } from '../../shared/store/dynamo.ts';
import { createReminderStore } from '../../shared/store/reminder-store.ts';
import { parseRemindConfig } from './config.ts';
import { sweep } from './sweep.ts';

const config = parseRemindConfig(process.env);
const logger = createLogger('remind');
const metrics = createMetrics('remind');
const db = createDocumentClient(config.storage.endpoint);
const deps = {
  dueIndex: createDueIndex(db, config.storage.tableName),
  reminders: createReminderStore(db, config.storage.tableName),
  digests: createDigestLedger(db, config.storage.tableName, hashKeySource(config.hashKeySecretArn)),
  mailer: createMailer(
    createSesClient(config.mail.endpoint),
    config.mail.senderAddress,
    config.mail.configurationSet,
  ),
  // Required (remind/config.ts): the sweep re-queues notifications stored but never routed.
  queue: createNotificationQueue(createSqsClient(config.queue.endpoint), config.queue.url),
  councilName: config.councilName,
  staffBaseUrl: config.staffBaseUrl,
  designatedManager: config.designatedManager,
  deputyManagers: config.deputyManagers,
};

/**
 * EventBridge Scheduler passes its scheduled time (`<aws.scheduler.scheduled-time>`), so a late
 * or repeated invocation sweeps "as of" its slot; the local runtime passes a simulated time.
 */
const ScheduledEventSchema = z.object({ scheduledTime: z.optional(z.iso.datetime({ offset: true })) });

export const handler = middy(async (event: unknown) => {
  const parsed = z.safeParse(ScheduledEventSchema, event ?? {});
  const now = parsed.success && parsed.data.scheduledTime ? new Date(parsed.data.scheduledTime) : new Date();
  const report = await sweep(now, deps);
  logger.info('Sweep finished', { at: now.toISOString(), ...report });
  metrics.addMetric(METRICS.remindersSent.name, MetricUnit.Count, report.remindersSent);
  metrics.addMetric(METRICS.reminderSendFailures.name, MetricUnit.Count, report.remindersFailed);
  metrics.addMetric(METRICS.notificationsRequeued.name, MetricUnit.Count, report.notificationsRequeued);
  metrics.addMetric(METRICS.oldestDueReminderAge.name, MetricUnit.Seconds, report.oldestDueAgeSeconds);
  return report;
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
