/**
 * `npm start`: the whole system on this machine.
 *   PORT (default 3000), HOST (default 127.0.0.1), DISTRICT (default demo),
 *   `--in-memory` or LOCAL_DB=memory for a throw-away database,
 *   LOCAL_DATA_DIRECTORY (default .local/) for the database, checkpoints, dead letters, signing key.
 *   WEBHOOK_RECEIVER_PORT or `--webhook-receiver` (port 3900) also runs the local webhook receiver.
 * Ctrl-C or SIGTERM stops everything, DynamoDB Local's Java process included.
 */
import { buildWeb } from '../../web/build.ts';
import { demoWebhookReceiverPort, demoWebhookSecret } from './demo-partners.ts';
import { consoleLog } from './log.ts';
import { localStatePaths, webDirectory } from './local-paths.ts';
import { startLocalSystem } from './start-system.ts';
import { startWebhookReceiver } from './webhook-receiver.ts';

const started = Date.now();
await buildWeb({ outDir: webDirectory });
const inMemory = process.argv.includes('--in-memory') || process.env.LOCAL_DB === 'memory';

const receiver =
  process.env.WEBHOOK_RECEIVER_PORT || process.argv.includes('--webhook-receiver')
    ? await startWebhookReceiver({ port: demoWebhookReceiverPort, secret: demoWebhookSecret }).catch((error: unknown) => {
        consoleLog('error', `webhook receiver: could not listen on port ${demoWebhookReceiverPort}: set WEBHOOK_RECEIVER_PORT to another one`, error);
        process.exit(1);
      })
    : undefined;

const port = Number(process.env.PORT ?? 3000);
const system = await startLocalSystem({
  port,
  ...(process.env.HOST ? { host: process.env.HOST } : {}),
  districtId: process.env.DISTRICT ?? 'demo',
  inMemory,
  ...(process.env.LOCAL_DATA_DIRECTORY ? { dataDirectory: process.env.LOCAL_DATA_DIRECTORY } : {}),
  ...(process.env.PUBLIC_BASE_URL ? { publicBaseUrl: process.env.PUBLIC_BASE_URL } : {}),
  log: consoleLog,
}).catch((error: unknown) => {
  const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
  consoleLog('error', inUse ? `port ${port} is in use: set PORT to another one` : 'could not start', inUse ? undefined : error);
  process.exit(1);
});

const paths = localStatePaths(system.dataDirectory);
console.log(`
Community partners (${system.districtId}) running at ${system.baseUrl}   (up in ${((Date.now() - started) / 1000).toFixed(1)} s)
  try:          curl ${system.baseUrl}/health
  web form:     ${system.baseUrl}/   (tracking page: ${system.baseUrl}/track.html)
  partner app:  ${system.baseUrl}/partner/   (sign in with a demo partner's phone, e.g. 13800000006; the code is in the SMS outbox)
  console:      ${system.baseUrl}/desk/   (operators: sign in with any operator name, e.g. op-1)
  data:         ${system.inMemory ? 'in memory (gone on exit)' : paths.dynamodb}
  table:        ${system.tableName} on DynamoDB Local at ${system.dynamoEndpoint}
  tokens:       npm run -s token -- operator op-1    |    npm run -s token -- partner demo-li-jianguo
                then: curl -H "Authorization: Bearer $TOKEN" ${system.baseUrl}/…
  dead letters: ${system.deadLetters.location}   (also GET ${system.baseUrl}/_local/dead-letters)
  SMS outbox:   ${system.outbox.location}   (also GET ${system.baseUrl}/_local/outbox)
${receiver ? `  webhooks:     receiver at ${receiver.url}/webhooks/<partner id>, printing what arrives here
                secret to verify with: ${demoWebhookSecret}   (demo-li-jianguo's webhook points here)
` : ''}Ctrl-C to stop.
`);

let stopping = false;
function shutdown(reason: string): void {
  if (stopping) {
    consoleLog('warn', 'stopping now, without waiting');
    process.exit(1);
  }
  stopping = true;
  consoleLog('info', `${reason}: stopping…`);
  Promise.all([system.stop(), receiver?.close()]).then(
    () => process.exit(0),
    (error: unknown) => {
      consoleLog('error', 'stopping failed', error);
      process.exit(1);
    },
  );
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));

// `npm start` dies on SIGTERM without passing it on; this process would then run on, orphaned.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid && !stopping) shutdown(`parent process ${parentPid} exited`);
}, 1000).unref();
