import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE } from './observability-metrics.ts';
import type { ResponseLog } from './web/web-app.ts';

/**
 * Structured JSON logs with the Lambda context and correlation ids. Callers log references,
 * routes, counts and error names only — never an event, a body, an answer or an email address:
 * children's details must not reach the logs. The level is Powertools' own POWERTOOLS_LOG_LEVEL
 * (INFO in AWS, set by the function construct; tests quiet it).
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}

/** What may be logged about an error. */
export interface SafeErrorDescription {
  errorName: string;
  /** Left out where the message can quote input (see describeError). */
  errorMessage?: string;
}

/** Errors whose messages quote what they were given: a person's answers, an email, a message body. */
const QUOTING_ERRORS = new Set(['ZodError', '$ZodError', 'SyntaxError']);

/**
 * The safe description of an error for a log line: its name, and its message unless the message
 * may quote personal data. Validation errors quote the input; JSON.parse quotes the text it could
 * not parse; AWS service errors can quote request values (SES names the address it rejected), so
 * for those the name (MessageRejected, ThrottlingException…) is what is logged.
 */
export function describeError(error: unknown): SafeErrorDescription {
  if (!(error instanceof Error)) return { errorName: 'NonError' };
  const fromAws = '$metadata' in error;
  if (fromAws || QUOTING_ERRORS.has(error.name)) return { errorName: error.name };
  return { errorName: error.name, errorMessage: error.message.slice(0, 500) };
}

/**
 * How both web apps (notify, staff) log: one line per response, one per unexpected error, in the
 * same shape. Facts first, so that no fact can overwrite the route, method or status.
 */
export function webAppLogging(logger: Logger): {
  onResponse: (log: ResponseLog) => void;
  onError: (error: SafeErrorDescription, route: string) => void;
} {
  return {
    onResponse: ({ route, method, status, facts }) =>
      logger.info('Response', { ...facts, route, method, status }),
    onError: (error, route) => logger.error('Request failed', { route, ...error }),
  };
}

/** Powertools metrics (CloudWatch EMF) in the namespace the alarms and dashboard read. */
export function createMetrics(serviceName: string): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
}
