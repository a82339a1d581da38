/**
 * What the bundles leave out of the AWS SDK (infra/bundling/bundle-options.ts) must be dead code for
 * the clients the project uses: the event-stream support is loaded only by an operation that streams
 * events, and the SDK types such an operation's stream as an `AsyncIterable` (Bedrock's
 * `InvokeModelWithResponseStream`, Transcribe's audio stream). A client with one, once added to
 * package.json, fails here instead of failing in Lambda.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleExternals, projectRoot } from '../../infra/bundling/bundle-options.ts';

const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const awsClients = Object.keys(packageJson.dependencies).filter((name) => name.startsWith('@aws-sdk/client-'));

function typeFilesOf(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.d.ts') && !entry.parentPath.includes('ts3.4'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the AWS SDK parts left out of the bundles', () => {
  it('are the lazily loaded event-stream support only', () => {
    expect(bundleExternals).toEqual(['@smithy/core/event-streams']);
  });

  it.each(awsClients)('%s has no operation that streams events', (client) => {
    const files = typeFilesOf(join(projectRoot, 'node_modules', client, 'dist-types'));
    expect(files.length, client).toBeGreaterThan(10);
    const streaming = files.filter((file) => readFileSync(file, 'utf8').includes('AsyncIterable<'));
    expect(streaming, client).toEqual([]);
  });

  it('covers every AWS client the project depends on', () => {
    expect(awsClients).toEqual(expect.arrayContaining(['@aws-sdk/client-dynamodb', '@aws-sdk/client-sns', '@aws-sdk/client-sqs']));
  });
});
