/**
 * The AWS SDK's logger middleware runs on every call even when no logger is configured: it passes
 * the whole input and output through their "sensitive log" filters (a walk of every item written
 * or read) only to hand them to a logger that does nothing. No client here is given a logger
 * (Powertools logs what we choose, never an item), so the step is taken out of the client's
 * stack. Measured on 8,000 DynamoDB calls against DynamoDB Local: 0.384 → 0.350 ms of CPU per
 * call, about 9% of what a call costs this process (issue 16).
 */
export function withoutSdkLogging<T extends { middlewareStack: { remove(name: string): boolean } }>(
  client: T,
): T {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}
