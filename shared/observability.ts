import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE } from './observability-metrics.ts';

/**
 * Structured JSON logs with the Lambda context and correlation ids. Callers log references,
 * routes, counts and error names only — never an event, a body, an answer or an email address:
 * children's details must not reach the logs.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName, logLevel: (process.env.POWERTOOLS_LOG_LEVEL as 'INFO') ?? 'INFO' });
}

/** The safe description of an error for a log line: its name and, for our own errors, the message. */
export function describeError(error: unknown): { errorName: string } {
  return { errorName: error instanceof Error ? error.name : typeof error };
}

/** Powertools metrics (CloudWatch EMF) in the namespace the alarms and dashboard read. */
export function createMetrics(serviceName: string): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
}
