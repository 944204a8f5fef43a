import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient as DocumentClient, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readWiring } from '../../infra/local/cloud-template.ts';
import { LOCAL_AWS_ENVIRONMENT } from '../../infra/local/emulators.ts';
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
