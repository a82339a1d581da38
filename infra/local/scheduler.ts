/**
 * Runs each declared schedule's handler every `everySeconds` with the event an EventBridge
 * scheduled rule delivers. A run still going when the next is due is not overlapped (the next is
 * skipped and logged); a failing run is logged, as the cloud would only log it too.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { type ScheduleDeclaration, schedules as declaredSchedules } from '#lib/topology/topology.ts';
import { type HandlerLoader, moduleHandlerLoader } from './handler-loader.ts';
import { invokeHandler, localAccountId } from './lambda-context.ts';
import { type LocalLog, silentLog } from './log.ts';

export interface SchedulerOptions {
  schedules?: readonly ScheduleDeclaration[];
  loadHandler?: HandlerLoader;
  timeoutMs?: number;
  log?: LocalLog;
}

export interface Scheduler {
  /** Runs one schedule now (waiting for a run in progress first). */
  runNow(name: string): Promise<void>;
  stop(): Promise<void>;
}

export function scheduledEvent(name: string, now = new Date(), region = process.env.AWS_REGION ?? 'local'): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: localAccountId,
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${localAccountId}:rule/${name}`],
    detail: {},
  };
}

export function startScheduler(options: SchedulerOptions = {}): Scheduler {
  const log = options.log ?? silentLog;
  const loadHandler = options.loadHandler ?? moduleHandlerLoader();
  const schedules = options.schedules ?? declaredSchedules;
  const inProgress = new Map<string, Promise<void>>();
  let stopped = false;

  async function run(schedule: ScheduleDeclaration): Promise<void> {
    const started = Date.now();
    try {
      const handler = await loadHandler(schedule.handler);
      await invokeHandler(handler, scheduledEvent(schedule.name), { functionName: schedule.name, timeoutMs: options.timeoutMs ?? 60_000 });
      log('info', `schedule ${schedule.name} ran in ${Date.now() - started} ms`);
    } catch (error) {
      log('error', `schedule ${schedule.name} (${schedule.handler}) failed`, error);
    }
  }

  function trigger(schedule: ScheduleDeclaration): Promise<void> {
    const running = inProgress.get(schedule.name);
    if (running) return running;
    const current = run(schedule).finally(() => inProgress.delete(schedule.name));
    inProgress.set(schedule.name, current);
    return current;
  }

  const timers = schedules.map((schedule) =>
    setInterval(() => {
      if (stopped) return;
      if (inProgress.has(schedule.name)) {
        log('warn', `schedule ${schedule.name}: previous run still going; skipping this one`);
        return;
      }
      void trigger(schedule);
    }, schedule.everySeconds * 1000),
  );

  return {
    async runNow(name) {
      const schedule = schedules.find((candidate) => candidate.name === name);
      if (!schedule) throw new Error(`No schedule named ${name}`);
      await inProgress.get(name);
      await trigger(schedule);
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.all(inProgress.values());
    },
  };
}
