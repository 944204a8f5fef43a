import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { newReference } from '../../shared/domain/reference.ts';
import { createLazySesMailer } from '../../shared/mail/lazy-mailer.ts';
import { createLogger, createMetrics, describeError, webAppLogging } from '../../shared/observability.ts';
import { METRICS } from '../../shared/observability-metrics.ts';
import { createNotificationQueue, createSqsClient } from '../../shared/queue/notification-queue.ts';
import { readSecretString } from '../../shared/secret-string.ts';
import { createCampaignStore } from '../../shared/store/campaign-store.ts';
import { createDraftStore } from '../../shared/store/draft-store.ts';
import { createDocumentClient } from '../../shared/store/dynamo.ts';
import { createInformationLinkStore } from '../../shared/store/information-link-store.ts';
import { createNoticeStore } from '../../shared/store/notice-store.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { createRateLimiter } from '../../shared/store/rate-limits.ts';
import { createTransferTokens } from '../../shared/store/transfer-tokens.ts';
import { toApiGatewayResponse, toWebRequest } from '../../shared/web/api-gateway.ts';
import { createOriginCheck } from '../../shared/web/origin-secret.ts';
import { createNotifyApp } from './app.ts';
import { parseNotifyConfig } from './config.ts';

/*
 * The notify function: API Gateway HTTP API → the public notification form. Wiring only.
 * Logs carry the route, the status and (on submit) the reference — never the event, the body or
 * an answer: they would put a child's details into the logs.
 */

const config = parseNotifyConfig(process.env);
const logger = createLogger('notify');
// Made on the first notification, not at a cold start: most requests are page views with no metric.
let metrics: ReturnType<typeof createMetrics> | undefined;
const db = createDocumentClient(config.storage.endpoint);

const originSecretArn = config.originSecretArn ?? '';
const queue = createNotificationQueue(createSqsClient(config.queue.endpoint), config.queue.url);
const app = createNotifyApp({
  drafts: createDraftStore(db, config.storage.tableName),
  rateLimits: createRateLimiter(db, config.storage.tableName, config.rateLimits),
  notifications: createNotificationStore(db, config.storage.tableName),
  queue,
  notices: { notices: createNoticeStore(db, config.storage.tableName), queue },
  transferTokens: createTransferTokens(db, config.storage.tableName),
  now: () => new Date(),
  newReference: () => newReference(),
  councilName: config.councilName,
  council: config.council,
  ...(config.logoUrl ? { logoUrl: config.logoUrl } : {}),
  // Sends "save and come back later" links, through the configuration set like every email. A
  // rare path: SES is loaded on the first send, not at a cold start (issue 16).
  mailer: createLazySesMailer({
    endpoint: config.mail.endpoint,
    from: config.mail.senderAddress,
    configurationSet: config.mail.configurationSet,
  }),
  publicBaseUrl: config.publicBaseUrl,
  campaigns: createCampaignStore(db, config.storage.tableName),
  // Behind CloudFront (AWS): requests that went around it, straight to execute-api, get a 403.
  ...(config.originSecretArn
    ? { originCheck: createOriginCheck(() => readSecretString(originSecretArn, 'origin secret')) }
    : {}),
  informationLinks: createInformationLinkStore(db, config.storage.tableName),
  ...webAppLogging(logger),
  // Published at once rather than by middleware: most requests are page views with no metric,
  // and an empty flush writes a warning to the log on every one of them.
  onNotificationReceived: () => {
    metrics ??= createMetrics('notify');
    metrics.addMetric(METRICS.notificationsReceived.name, MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
  },
  onQueueFailure: (reference, error) =>
    logger.warn('Queue send failed; left in the outbox', { reference, ...describeError(error) }),
});

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
  .handler(async (event) =>
    toApiGatewayResponse(
      await app(
        toWebRequest(
          event,
          config.clientAddressHeader ? { clientAddressHeader: config.clientAddressHeader } : {},
        ),
      ),
    ),
  );
