import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ConfigurationError, requireCouncilContact, runtimeConfig } from '../../shared/config.ts';
import { newReference } from '../../shared/domain/reference.ts';
import { createMailer, createSesClient } from '../../shared/mail/mailer.ts';
import { createMetrics } from '../../shared/observability.ts';
import { METRICS } from '../../shared/observability-metrics.ts';
import { createNotificationQueue, createSqsClient } from '../../shared/queue/notification-queue.ts';
import { createDraftStore } from '../../shared/store/draft-store.ts';
import { createDocumentClient } from '../../shared/store/dynamo.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { toApiGatewayResponse, toWebRequest } from '../../shared/web/api-gateway.ts';
import { createNotifyApp } from './app.ts';

/*
 * The notify function: API Gateway HTTP API → the public notification form. Wiring only.
 * Logs carry the route, the status and (on submit) the reference — never the event, the body or
 * an answer: they would put a child's details into the logs.
 */

const logger = new Logger({ serviceName: 'notify' });
const metrics = createMetrics('notify');
const config = runtimeConfig();
if (!config.notificationQueueUrl) {
  throw new ConfigurationError('Invalid configuration: NOTIFICATION_QUEUE_URL is required by notify');
}
// Links in "save and come back later" emails are built from configuration, never from the
// request's Host header, which a caller controls.
if (!config.publicBaseUrl) {
  throw new ConfigurationError('Invalid configuration: PUBLIC_BASE_URL is required by notify');
}
const council = requireCouncilContact(config, 'notify');
const db = createDocumentClient(config.endpoints.dynamodb);
const sqs = createSqsClient(config.endpoints.sqs);

const app = createNotifyApp({
  drafts: createDraftStore(db, config.tableName),
  notifications: createNotificationStore(db, config.tableName),
  queue: createNotificationQueue(sqs, config.notificationQueueUrl),
  now: () => new Date(),
  newReference: () => newReference(),
  councilName: config.councilName,
  council,
  ...(config.council.logoUrl ? { logoUrl: config.council.logoUrl } : {}),
  // Sends "save and come back later" links, through the configuration set like every email.
  mailer: createMailer(
    createSesClient(config.endpoints.sesv2),
    config.senderAddress,
    config.sesConfigurationSet,
  ),
  publicBaseUrl: config.publicBaseUrl,
  onResponse: ({ route, method, status, facts }) =>
    logger.info('response', { route, method, status, ...facts }),
  onError: (error, route) => logger.error('request failed', { route, error }),
  // Published at once rather than by middleware: most requests are page views with no metric,
  // and an empty flush writes a warning to the log on every one of them.
  onNotificationReceived: () => {
    metrics.addMetric(METRICS.notificationsReceived.name, MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
  },
  onQueueFailure: (reference, error) =>
    logger.warn('queue send failed; left in the outbox', {
      reference,
      errorName: error instanceof Error ? error.name : 'NonError',
    }),
});

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => toApiGatewayResponse(await app(toWebRequest(event))));
