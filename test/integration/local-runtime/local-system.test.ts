import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPartners } from '#infra/local/demo-partners.ts';
import { localAwsConfig } from '#infra/local/dynamodb-local.ts';
import { moduleHandlerLoader } from '#infra/local/handler-loader.ts';
import { needInserted } from '#lib/topology/topology.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';
import { scheduledRuns } from './fixtures/scheduled-job.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the local system', { timeout: 60_000 }, () => {
  let system: LocalSystem;
  let documents: DynamoDBDocumentClient;

  beforeAll(async () => {
    system = await startLocalSystem({
      loadHandler: moduleHandlerLoader(fixtures),
      routes: [
        { method: 'POST', path: '/things', handler: 'record-need', access: 'public', description: '' },
        { method: 'GET', path: '/things/{id}', handler: 'get-need', access: 'public', description: '' },
        { method: 'GET', path: '/staff-only', handler: 'echo-event', access: 'operators', description: '' },
      ],
      fallbackHandlers: { methodNotAllowed: 'method-not-allowed', notFound: 'not-found' },
      streamConsumers: [
        {
          name: 'acknowledge',
          handler: 'acknowledge-need',
          filters: [needInserted],
          batchSize: 10,
          retryAttempts: 2,
          maxRecordAgeSeconds: 3600,
          description: '',
        },
      ],
      schedules: [{ name: 'fixtureJob', handler: 'scheduled-job', everySeconds: 0.2, description: '' }],
    });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsConfig(system.dynamoEndpoint)));
  }, 90_000);

  afterAll(async () => {
    documents?.destroy();
    await system?.stop();
  });

  it('sets the environment handlers read at load', () => {
    expect(process.env.TABLE_NAME).toBe('community-partners-demo');
    expect(process.env.DYNAMODB_ENDPOINT).toBe(system.dynamoEndpoint);
    expect(JSON.parse(process.env.DISTRICT_CONFIG ?? '{}').id).toBe('demo');
    expect(process.env.AWS_REGION).toBe('local');
  });

  it('runs a request through a handler, the table, the stream and a consumer', async () => {
    const created = await fetch(`${system.baseUrl}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'n-1' }),
    });
    expect(created.status).toBe(201);
    await system.poller.drain();
    const read = await fetch(`${system.baseUrl}/things/n-1`);
    expect(await read.json()).toMatchObject({ id: 'n-1', type: 'need', acknowledged: true });
  });

  it('seeds the demo partners with their capability items', async () => {
    // Imported here, not at the top: dynamo-client.ts builds its client from the environment at load.
    const { getPartner } = await import('#lib/data/partners-repository.ts');
    for (const partner of demoPartners) {
      expect(await getPartner(partner.id, { client: documents, table: system.tableName })).toEqual(partner);
    }
  });

  it('accepts the tokens it issues on protected routes', async () => {
    expect((await fetch(`${system.baseUrl}/staff-only`)).status).toBe(401);
    const token = await system.issueToken('operator', 'op-1');
    const response = await fetch(`${system.baseUrl}/staff-only`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
  });

  it('runs the declared schedules with an EventBridge scheduled event', async () => {
    await system.scheduler.runNow('fixtureJob');
    expect(scheduledRuns().at(-1)).toMatchObject({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} });
  });

  it('lists dead letters at GET /_local/dead-letters', async () => {
    const response = await fetch(`${system.baseUrl}/_local/dead-letters`);
    expect(await response.json()).toMatchObject({ location: 'memory', count: 0, deadLetters: [] });
  });

  it('stops everything, DynamoDB Local included', async () => {
    const port = Number(new URL(system.dynamoEndpoint).port);
    const { execFileSync } = await import('node:child_process');
    const javaPids = execFileSync('pgrep', ['-f', `DynamoDBLocal.jar.*-port ${port}`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
    await system.stop();
    for (const pid of javaPids) expect(isRunning(pid)).toBe(false);
    await expect(fetch(`${system.baseUrl}/things/n-1`)).rejects.toThrow();
  });
});
