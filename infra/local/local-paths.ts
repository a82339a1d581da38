/** Where the local runtime keeps its state. `.local/` is git-ignored. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const defaultDataDirectory = join(projectRoot, '.local');
export const functionsDirectory = join(projectRoot, 'functions');
/** The built resident pages (`node --import tsx web/build.ts`), served at `/`. */
export const webDirectory = join(projectRoot, 'web', 'dist');

/** The files inside a data directory, named once so start-up messages and the CLI agree. */
export function localStatePaths(dataDirectory: string) {
  return {
    dynamodb: join(dataDirectory, 'dynamodb'),
    checkpoints: join(dataDirectory, 'stream-checkpoints.json'),
    deadLetters: join(dataDirectory, 'dead-letters.jsonl'),
    outbox: join(dataDirectory, 'outbox.jsonl'),
    logins: join(dataDirectory, 'logins.jsonl'),
    signingKey: join(dataDirectory, 'jwt-signing-key.json'),
    trackingLinkSecret: join(dataDirectory, 'tracking-link-secret'),
  };
}
