import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { hashKeySource } from '../../shared/hash-key.ts';
import { createLogger, createMetrics, describeError } from '../../shared/observability.ts';
import { METRICS } from '../../shared/observability-metrics.ts';
import { createBouncedAddresses } from '../../shared/store/bounced-addresses.ts';
import { createDeliveryFailureStore } from '../../shared/store/delivery-failures.ts';
import { createDocumentClient } from '../../shared/store/dynamo.ts';
import { parseSesEventsConfig } from './config.ts';
import { type DeliveryEventKind, parseDeliveryEvent, recordDeliveryEvent } from './record-delivery-event.ts';

/**
 * SES delivery events (bounce, complaint, reject, delay) from the configuration set's SNS topic,
 * through the delivery events queue. Each is recorded on its case; an undelivered email is
 * escalated to the designated manager. Logs carry the reference, the kind and SES's message id,
 * never an address.
 */
const config = parseSesEventsConfig(process.env);
const logger = createLogger('ses-events');
const metrics = createMetrics('ses-events');
const db = createDocumentClient(config.storage.endpoint);
const store = createDeliveryFailureStore(db, config.storage.tableName);
const bouncedAddresses = createBouncedAddresses(
  db,
  config.storage.tableName,
  hashKeySource(config.hashKeySecretArn),
);
const processor = new BatchProcessor(EventType.SQS);

const METRIC_OF_KIND: Record<DeliveryEventKind, string> = {
  bounce: METRICS.emailsUndelivered.name,
  reject: METRICS.emailsUndelivered.name,
  complaint: METRICS.emailComplaints.name,
  delay: METRICS.emailsDelayed.name,
};

async function handleRecord(record: SQSRecord): Promise<void> {
  let event: ReturnType<typeof parseDeliveryEvent>;
  try {
    event = parseDeliveryEvent(record.body);
  } catch (error) {
    // It can never succeed: fail it so the redrive policy moves it to the dead-letter queue.
    logger.error('Malformed delivery event', { messageId: record.messageId, ...describeError(error) });
    throw error;
  }
  if (!event) {
    logger.info('Delivery event of a kind not handled; ignored', { messageId: record.messageId });
    return;
  }
  const outcome = await recordDeliveryEvent(event, {
    store,
    bouncedAddresses,
    designatedManager: config.designatedManager,
    now: new Date(),
  });
  metrics.addMetric(METRIC_OF_KIND[outcome.kind], MetricUnit.Count, 1);
  const facts = {
    reference: outcome.reference,
    kind: outcome.kind,
    purpose: outcome.purpose,
    recorded: outcome.recorded,
    escalation: outcome.escalation,
    sesMessageId: event.mail.messageId,
  };
  if (outcome.escalation === 'manager-unreachable') {
    metrics.addMetric(METRICS.deliveryFailuresNotEscalated.name, MetricUnit.Count, 1);
    logger.error('Email to the designated manager was not delivered; nobody to escalate to', facts);
  } else {
    logger.info('Delivery event recorded', facts);
  }
}

export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, handleRecord, processor, { context }),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
