/**
 * The whole system on one machine: DynamoDB Local with the table, the environment the handlers read
 * at load, the demo partners, the HTTP gateway, the stream poller and the scheduler. Used by
 * `npm start` (infra/local/start.ts) and, through test/support/local-system.ts, by integration tests.
 *
 * Handlers create their DynamoDB client when first imported, from the environment set here. In one
 * process, later systems therefore reuse the first system's DynamoDB port (and should use the same
 * district), so handlers imported earlier keep talking to the right database.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DistrictConfig } from '#lib/district/district-config.ts';
import { loadDistrictFile } from '#lib/district/district-files.ts';
import {
  corsPolicy,
  partnerDeliveries,
  type QueueConsumerDeclaration,
  queueConsumers as declaredQueueConsumers,
  type RouteDeclaration,
  type ScheduleDeclaration,
  type StreamConsumerDeclaration,
} from '#lib/topology/topology.ts';
import { useDeliveryQueue } from '#lib/delivery/delivery-queue.ts';
import { deliveryMessageBody } from '#lib/notifications/delivery-message.ts';
import { retryPolicyVariable } from '#lib/notifications/retry-schedule.ts';
import { ensureTable } from './create-table.ts';
import { useTextMessageSender } from '#lib/delivery/text-message-sender.ts';
import { type DeadLetterStore, fileDeadLetterStore, memoryDeadLetterStore } from './dead-letters.ts';
import { type DynamoDbLocal, localAwsConfig, startDynamoDbLocal } from './dynamodb-local.ts';
import { scopeInvocations } from './lambda-context.ts';
import { type Gateway, jsonOf, type LocalHandler, startGateway } from './gateway.ts';
import { useLoginDirectory } from '#lib/accounts/login-directory.ts';
import { fileLocalLogins, type LocalLogins, memoryLocalLogins } from './local-logins.ts';
import { createLocalSignIn } from './local-sign-in.ts';
import { type HandlerLoader, moduleHandlerLoader } from './handler-loader.ts';
import { installTableGuard } from './table-guard.ts';
import { createJwtAuthorizer } from './jwt-authorizer.ts';
import { consoleLog, errorMessage, type LocalLog } from './log.ts';
import { defaultDataDirectory, localStatePaths, webDirectory } from './local-paths.ts';
import type { FallbackHandlers } from './route-matcher.ts';
import { fileOutbox, memoryOutbox, type Outbox } from './outbox.ts';
import { type QueueRunner, startQueueRunner } from './queue-runner.ts';
import { type Scheduler, startScheduler } from './scheduler.ts';
import { fileCheckpointStore, memoryCheckpointStore } from './stream-checkpoints.ts';
import { type StreamPoller, startStreamPoller } from './stream-poller.ts';
import {
  isLocalRole,
  issueLocalToken,
  type LocalRole,
  type LocalSigningKey,
  localClientId,
  localIssuer,
  loadOrCreateSigningKey,
  type TokenRequest,
} from './tokens.ts';

export interface LocalSystemOptions {
  /** Gateway port; 0 or omitted: a free port. */
  port?: number;
  host?: string;
  districtId?: string;
  /** Changes to the district file's configuration, for tests (limits, timeouts). */
  configureDistrict?: (district: DistrictConfig) => DistrictConfig;
  /** DynamoDB, checkpoints and dead letters in memory: nothing survives stop(). */
  inMemory?: boolean;
  /** Holds dynamodb/, stream-checkpoints.json, dead-letters.jsonl, jwt-signing-key.json. Default `.local/`. */
  dataDirectory?: string;
  /** Write the demo partners (demo district only; existing ones are kept). */
  seed?: boolean;
  log?: LocalLog;
  dynamoPort?: number;
  /** Default: the key in the data directory, created on first use. */
  signingKey?: LocalSigningKey;
  /** Overrides of the topology and handler modules, for tests. */
  routes?: readonly RouteDeclaration[];
  fallbackHandlers?: FallbackHandlers;
  streamConsumers?: readonly StreamConsumerDeclaration[];
  /** The queue consumers (partners' deliveries), e.g. with shorter retry delays for tests. */
  queueConsumers?: readonly QueueConsumerDeclaration[];
  schedules?: readonly ScheduleDeclaration[];
  loadHandler?: HandlerLoader;
  /** Static files; null for none. Default web/dist/. */
  webDirectory?: string | null;
  pollIntervalMs?: number;
  retryBackoffMs?: number;
  /** Where notifications link to the partner app. Default: the gateway's URL. */
  publicBaseUrl?: string;
}

export interface LocalSystem {
  baseUrl: string;
  districtId: string;
  tableName: string;
  streamArn: string;
  dynamoEndpoint: string;
  dataDirectory: string;
  inMemory: boolean;
  deadLetters: DeadLetterStore;
  /** Every SMS the system sent (GET /_local/outbox). */
  outbox: Outbox;
  /** Partners' logins by phone, as the user pool would hold them. */
  logins: LocalLogins;
  gateway: Gateway;
  /** The stream readers and the queues together: `drain()` waits for both, until neither has work left. */
  poller: StreamPoller;
  queues: QueueRunner;
  scheduler: Scheduler;
  /**
   * A token the gateway accepts, as `npm run token` prints: an operator's with its id as subject, a
   * partner's with the subject of its linked login (linked now if it has none).
   */
  issueToken(role: LocalRole, id: string): Promise<string>;
  /** A token exactly as asked, linked to nothing: for tests of unknown or odd identities. */
  signToken(request: TokenRequest): Promise<string>;
  stop(): Promise<void>;
}

function trackingLinkSecretIn(path: string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** The loader's handlers, each calling `after` once its invocation has settled. */
function nudgingAfterEachCall(load: HandlerLoader, after: () => void): HandlerLoader {
  return async (handler) => {
    const run = await load(handler);
    return async (event, context) => {
      try {
        return await run(event, context);
      } finally {
        after();
      }
    };
  };
}

/** The environment handlers read, pointed at DynamoDB Local (as the cloud's house function sets it). */
export function useLocalEnvironment(tableName: string, district: DistrictConfig, endpoint: string): void {
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DISTRICT_CONFIG: JSON.stringify(district),
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    DISTRICT_ID: district.id,
    // Local receivers (the webhook receiver, tests' listeners) are on this machine; never set in the cloud.
    OUTBOUND_ALLOW_LOOPBACK: 'true',
    POWERTOOLS_SERVICE_NAME: process.env.POWERTOOLS_SERVICE_NAME ?? 'community-partners',
    // Metrics are log lines CloudWatch reads in the cloud (lib/observability/metrics.ts); locally nothing reads them.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  });
}

export function tableNameFor(districtId: string): string {
  return `community-partners-${districtId}`;
}

let dynamoPortInThisProcess: number | undefined;

export async function startLocalSystem(options: LocalSystemOptions = {}): Promise<LocalSystem> {
  const log = options.log ?? consoleLog;
  const districtId = options.districtId ?? 'demo';
  const district = (options.configureDistrict ?? ((loaded: DistrictConfig) => loaded))(loadDistrictFile(districtId));
  const inMemory = options.inMemory ?? false;
  // Before the first SDK call: the handlers here run side by side, each in its own invocation scope.
  await scopeInvocations();
  const dataDirectory = options.dataDirectory ?? defaultDataDirectory;
  const paths = localStatePaths(dataDirectory);
  const tableName = tableNameFor(districtId);
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        log('warn', `while stopping: ${errorMessage(error)}`);
      }
    }
    stops.length = 0;
  };

  try {
    const dynamo: DynamoDbLocal = await startDynamoDbLocal({
      port: options.dynamoPort ?? dynamoPortInThisProcess,
      ...(inMemory ? {} : { dataDirectory: paths.dynamodb }),
      log,
    });
    stops.push(() => dynamo.stop());
    dynamoPortInThisProcess = dynamo.port;

    const client = new DynamoDBClient(localAwsConfig(dynamo.endpoint));
    const streams = new DynamoDBStreamsClient(localAwsConfig(dynamo.endpoint));
    stops.push(async () => {
      client.destroy();
      streams.destroy();
    });
    const { streamArn } = await ensureTable(client, tableName, undefined, log);

    // The secret that seals tracking tokens for residents' messages (lib/needs/tracking-link.ts):
    // kept beside the data, so links in messages sent before a restart still open the page.
    process.env.TRACKING_LINK_SECRET ??= inMemory ? randomBytes(32).toString('base64url') : trackingLinkSecretIn(paths.trackingLinkSecret);
    useLocalEnvironment(tableName, district, dynamo.endpoint);

    const logins = inMemory ? memoryLocalLogins() : fileLocalLogins(paths.logins);
    useLoginDirectory(logins);
    stops.push(async () => useLoginDirectory(undefined));
    // Imported only now: the repositories' client reads DYNAMODB_ENDPOINT when it loads.
    const accounts = await import('./local-accounts.ts');
    if (options.seed ?? true) {
      if (districtId === 'demo') {
        // Imported only now: the repository's client reads DYNAMODB_ENDPOINT when it loads.
        const { seedDemoPartners, seedDemoUnits } = await import('./seed-demo.ts');
        const seeded = await seedDemoPartners();
        await seedDemoUnits();
        const linked = await accounts.seedDemoLogins(logins);
        log('info', `demo partners: ${seeded.inserted} written, ${seeded.existing} already there; ${linked} logins linked`);
      } else {
        log('info', `no demo data for district ${districtId}; not seeding`);
      }
    }

    installTableGuard();
    // Every invocation may have written: the stream readers look at once, not at their next poll,
    // so local latency shows the system's own cost (Lambda's readers poll a shard about 4 times a second).
    let poller: StreamPoller | undefined;
    const loadHandler = nudgingAfterEachCall(options.loadHandler ?? moduleHandlerLoader(), () => poller?.nudge());
    const deadLetters = inMemory ? memoryDeadLetterStore() : fileDeadLetterStore(paths.deadLetters);
    const outbox = inMemory ? memoryOutbox() : fileOutbox(paths.outbox);
    useTextMessageSender(outbox);
    stops.push(async () => useTextMessageSender(undefined));
    poller = await startStreamPoller({
      streams,
      streamArn,
      loadHandler,
      checkpoints: inMemory ? memoryCheckpointStore() : fileCheckpointStore(paths.checkpoints),
      deadLetters,
      log,
      ...(options.streamConsumers ? { consumers: options.streamConsumers } : {}),
      ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
      ...(options.retryBackoffMs ? { retryBackoffMs: options.retryBackoffMs } : {}),
    });
    const started = poller;
    stops.push(() => started.stop());

    // Partners' deliveries (#10): the queue consumers run in-process with SQS's receive and dead-letter rules.
    const queueConsumers = options.queueConsumers ?? declaredQueueConsumers;
    const queues = startQueueRunner({ consumers: queueConsumers, loadHandler, deadLetters, log });
    const deliveries = queueConsumers.find((consumer) => consumer.name === partnerDeliveries.name) ?? partnerDeliveries;
    // As the cloud's function gets it (infra/queue-consumer.ts): read when the sender is first imported.
    process.env[retryPolicyVariable] = JSON.stringify(deliveries.retry);
    useDeliveryQueue({
      send: async (messages) => {
        for (const message of messages) queues.queue(deliveries.name).send(deliveryMessageBody(message));
      },
      retryAfter: async (receiptHandle, seconds) => queues.queue(deliveries.name).changeVisibility(receiptHandle, seconds),
    });
    stops.push(async () => {
      await queues.stop();
      useDeliveryQueue(undefined);
    });
    const streamPoller = started;
    const everything: StreamPoller = {
      async drain(timeoutMs = 30_000) {
        const deadline = Date.now() + timeoutMs;
        // A queue consumer's writes reach the stream, and a stream consumer may fill a queue: until both rest.
        for (;;) {
          await streamPoller.drain(Math.max(1, deadline - Date.now()));
          if (queues.isIdle()) return;
          await queues.drain(Math.max(1, deadline - Date.now()));
        }
      },
      nudge: () => streamPoller.nudge(),
      stop: () => streamPoller.stop(),
    };

    const scheduler = startScheduler({ loadHandler, log, ...(options.schedules ? { schedules: options.schedules } : {}) });
    stops.push(() => scheduler.stop());

    const signingKey = options.signingKey ?? (await loadOrCreateSigningKey(paths.signingKey));
    const issueToken = async (role: LocalRole, id: string) =>
      issueLocalToken(signingKey, { role, id: role === 'partner' ? await accounts.partnerSubject(id) : id });
    const signIn = createLocalSignIn({ logins, issueToken: (subject) => issueLocalToken(signingKey, { role: 'partner', id: subject }) });
    const localHandlers: Record<string, LocalHandler> = {
      // The partner app asks how to sign in; the cloud's web hosting writes its own (Cognito) answer.
      'GET /partner/config.json': async () => ({ status: 200, body: { signIn: { provider: 'local' } } }),
      // The operators' console signs in by name with the token `npm run token -- operator <name>` gives (POST /_local/tokens).
      'GET /desk/config.json': async () => ({ status: 200, body: { signIn: { provider: 'local' } } }),
      'POST /_local/sign-in/code': (body) => signIn.sendCode(jsonOf(body)),
      'POST /_local/sign-in/token': (body) => signIn.exchangeCode(jsonOf(body)),
      // What `npm run token` calls, so a partner's token carries the subject linked to it.
      'POST /_local/tokens': async (body) => {
        const { role, id } = (jsonOf(body) ?? {}) as { role?: unknown; id?: unknown };
        if (typeof role !== 'string' || !isLocalRole(role) || typeof id !== 'string' || id === '' || id.length > 128) {
          return { status: 400, body: { title: 'Invalid input', detail: 'send { role: "operator" | "partner", id }' } };
        }
        return { status: 200, body: { accessToken: await issueToken(role, id) } };
      },
    };
    const gateway = await startGateway({
      port: options.port ?? 0,
      ...(options.host ? { host: options.host } : {}),
      loadHandler,
      authorizer: createJwtAuthorizer({ keys: [signingKey], issuer: localIssuer, audience: [localClientId] }),
      webDirectory: options.webDirectory === undefined ? webDirectory : options.webDirectory,
      cors: corsPolicy,
      deadLetters,
      outbox,
      localHandlers,
      log,
      ...(options.routes ? { routes: options.routes } : {}),
      ...(options.fallbackHandlers ? { fallbackHandlers: options.fallbackHandlers } : {}),
    });
    stops.push(() => gateway.close());
    // Notifications and residents' messages link to this address (PUBLIC_BASE_URL, e.g. a LAN address for a phone, wins).
    process.env.PUBLIC_BASE_URL = options.publicBaseUrl ?? gateway.url;

    let stopping: Promise<void> | undefined;
    return {
      baseUrl: gateway.url,
      districtId,
      tableName,
      streamArn,
      dynamoEndpoint: dynamo.endpoint,
      dataDirectory,
      inMemory,
      deadLetters,
      outbox,
      logins,
      gateway,
      poller: everything,
      queues,
      scheduler,
      issueToken,
      signToken: (request) => issueLocalToken(signingKey, request),
      stop: () => {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
