import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { defaultReminderPolicy } from '../../shared/domain/statutory-clock.ts';
import { defaultCalendar } from '../../shared/domain/working-days.ts';
import { hashKeySource } from '../../shared/hash-key.ts';
import { createMailer, createSesClient } from '../../shared/mail/mailer.ts';
import { createLogger, createMetrics, describeError } from '../../shared/observability.ts';
import { METRICS } from '../../shared/observability-metrics.ts';
import { QueueMessageSchema } from '../../shared/queue/notification-queue.ts';
import { createBouncedAddresses } from '../../shared/store/bounced-addresses.ts';
import { createCaseStore } from '../../shared/store/case-store.ts';
import { createDocumentClient } from '../../shared/store/dynamo.ts';
import { createEmailLedger } from '../../shared/store/email-ledger.ts';
import { createMatchIndex } from '../../shared/store/match-index.ts';
import { createNoticeStore } from '../../shared/store/notice-store.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { parseRouteConfig } from './config.ts';
import { createMatchKeys } from './match-keys.ts';
import { routeNotice } from './route-notice.ts';
import { routeNotification } from './route-notification.ts';

const config = parseRouteConfig(process.env);
const logger = createLogger('route');
const metrics = createMetrics('route');
const db = createDocumentClient(config.storage.endpoint);
// Keys the address hashes and the duplicate-match keys (shared/hash-key.ts).
const hashKey = hashKeySource(config.hashKeySecretArn);
const matchIndex = createMatchIndex(db, config.storage.tableName);
const now = () => new Date();
const deps = {
  notifications: createNotificationStore(db, config.storage.tableName),
  cases: createCaseStore(db, config.storage.tableName),
  ledger: createEmailLedger(db, config.storage.tableName),
  bouncedAddresses: createBouncedAddresses(db, config.storage.tableName, hashKey),
  mailer: createMailer(
    createSesClient(config.mail.endpoint),
    config.mail.senderAddress,
    config.mail.configurationSet,
  ),
  config,
  policy: {
    routingRules: config.routingRules,
    designatedManager: config.designatedManager,
    calendar: defaultCalendar,
    reminderPolicy: defaultReminderPolicy,
  },
  now,
  duplicates: {
    matchIndex,
    matchKeys: createMatchKeys({ matchIndex, matchKey: hashKey, legacySalt: config.storage.tableName, now }),
  },
};

const processor = new BatchProcessor(EventType.SQS);

async function handleRecord(record: SQSRecord): Promise<void> {
  let message: z.infer<typeof QueueMessageSchema>;
  try {
    message = z.parse(QueueMessageSchema, JSON.parse(record.body));
  } catch (error) {
    // A malformed message can never succeed: fail it so the redrive policy moves it to the DLQ.
    logger.error('Malformed notification message', { messageId: record.messageId, ...describeError(error) });
    throw error;
  }
  if ('notice' in message) return handleNotice(message.notice);
  const { reference } = message;
  try {
    const outcome = await routeNotification(reference, deps);
    logger.info('Notification routed', { reference, ...outcome });
    if (outcome.caseOpened) {
      // Published per case opened: a retried duplicate adds nothing, and flushing an empty set
      // would log a warning.
      metrics.addMetric(METRICS.notificationsRouted.name, MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    }
  } catch (error) {
    logger.warn('Routing failed; the message will be retried', { reference, ...describeError(error) });
    throw error;
  }
}

const noticeDeps = {
  notices: createNoticeStore(db, config.storage.tableName),
  ...deps.duplicates,
  ledger: deps.ledger,
  mailer: deps.mailer,
  designatedManager: config.designatedManager,
  deputyManagers: config.deputyManagers,
  config,
  routingRules: config.routingRules,
  now: deps.now,
};

/** A change or ending notice (issue 12): the same retries and DLQ as a notification. */
async function handleNotice(noticeRef: string): Promise<void> {
  try {
    const outcome = await routeNotice(noticeRef, noticeDeps);
    logger.info('Notice routed', { notice: noticeRef, ...outcome });
  } catch (error) {
    logger.warn('Notice routing failed; the message will be retried', {
      notice: noticeRef,
      ...describeError(error),
    });
    throw error;
  }
}

export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, handleRecord, processor, { context }),
).use(injectLambdaContext(logger));
