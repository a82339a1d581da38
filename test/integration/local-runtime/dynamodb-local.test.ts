import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ensureTable } from '#infra/local/create-table.ts';
import { localAwsConfig, startDynamoDbLocal } from '#infra/local/dynamodb-local.ts';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await new Promise((done) => setTimeout(done, 100));
  }
  return !isRunning(pid);
}

describe('DynamoDB Local', { timeout: 90_000 }, () => {
  it('keeps the table and its items across a restart on the same data directory, and stop() leaves no Java', async () => {
    const dataDirectory = join(mkdtempSync(join(tmpdir(), 'dynamodb-local-')), 'dynamodb');
    const first = await startDynamoDbLocal({ dataDirectory });
    const firstRaw = new DynamoDBClient(localAwsConfig(first.endpoint));
    const firstClient = DynamoDBDocumentClient.from(firstRaw);
    const created = await ensureTable(firstRaw, 'persistence-test');
    expect(created.created).toBe(true);
    await firstClient.send(new PutCommand({ TableName: 'persistence-test', Item: { pk: 'NEED#kept', sk: 'NEED', note: '保留' } }));
    firstClient.destroy();
    await first.stop();
    expect(isRunning(first.pid)).toBe(false);

    const second = await startDynamoDbLocal({ dataDirectory });
    // Other credentials and region on purpose: -sharedDb shows everyone the same database.
    const secondRaw = new DynamoDBClient({
      endpoint: second.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'other', secretAccessKey: 'other' },
    });
    const secondClient = DynamoDBDocumentClient.from(secondRaw);
    try {
      const again = await ensureTable(secondRaw, 'persistence-test');
      expect(again.created).toBe(false);
      expect(again.streamArn).toBe(created.streamArn);
      const { Item } = await secondClient.send(new GetCommand({ TableName: 'persistence-test', Key: { pk: 'NEED#kept', sk: 'NEED' } }));
      expect(Item?.note).toBe('保留');
      const ttl = await secondClient.send(new DescribeTimeToLiveCommand({ TableName: 'persistence-test' }));
      expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' });
    } finally {
      secondClient.destroy();
      await second.stop();
    }
    expect(isRunning(second.pid)).toBe(false);
  });

  it('takes Java down with it when the Node process is killed outright', async () => {
    const script = fileURLToPath(new URL('./fixtures/start-dynamodb-and-wait.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const javaPid = await new Promise<number>((done, fail) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const found = /JAVA_PID=(\d+)/.exec(output);
        if (found?.[1]) done(Number(found[1]));
      });
      child.once('exit', (code) => fail(new Error(`the child exited early (${code})`)));
    });
    expect(isRunning(javaPid)).toBe(true);
    child.kill('SIGKILL');
    expect(await waitUntilGone(javaPid, 10_000)).toBe(true);
  });
});
