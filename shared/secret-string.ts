/**
 * Reads a secret string from Secrets Manager (AWS only; locally nothing calls this). Powertools
 * Parameters caches it for the life of the execution environment for `maxAge`, so a rotated
 * secret is picked up within that time without a call on every request. Loaded on first use: the
 * Secrets Manager client is not part of a cold start that does not need it.
 */
export async function readSecretString(arn: string, what: string, maxAgeSeconds = 15 * 60): Promise<string> {
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  const value = await getSecret<string>(arn, { maxAge: maxAgeSeconds });
  if (typeof value !== 'string' || !value) throw new Error(`The ${what} is empty`);
  return value;
}
