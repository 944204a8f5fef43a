import { describe, expect, it } from 'vitest';
import { functionMetafile, sdkImportsOf } from '../support/function-bundle.ts';

/**
 * The functions carry their own AWS SDK (infra/constructs/pipeline-function.ts: bundleAwsSDK), so
 * which SDK clients a cold start evaluates is decided by the import graph: a client reached only
 * through `import()` is evaluated when first used. The web functions' rare paths (notify's "save
 * and come back later", the staff pages' emails and staff directory) must stay behind one, or
 * every visitor's first page pays for them (issue 16).
 */
const sdkOf = async (name: string) =>
  sdkImportsOf(await functionMetafile(name), `functions/${name}/handler.ts`);

describe('SDK clients a web function evaluates at a cold start', () => {
  it('notify: DynamoDB and SQS at start; SES and Secrets Manager only when first used', async () => {
    const sdk = await sdkOf('notify');
    expect(sdk.atStart.sort()).toEqual([
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/client-sqs',
      '@aws-sdk/lib-dynamodb',
    ]);
    expect(sdk.whenFirstUsed).toEqual(
      expect.arrayContaining(['@aws-sdk/client-sesv2', '@aws-sdk/client-secrets-manager']),
    );
  });

  it('staff: SES and Cognito only when first used', async () => {
    const sdk = await sdkOf('staff');
    expect(sdk.atStart).not.toContain('@aws-sdk/client-sesv2');
    expect(sdk.atStart).not.toContain('@aws-sdk/client-cognito-identity-provider');
    expect(sdk.whenFirstUsed).toEqual(
      expect.arrayContaining(['@aws-sdk/client-sesv2', '@aws-sdk/client-cognito-identity-provider']),
    );
  });
});
