import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import * as z from 'zod/mini';
import { runtimeConfig } from '../../shared/config.ts';
import { createMailer, createSesClient } from '../../shared/mail/mailer.ts';
import { createLogger, createMetrics } from '../../shared/observability.ts';
import { METRICS } from '../../shared/observability-metrics.ts';
import { createNotificationQueue, createSqsClient } from '../../shared/queue/notification-queue.ts';
import { createDigestLedger } from '../../shared/store/digest-ledger.ts';
import { createDueIndex } from '../../shared/store/due-index.ts';
import { createDocumentClient } from '../../shared/store/dynamo.ts';
import { createReminderStore } from '../../shared/store/reminder-store.ts';
import { sweep } from './sweep.ts';

const config = runtimeConfig();
const logger = createLogger('remind');
const metrics = createMetrics('remind');
const db = createDocumentClient(config.endpoints.dynamodb);
const deps = {
  dueIndex: createDueIndex(db, config.tableName),
  reminders: createReminderStore(db, config.tableName),
  digests: createDigestLedger(db, config.tableName),
  mailer: createMailer(
    createSesClient(config.endpoints.sesv2),
    config.senderAddress,
    config.sesConfigurationSet,
  ),
  queue: createNotificationQueue(createSqsClient(config.endpoints.sqs), requiredQueueUrl()),
  councilName: config.councilName,
  staffBaseUrl: config.staffBaseUrl,
  designatedManager: config.designatedManagerAddress,
};

/** The sweep drains the outbox: without the queue it could only escalate, so refuse to start. */
function requiredQueueUrl(): string {
  if (!config.notificationQueueUrl) throw new Error('Missing environment variable: NOTIFICATION_QUEUE_URL');
  return config.notificationQueueUrl;
}

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
  metrics.addMetric('NotificationsRequeued', MetricUnit.Count, report.notificationsRequeued);
  metrics.addMetric(METRICS.oldestDueReminderAge.name, MetricUnit.Seconds, report.oldestDueAgeSeconds);
  return report;
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
