import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient as DocumentClient, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { readWiring } from '../../infra/local/cloud-template.ts';
import { type Emulators, LOCAL_AWS_ENVIRONMENT, startEmulators } from '../../infra/local/emulators.ts';
import { synthesizeTemplates } from '../../infra/local/local-stack.ts';
import { provisionTable } from '../../infra/local/provision.ts';

/**
 * Creates a table named `name` on DynamoDB Local with the keys and indexes the CDK template
 * gives the real one, the way the local runtime does: tests that need only the table get the
 * deployed shape, not a hand-written copy that could drift.
 */
export async function createTemplateTable(
  dynamodbEndpoint: string,
  name: string,
): Promise<{ rawDb: DynamoDBClient; db: DynamoDBDocumentClient }> {
  const table = readWiring(synthesizeTemplates()).tables[0];
  if (!table) throw new Error('The template has no table');
  const rawDb = new DynamoDBClient({
    endpoint: dynamodbEndpoint,
    region: LOCAL_AWS_ENVIRONMENT.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await provisionTable(rawDb, { ...table, name });
  const db = DocumentClient.from(rawDb, { marshallOptions: { removeUndefinedValues: true } });
  return { rawDb, db };
}

/**
 * For a test file that needs only the table: starts the emulators before its tests, creates the
 * table `name` as the template shapes it, hands its clients to `ready`, and stops the emulators
 * after the file's tests.
 */
export function useTemplateTable(
  name: string,
  ready: (table: { rawDb: DynamoDBClient; db: DynamoDBDocumentClient; emulators: Emulators }) => void,
): void {
  let emulators: Emulators | undefined;
  beforeAll(async () => {
    emulators = await startEmulators();
    ready({ ...(await createTemplateTable(emulators.dynamodbEndpoint, name)), emulators });
  }, 120_000);
  afterAll(async () => {
    await emulators?.stop();
  });
}
