/**
 * The one DynamoDB client, created once per process (Lambda cold start). `DYNAMODB_ENDPOINT` points
 * it at DynamoDB Local; in the cloud it is unset and the SDK uses the regional endpoint.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export function requiredEnvironment(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is required`);
  return value;
}

export function createDocumentClient(endpoint = process.env.DYNAMODB_ENDPOINT): DynamoDBDocumentClient {
  const client = new DynamoDBClient(endpoint ? { endpoint, region: process.env.AWS_REGION ?? 'local', credentials: localCredentials } : {});
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** DynamoDB Local accepts any credentials; fixed ones keep every local process on the same database. */
const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export const documentClient = createDocumentClient();

export function tableName(): string {
  return requiredEnvironment('TABLE_NAME');
}
