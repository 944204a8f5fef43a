import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/**
 * Reads the OIDC client secret from Secrets Manager (AWS only; locally the secret is given
 * directly). Powertools Parameters caches it for the life of the execution environment, so a
 * rotated secret is picked up within `maxAge` without a call on every sign-in.
 */
export async function readSecretString(arn: string): Promise<string> {
  const value = await getSecret<string>(arn, { maxAge: 15 * 60 });
  if (typeof value !== 'string' || !value) throw new Error('The staff client secret is empty');
  return value;
}
