import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { serviceNow } from '../../shared/clock.ts';
import { defaultReminderPolicy, defaultSchedulePolicy } from '../../shared/domain/statutory-clock.ts';
import { defaultCalendar } from '../../shared/domain/working-days.ts';
import { createLazySesMailer } from '../../shared/mail/lazy-mailer.ts';
import { createLogger, describeError, webAppLogging } from '../../shared/observability.ts';
import { readSecretString as readOriginSecret } from '../../shared/secret-string.ts';
import { createCampaignStore } from '../../shared/store/campaign-store.ts';
import { createCaseRecords } from '../../shared/store/case-records.ts';
import { createDocumentClient } from '../../shared/store/dynamo.ts';
import { createEmailLedger } from '../../shared/store/email-ledger.ts';
import { createHandoffStore } from '../../shared/store/handoff-store.ts';
import { createInformationLinkStore } from '../../shared/store/information-link-store.ts';
import { createNoticeStore } from '../../shared/store/notice-store.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { createSessionStore } from '../../shared/store/session-store.ts';
import { createTransferTokens } from '../../shared/store/transfer-tokens.ts';
import { toApiGatewayResponse, toWebRequest } from '../../shared/web/api-gateway.ts';
import { createOriginCheck } from '../../shared/web/origin-secret.ts';
import { createViewRenderer } from '../../shared/web/views.ts';
import { createOidcClient } from './auth.ts';
import { readSecretString } from './client-secret.ts';
import { cognitoDirectory } from './cognito-directory.ts';
import { createStaffApp, type StaffAppDependencies } from './staff-app.ts';
import { parseStaffConfig } from './staff-config.ts';
import { configuredDirectory } from './staff-directory.ts';

/**
 * The staff pages (API Gateway HTTP API, routes `GET /staff` and `ANY /staff/{proxy+}`). Wiring
 * only: configuration and clients once per container, then every request through the staff app.
 * Nothing from the request is logged but the route, the status and safe facts (a reference, a
 * role): the pages hold children's details.
 *
 * In a bundle, copy `functions/staff/views` and `shared/web/views` into `views/` beside it, and
 * govuk-frontend's `dist` into `govuk-frontend/dist` (see shared/web/paths.ts).
 */
const config = parseStaffConfig(process.env);
const logger = createLogger('staff');
const db = createDocumentClient(config.storage.endpoint);
const originSecretArn = config.originSecretArn ?? '';

const dependencies: StaffAppDependencies = {
  cases: createCaseRecords(db, config.storage.tableName),
  campaigns: createCampaignStore(db, config.storage.tableName),
  transferTokens: createTransferTokens(db, config.storage.tableName),
  noticesToMatch: {
    notices: createNoticeStore(db, config.storage.tableName),
    notifications: createNotificationStore(db, config.storage.tableName),
  },
  sessions: createSessionStore(db, config.storage.tableName),
  // Loaded on the first send, not at a cold start (issue 16): most staff requests send nothing.
  mailer: createLazySesMailer({
    endpoint: config.mail.endpoint,
    from: config.mail.senderAddress,
    configurationSet: config.mail.configurationSet,
  }),
  emailLedger: createEmailLedger(db, config.storage.tableName),
  handoff: createHandoffStore(db, config.storage.tableName),
  informationLinks: createInformationLinkStore(db, config.storage.tableName),
  // In AWS the user pool's caseworker group; locally (and without a pool) the configured list.
  directory: config.staffUserPoolId
    ? cognitoDirectory({
        userPoolId: config.staffUserPoolId,
        client: async () => {
          const sdk = await import('./cognito-sdk.ts');
          return new sdk.CognitoIdentityProviderClient({});
        },
        now: Date.now,
        onError: (error) => logger.warn('Staff directory could not be read', { ...describeError(error) }),
      })
    : configuredDirectory(config.staffDirectory),
  oidc: createOidcClient(config, readSecretString),
  config,
  views: createViewRenderer({
    viewDirectories: [fileURLToPath(new URL('./views', import.meta.url))],
    globals: { councilName: config.councilName, serviceName: 'Private fostering: staff' },
  }),
  designatedManager: config.designatedManager,
  calendar: defaultCalendar,
  schedulePolicy: defaultSchedulePolicy,
  reminderPolicy: defaultReminderPolicy,
  now: serviceNow,
  newId: randomUUID,
  // Behind CloudFront (AWS): requests that went around it, straight to execute-api, get a 403.
  ...(config.originSecretArn
    ? { originCheck: createOriginCheck(() => readOriginSecret(originSecretArn, 'origin secret')) }
    : {}),
  log: { info: (m, f) => logger.info(m, f), warn: (m, f) => logger.warn(m, f) },
  ...webAppLogging(logger),
};

/**
 * The handler with the wiring above and the given clock. Tests pass a fixed clock: the dates
 * they assert (what is due, the reporting year) must not depend on the day they run.
 */
export function createStaffHandler(now: () => Date = dependencies.now) {
  const app = createStaffApp({ ...dependencies, now });
  return middy(async (event: APIGatewayProxyEventV2) =>
    toApiGatewayResponse(await app(toWebRequest(event))),
  ).use(injectLambdaContext(logger));
}

export const handler = createStaffHandler();
