/**
 * End-to-end benchmark (issue #3, item 5): the whole local system in this process (DynamoDB Local,
 * gateway, stream poller, scheduler, demo district with its seeded partners), N needs posted over
 * real HTTP with a bounded number in flight, and for each need the time until its first offer (or
 * its escalation) is written, with the DynamoDB requests it cost. Prints tables; asserts nothing.
 * Run: node --import tsx test/bench/end-to-end.bench.ts (BENCH_NEEDS=100 for a short run), or npm run bench.
 *
 * How it observes, without polling the table:
 * - Every handler runs inside an AsyncLocalStorage scope naming it (a wrapping handler loader), and a
 *   middleware on the handlers' one DynamoDB client counts each request by handler and command and
 *   notes when the writes that matter are acknowledged: the need (submit), the offer transaction or
 *   the escalation (matcher). Times are performance.now() of this one process, so client send times
 *   and server write times share a clock.
 * - The stored timestamps (need.createdAt → offer.createdAt / escalation.at) are read back at the end
 *   with a separate client (not counted) as a cross-check.
 * - A warm-up of a few needs comes first (JIT, connections); what it recorded is then forgotten.
 * - Partners keep up (default): when an offer is written, a simulated partner accepts, starts and
 *   completes it through the API, as partners free their slots in real life. Without that the demo
 *   partners' capacity (about 110 open orders in all) is full after a hundred needs and the rest
 *   escalate. Their requests are counted apart and not charged to the needs.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { z } from 'zod';
import { type HandlerLoader, moduleHandlerLoader } from '#infra/local/handler-loader.ts';
import type { LambdaHandler } from '#infra/local/lambda-context.ts';
import type { needSubmissionSchema } from '#lib/needs/need-submission.ts';
import { nextShanghaiWeekday, shanghaiWindow } from '../support/district-time.ts';
import { type LocalSystem, startLocalSystem } from '../support/local-system.ts';
import { seededRandom } from './synthetic-district.ts';

export interface EndToEndOptions {
  needs?: number;
  /** Needs in flight at once (closed loop, like that many residents each waiting for their answer). */
  concurrency?: number;
  /**
   * True (default): a need is in flight until its offer or escalation is written, so the matcher's
   * queue stays bounded and the latencies do not depend on N. False: only the POSTs are bounded; the
   * needs then arrive faster than the one-shard matcher handles them and (b), (c) measure the backlog.
   */
  waitForOutcome?: boolean;
  /** Simulated partners accept, start and complete every offer, freeing their capacity. */
  partnersKeepUp?: boolean;
  seed?: number;
}

type NeedBody = z.input<typeof needSubmissionSchema>;
type Outcome = 'offered' | 'escalated';

const submitHandler = 'needs/submit-need';
const matchHandler = 'matching/match-new-need';
const partnerHandlers = ['offers/accept-offer', 'orders/start-order', 'orders/complete-order'];
/** Imported before the clock starts, so the first requests do not pay for transpiling them. */
const notifyHandler = 'notifications/notify-partner';
const preloadedHandlers = [submitHandler, matchHandler, notifyHandler, ...partnerHandlers];
const outsideHandlers = '(outside any handler)';
const pollIntervalMs = 200;
const warmUpNeeds = 16;

// ---------------------------------------------------------------------------------------------
// The needs: categories, communities and windows the demo partners (infra/local/demo-partners.ts)
// can serve, with a few nobody can (only a vetted counsellor; a suspended childcare centre).

const centres = {
  hehua: { lat: 30.2741, lng: 120.1551 },
  liuyin: { lat: 30.2812, lng: 120.1634 },
  taoyuan: { lat: 30.2655, lng: 120.1402 },
} as const;
type CommunityId = keyof typeof centres;
const gridsOf: Record<CommunityId, string[]> = {
  hehua: ['hehua-1', 'hehua-2', 'hehua-3'],
  liuyin: ['liuyin-1', 'liuyin-2'],
  taoyuan: ['taoyuan-1', 'taoyuan-2'],
};

type Window = { from: string; to: string };
interface NeedTemplate {
  weight: number;
  category: string;
  communities: CommunityId[];
  description: string;
  urgency?: 'urgent';
  specialGroups?: NonNullable<NeedBody['specialGroups']>;
  window?: (now: Date) => Window;
  withLocation?: boolean;
}

/** The district is Asia/Shanghai (UTC+8, no daylight saving): tomorrow there, as YYYY-MM-DD. */
const shanghaiTomorrow = (now: Date) => new Date(now.getTime() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
const onNext = (isoWeekday: number, from: string, to: string) => (now: Date) =>
  shanghaiWindow(nextShanghaiWeekday(isoWeekday, now), from, to);

const templates: NeedTemplate[] = [
  {
    weight: 12,
    category: 'mealAssistance',
    communities: ['hehua'],
    description: '老人行动不便，需要助餐送餐',
    specialGroups: ['elderly80'],
  },
  {
    weight: 6,
    category: 'mealAssistance',
    communities: ['hehua'],
    description: '独居老人今天午饭没有着落',
    urgency: 'urgent',
    specialGroups: ['livingAlone'],
  },
  {
    weight: 12,
    category: 'mealAssistance',
    communities: ['taoyuan'],
    description: '明天中午需要长者食堂送餐',
    window: (now) => shanghaiWindow(shanghaiTomorrow(now), '11:00', '12:30'),
  },
  { weight: 6, category: 'hospitalEscort', communities: ['hehua'], description: '需要陪同去医院复查' },
  {
    weight: 6,
    category: 'hospitalEscort',
    communities: ['hehua'],
    description: '病情加重，需要马上陪诊',
    urgency: 'urgent',
    specialGroups: ['seriouslyIll'],
  },
  {
    weight: 10,
    category: 'hospitalEscort',
    communities: ['liuyin'],
    description: '周二上午去医院做检查，需要陪诊',
    window: onNext(2, '08:30', '10:30'),
  },
  {
    weight: 8,
    category: 'homeCare',
    communities: ['hehua'],
    description: '周四上午需要上门照护',
    window: onNext(4, '09:00', '11:00'),
    specialGroups: ['disabled'],
    withLocation: true,
  },
  { weight: 8, category: 'homeCare', communities: ['liuyin'], description: '需要上门照护老人', withLocation: true },
  {
    weight: 10,
    category: 'legalAdvice',
    communities: ['hehua', 'liuyin', 'taoyuan'],
    description: '房屋租赁纠纷，想咨询律师',
    window: onNext(5, '14:00', '16:00'),
  },
  {
    weight: 6,
    category: 'employmentAdvice',
    communities: ['hehua', 'liuyin'],
    description: '想了解就业创业政策',
    window: onNext(5, '09:00', '11:00'),
  },
  { weight: 6, category: 'proxyPaperwork', communities: ['hehua', 'liuyin'], description: '需要代办社保手续' },
  { weight: 4, category: 'housekeeping', communities: ['hehua', 'liuyin'], description: '需要家政保洁', withLocation: true },
  // Nobody can take these: the counsellor is only vetted, the childcare centre is suspended.
  { weight: 3, category: 'counselling', communities: ['liuyin', 'taoyuan'], description: '最近情绪低落，想找人聊聊' },
  { weight: 3, category: 'childcare', communities: ['liuyin'], description: '放学后需要托管孩子' },
];

function needBodies(count: number, seed: number, now: Date): NeedBody[] {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const totalWeight = templates.reduce((sum, template) => sum + template.weight, 0);
  const templateFor = (draw: number): NeedTemplate => {
    let left = draw * totalWeight;
    for (const template of templates) {
      left -= template.weight;
      if (left < 0) return template;
    }
    return templates[templates.length - 1] as NeedTemplate;
  };
  return Array.from({ length: count }, (_, index) => {
    const template = templateFor(random());
    const communityId = pick(template.communities);
    const centre = centres[communityId];
    return {
      category: template.category,
      description: template.description,
      communityId,
      gridId: pick(gridsOf[communityId]),
      ...(template.withLocation
        ? { location: { lat: centre.lat + (random() - 0.5) * 0.006, lng: centre.lng + (random() - 0.5) * 0.006 } }
        : {}),
      ...(template.window ? { preferredWindow: template.window(now) } : {}),
      ...(template.urgency ? { urgency: template.urgency } : {}),
      ...(template.specialGroups ? { specialGroups: template.specialGroups } : {}),
      contact: { name: '测试居民', phone: `139${String(10_000_000 + index).slice(-8)}` },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// What is recorded.

interface NeedRecord {
  index: number;
  category: string;
  sentAt: number;
  respondedAt?: number;
  httpStatus?: number;
  needId?: string;
}

interface NeedEvents {
  writtenAt?: number;
  /** The offered partner's inbox message written. */
  notifiedAt?: number;
  matcherInvokedAt?: number;
  dispatchStartedAt?: number;
  outcome?: Outcome;
  outcomeAt?: number;
  offerId?: string;
  partnerId?: string;
  matchRequests: number;
}

/** The handler a DynamoDB request is made for; `needId` is the need the matcher is working on. */
interface Scope {
  handler: string;
  needId?: string;
}

class Recorder {
  readonly scopes = new AsyncLocalStorage<Scope>();
  readonly requests = new Map<string, Map<string, number>>();
  /** How long each request took as the handler saw it (SDK, HTTP, DynamoDB Local), by command. */
  readonly durations = new Map<string, number[]>();
  readonly events = new Map<string, NeedEvents>();
  matcherBatches: number[] = [];
  private readonly outcomeWaiters = new Map<string, () => void>();
  onOffer: (offer: { offerId: string; needId: string; partnerId: string }) => void = () => {};

  eventsOf(needId: string): NeedEvents {
    let found = this.events.get(needId);
    if (!found) {
      found = { matchRequests: 0 };
      this.events.set(needId, found);
    }
    return found;
  }

  /** Forgets everything recorded so far (after the warm-up). */
  reset(): void {
    this.requests.clear();
    this.durations.clear();
    this.events.clear();
    this.matcherBatches = [];
  }

  /** Resolves when the need's offer or escalation has been written (at once if it already has). */
  outcomeOf(needId: string): Promise<void> {
    if (this.events.get(needId)?.outcome) return Promise.resolve();
    return new Promise((resolve) => this.outcomeWaiters.set(needId, resolve));
  }

  private settle(needId: string, events: NeedEvents, outcome: Partial<NeedEvents>): boolean {
    if (events.outcome) return false;
    Object.assign(events, outcome);
    this.outcomeWaiters.get(needId)?.();
    this.outcomeWaiters.delete(needId);
    return true;
  }

  /** Handlers as the local system loads them, each invocation run in a scope that names it. */
  loader(): HandlerLoader {
    const load = moduleHandlerLoader();
    const wrapped = new Map<string, Promise<LambdaHandler>>();
    return (name) => {
      let found = wrapped.get(name);
      if (!found) {
        found = load(name).then(
          (handler): LambdaHandler =>
            (event, context) => {
              if (name === matchHandler) this.matcherInvoked(event);
              return this.scopes.run({ handler: name }, () => handler(event, context));
            },
        );
        found.catch(() => wrapped.delete(name));
        wrapped.set(name, found);
      }
      return found;
    };
  }

  private matcherInvoked(event: unknown): void {
    const now = performance.now();
    const records = (event as DynamoDBStreamEvent).Records ?? [];
    this.matcherBatches.push(records.length);
    for (const record of records) {
      const needId = record.dynamodb?.NewImage?.id?.S;
      if (needId) this.eventsOf(needId).matcherInvokedAt ??= now;
    }
  }

  /** Before the request is sent: count it, and note which need the matcher has started on. */
  requestStarting(command: string, input: unknown): void {
    const scope = this.scopes.getStore();
    const handler = scope?.handler ?? outsideHandlers;
    const byCommand = this.requests.get(handler) ?? new Map<string, number>();
    byCommand.set(command, (byCommand.get(command) ?? 0) + 1);
    this.requests.set(handler, byCommand);
    if (handler !== matchHandler || !scope) return;
    // Records are handled one at a time, each starting by reading its need's partition (need and offers).
    const values = recordOf(recordOf(input)?.ExpressionAttributeValues);
    const pk = stringOf(values?.[':pk']);
    if (command.startsWith('Query') && pk?.startsWith('NEED#') && recordOf(input)?.KeyConditionExpression === 'pk = :pk') {
      scope.needId = pk.slice('NEED#'.length);
      this.eventsOf(scope.needId).dispatchStartedAt ??= performance.now();
    }
    if (scope.needId) this.eventsOf(scope.needId).matchRequests += 1;
  }

  /** After a request succeeded: the writes that mark a need's progress. */
  requestSucceeded(command: string, input: unknown): void {
    const handler = this.scopes.getStore()?.handler;
    const at = performance.now();
    for (const item of writtenItems(command, input)) {
      const type = stringOf(item.type);
      // The goal's end point: the partner told (its in-app inbox, written first and always).
      if (handler === notifyHandler && type === 'inboxMessage' && stringOf(item.event) === 'offer.created') {
        const offerId = stringOf(recordOf(item.data)?.offerId);
        if (offerId) this.eventsOf(offerId.slice(0, offerId.lastIndexOf('.'))).notifiedAt ??= at;
      }
      const id = stringOf(item.id);
      if (!type || !id) continue;
      if (handler === submitHandler && type === 'need') this.eventsOf(id).writtenAt ??= at;
      if (handler !== matchHandler) continue;
      if (type === 'offer') {
        const needId = stringOf(item.needId);
        const partnerId = stringOf(item.partnerId);
        if (!needId || !partnerId) continue;
        if (!this.settle(needId, this.eventsOf(needId), { outcome: 'offered', outcomeAt: at, offerId: id, partnerId })) continue;
        // Outside the matcher's scope: the partner's requests are the partner's.
        this.scopes.exit(() => this.onOffer({ offerId: id, needId, partnerId }));
      }
      if (type === 'need' && stringOf(item.status) === 'escalated') {
        this.settle(id, this.eventsOf(id), { outcome: 'escalated', outcomeAt: at });
      }
    }
  }
}

function recordOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** A string attribute, plain (document client) or marshalled (`{ S: … }`). */
function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const wrapped = recordOf(value)?.S;
  return typeof wrapped === 'string' ? wrapped : undefined;
}

/** The items a Put or TransactWrite writes whole. */
function writtenItems(command: string, input: unknown): Record<string, unknown>[] {
  const request = recordOf(input);
  if (!request) return [];
  if (command.startsWith('Put')) {
    const item = recordOf(request.Item);
    return item ? [item] : [];
  }
  if (command.startsWith('TransactWrite') && Array.isArray(request.TransactItems)) {
    return request.TransactItems.flatMap((entry: unknown) => {
      const item = recordOf(recordOf(recordOf(entry)?.Put)?.Item);
      return item ? [item] : [];
    });
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Simulated partners: accept, start and complete each offer through the API.

class PartnerDesk {
  private readonly queue: { offerId: string; needId: string; partnerId: string }[] = [];
  private readonly tokens = new Map<string, Promise<string>>();
  private active = 0;
  private waiting: (() => void)[] = [];
  completed = 0;
  failures: string[] = [];

  constructor(
    private readonly system: LocalSystem,
    private readonly limit: number,
  ) {}

  add(job: { offerId: string; needId: string; partnerId: string }): void {
    this.queue.push(job);
    this.pump();
  }

  idle(): Promise<void> {
    if (this.active === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private pump(): void {
    while (this.active < this.limit && this.queue.length > 0) {
      const job = this.queue.shift() as { offerId: string; needId: string; partnerId: string };
      this.active += 1;
      this.work(job)
        .catch((error: unknown) => this.failures.push(String(error)))
        .finally(() => {
          this.active -= 1;
          this.pump();
          if (this.active === 0 && this.queue.length === 0) for (const resolve of this.waiting.splice(0)) resolve();
        });
    }
  }

  private async work({ offerId, needId, partnerId }: { offerId: string; needId: string; partnerId: string }): Promise<void> {
    let token = this.tokens.get(partnerId);
    if (!token) {
      token = this.system.issueToken('partner', partnerId);
      this.tokens.set(partnerId, token);
    }
    const authorization = `Bearer ${await token}`;
    for (const path of [`/offers/${offerId}/accept`, `/orders/${needId}/start`, `/orders/${needId}/complete`]) {
      const response = await fetch(`${this.system.baseUrl}${path}`, { method: 'POST', headers: { authorization } });
      const text = await response.text();
      if (!response.ok) {
        this.failures.push(`${partnerId} POST ${path} → ${response.status} ${text.slice(0, 200)}`);
        return;
      }
    }
    this.completed += 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Figures.

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

function summary(label: string, values: readonly number[]) {
  const sorted = [...values].sort((left, right) => left - right);
  const ms = (value: number) => (Number.isNaN(value) ? '–' : Number(value.toFixed(1)));
  const mean = sorted.length ? sorted.reduce((sum, value) => sum + value, 0) / sorted.length : Number.NaN;
  return {
    measure: label,
    n: sorted.length,
    'p50 ms': ms(percentile(sorted, 50)),
    'p95 ms': ms(percentile(sorted, 95)),
    'p99 ms': ms(percentile(sorted, 99)),
    'max ms': ms(sorted[sorted.length - 1] ?? Number.NaN),
    'mean ms': ms(mean),
  };
}

const differences = <T>(rows: readonly T[], from: (row: T) => number | undefined, to: (row: T) => number | undefined): number[] =>
  rows.flatMap((row) => {
    const start = from(row);
    const end = to(row);
    return start === undefined || end === undefined ? [] : [end - start];
  });

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;

/** Resident memory of the DynamoDB Local Java process listening on `port` (Linux /proc), if found. */
function dynamoDbLocalRss(port: string): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let args: string[];
      try {
        args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      } catch {
        continue; // the process ended while we looked
      }
      if (!args.some((arg) => arg.includes('DynamoDBLocal')) || !args.includes(port)) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      return rss ? Number(rss) * 1024 : undefined;
    }
  } catch {
    // Not Linux: no /proc.
  }
  return undefined;
}

/**
 * Posts the needs, `concurrency` at a time (closed loop). With a recorder, each one stays in flight
 * until its offer or escalation is written (or a minute has passed).
 */
async function postNeeds(baseUrl: string, bodies: readonly NeedBody[], concurrency: number, waitFor?: Recorder) {
  const sent: NeedRecord[] = [];
  const refusals: string[] = [];
  let nextIndex = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (nextIndex < bodies.length) {
        const index = nextIndex++;
        const body = bodies[index] as NeedBody;
        const record: NeedRecord = { index, category: body.category, sentAt: performance.now() };
        sent.push(record);
        const response = await fetch(`${baseUrl}/needs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify(body),
        });
        const text = await response.text();
        record.respondedAt = performance.now();
        record.httpStatus = response.status;
        if (response.status !== 201) {
          refusals.push(`${response.status} ${text.slice(0, 300)}`);
          continue;
        }
        const needId = (JSON.parse(text) as { id: string }).id;
        record.needId = needId;
        if (waitFor) {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([waitFor.outcomeOf(needId), new Promise((resolve) => (timer = setTimeout(resolve, 60_000)))]);
          clearTimeout(timer);
        }
      }
    }),
  );
  return { sent, refusals };
}

async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

// ---------------------------------------------------------------------------------------------

export async function main({
  needs = 500,
  concurrency = 8,
  waitForOutcome = true,
  partnersKeepUp = true,
  seed = 20261124,
}: EndToEndOptions = {}): Promise<void> {
  const loadBefore = loadavg();
  collectGarbage();
  const heapAtStart = process.memoryUsage().heapUsed;
  // Handlers log a JSON line per event; a benchmark of hundreds of needs wants only the errors.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  const recorder = new Recorder();
  const loader = recorder.loader();
  const startedAt = performance.now();
  const system = await startLocalSystem({ loadHandler: loader, webDirectory: null, pollIntervalMs });
  const startupMs = performance.now() - startedAt;
  // Imported only now: the module creates the handlers' client from the environment the system set.
  const { documentClient, createDocumentClient } = await import('#lib/data/dynamo-client.ts');
  const observer = createDocumentClient(system.dynamoEndpoint);
  try {
    const { logger } = await import('#lib/observability/logger.ts');
    logger.setLogLevel(process.env.POWERTOOLS_LOG_LEVEL === 'ERROR' ? 'ERROR' : 'WARN');
    documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? 'unknown';
        recorder.requestStarting(command, args.input);
        const started = performance.now();
        try {
          const result = await next(args);
          recorder.requestSucceeded(command, args.input);
          return result;
        } finally {
          const durations = recorder.durations.get(command) ?? [];
          durations.push(performance.now() - started);
          recorder.durations.set(command, durations);
        }
      },
      { step: 'initialize', name: 'benchRequestCounter' },
    );
    await Promise.all(preloadedHandlers.map((name) => loader(name)));

    const desk = new PartnerDesk(system, 4);
    if (partnersKeepUp) recorder.onOffer = (offer) => desk.add(offer);

    // Warm-up (not measured): the first needs pay for JIT compilation and new connections.
    const warmUp = await postNeeds(
      system.baseUrl,
      needBodies(warmUpNeeds, seed + 1, new Date()),
      concurrency,
      waitForOutcome ? recorder : undefined,
    );
    await until(() => warmUp.sent.every((record) => !record.needId || recorder.events.get(record.needId)?.outcome), 60_000);
    await desk.idle();
    await system.poller.drain(60_000);
    recorder.reset();
    desk.completed = 0;

    const submitStarted = performance.now();
    const { sent, refusals } = await postNeeds(
      system.baseUrl,
      needBodies(needs, seed, new Date()),
      concurrency,
      waitForOutcome ? recorder : undefined,
    );
    const submitMs = performance.now() - submitStarted;

    const accepted = sent.filter((record) => record.needId !== undefined);
    const settled = await until(
      () => accepted.every((record) => recorder.events.get(record.needId as string)?.outcome),
      120_000 + needs * 200,
    );
    const settledMs = performance.now() - submitStarted;
    await desk.idle();
    await system.poller.drain(60_000);

    // Cross-check from the table: the stored timestamps (millisecond ISO strings).
    const stored = new Map<string, { createdAt?: number; outcomeAt?: number; outcome?: Outcome }>();
    let reading = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (reading < accepted.length) {
          const needId = accepted[reading++]?.needId as string;
          const { Items = [] } = await observer.send(
            new QueryCommand({
              TableName: system.tableName,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': `NEED#${needId}` },
            }),
          );
          const need = Items.find((item) => item.sk === 'NEED');
          const offer = Items.find((item) => item.sk === 'OFFER#001');
          const escalatedAt = need?.escalation?.at as string | undefined;
          stored.set(needId, {
            createdAt: need ? Date.parse(need.createdAt) : undefined,
            ...(offer ? { outcome: 'offered', outcomeAt: Date.parse(offer.createdAt) } : {}),
            ...(!offer && escalatedAt ? { outcome: 'escalated', outcomeAt: Date.parse(escalatedAt) } : {}),
          });
        }
      }),
    );

    // ---- Report.
    const rows = accepted.map((record) => ({ ...record, ...(recorder.events.get(record.needId as string) ?? { matchRequests: 0 }) }));
    const offered = rows.filter((row) => row.outcome === 'offered');
    const escalated = rows.filter((row) => row.outcome === 'escalated');
    const storedRows = [...stored.values()];

    const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
    console.log(
      `End-to-end benchmark — ${needs} needs posted to POST /needs over HTTP, ${concurrency} in flight (closed loop; ${waitForOutcome ? 'a need stays in flight until its offer or escalation is written' : 'only the POSTs are bounded'}), after ${warmUpNeeds} warm-up needs that are not measured; demo district (${templates.length} kinds of need, seed ${seed}); the local runtime in this Node process + DynamoDB Local in memory.`,
    );
    console.log(
      `Machine: Node ${process.version} ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${megabytes(totalmem())} RAM; load average (1/5/15 min) ${load(loadBefore)} before, ${load(loadavg())} after (shared with whatever else runs). Start-up (DynamoDB Local, table, seed): ${(startupMs / 1000).toFixed(1)} s.`,
    );
    console.log(
      `Outcomes: ${offered.length} offered, ${escalated.length} escalated, ${rows.length - offered.length - escalated.length} without an outcome${settled ? '' : ' (gave up waiting)'}; ${sent.length - accepted.length} POSTs refused.` +
        ` Stored items agree: ${storedRows.filter((row) => row.outcome === 'offered').length} with OFFER#001, ${storedRows.filter((row) => row.outcome === 'escalated').length} escalated.`,
    );
    const escalatedByCategory = new Map<string, number>();
    for (const row of escalated) escalatedByCategory.set(row.category, (escalatedByCategory.get(row.category) ?? 0) + 1);
    if (escalated.length)
      console.log(`Escalated by category: ${[...escalatedByCategory].map(([category, count]) => `${category} ${count}`).join(', ')}.`);
    if (refusals.length) console.log(`First refusal: ${refusals[0]}`);
    console.log(
      `Throughput: ${waitForOutcome ? '' : `${needs} POSTs answered in ${(submitMs / 1000).toFixed(1)} s (${(accepted.length / (submitMs / 1000)).toFixed(1)}/s); `}every need offered or escalated ${(settledMs / 1000).toFixed(1)} s after the first POST (${(accepted.length / (settledMs / 1000)).toFixed(1)} needs/s).` +
        ` Partners: ${partnersKeepUp ? `${desk.completed} offers accepted, started and completed by simulated partners${desk.failures.length ? `, ${desk.failures.length} failed (first: ${desk.failures[0]})` : ''}` : 'idle (offers stay open)'}.`,
    );
    console.log('');
    console.log('Latency (wall time in this process; "written" = the DynamoDB write acknowledged to the handler):');
    console.table([
      summary(
        '(a) POST /needs: sent → response',
        differences(
          rows,
          (row) => row.sentAt,
          (row) => row.respondedAt,
        ),
      ),
      summary(
        '(b) need written → offer/escalation written',
        differences(
          rows,
          (row) => row.writtenAt,
          (row) => row.outcomeAt,
        ),
      ),
      summary(
        "(b') same, from stored createdAt timestamps",
        differences(
          storedRows,
          (row) => row.createdAt,
          (row) => row.outcomeAt,
        ),
      ),
      summary(
        '(c) POST sent → offer/escalation written',
        differences(
          rows,
          (row) => row.sentAt,
          (row) => row.outcomeAt,
        ),
      ),
      summary(
        '(c) offered needs only',
        differences(
          offered,
          (row) => row.sentAt,
          (row) => row.outcomeAt,
        ),
      ),
      summary(
        '(d) POST sent → offered partner notified (inbox)',
        differences(
          offered,
          (row) => row.sentAt,
          (row) => row.notifiedAt,
        ),
      ),
      summary(
        '(c) escalated needs only',
        differences(
          escalated,
          (row) => row.sentAt,
          (row) => row.outcomeAt,
        ),
      ),
    ]);
    console.log('Where (b) goes:');
    console.table([
      summary(
        'need written → matcher invoked with it',
        differences(
          rows,
          (row) => row.writtenAt,
          (row) => row.matcherInvokedAt,
        ),
      ),
      summary(
        'invoked → its record taken up (batch order)',
        differences(
          rows,
          (row) => row.matcherInvokedAt,
          (row) => row.dispatchStartedAt,
        ),
      ),
      summary(
        'dispatch: first read → offer/escalation written',
        differences(
          rows,
          (row) => row.dispatchStartedAt,
          (row) => row.outcomeAt,
        ),
      ),
    ]);
    const batches = recorder.matcherBatches;
    console.log(
      `Matcher: ${batches.length} invocations, ${(batches.reduce((sum, size) => sum + size, 0) / Math.max(1, batches.length)).toFixed(1)} records per batch on average (batch size 10, records handled one after another, one shard, parallelization factor 1 as in the cloud stack).`,
    );
    console.log(
      `Note: the local stream poller reads each shard every ~${pollIntervalMs} ms while it is idle (and back to back while records wait), which bounds "need written → matcher invoked" here; Lambda's event source mapping polls a DynamoDB stream shard about 4 times a second, so that leg differs in the cloud. (b') uses timestamps taken when the handler began (the need's createdAt before its write; the offer's createdAt at the start of the dispatch round), so it leaves out the matcher's own reads and write.`,
    );

    // ---- DynamoDB requests.
    console.log('');
    const denominators: Record<string, { label: string; count: number }> = {
      [submitHandler]: { label: 'submit (POST /needs)', count: accepted.length },
      [matchHandler]: { label: 'match (stream: new need)', count: accepted.length },
    };
    const commands = [...new Set([...recorder.requests.values()].flatMap((byCommand) => [...byCommand.keys()]))].sort();
    const requestRows = [...recorder.requests.entries()]
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([handler, byCommand]) => {
        const per =
          denominators[handler] ??
          (partnerHandlers.includes(handler) ? { label: handler, count: desk.completed } : { label: handler, count: 0 });
        const perLabel = denominators[handler]
          ? 'need'
          : partnerHandlers.includes(handler)
            ? 'completed order'
            : handler === 'notifications/notify-partner'
              ? 'offer'
              : '—';
        const count = handler === 'notifications/notify-partner' ? offered.length : per.count;
        const total = [...byCommand.values()].reduce((sum, value) => sum + value, 0);
        return {
          handler: per.label,
          per: perLabel,
          ...Object.fromEntries(
            commands.map((command) => [
              command,
              count ? Number(((byCommand.get(command) ?? 0) / count).toFixed(2)) : (byCommand.get(command) ?? 0),
            ]),
          ),
          'all per unit': count ? Number((total / count).toFixed(2)) : '—',
          'all (total)': total,
        };
      });
    console.log('DynamoDB requests, by handler and command (per unit; "all (total)" is the raw count):');
    console.table(requestRows);
    const submitTotal = [...(recorder.requests.get(submitHandler)?.values() ?? [])].reduce((sum, value) => sum + value, 0);
    const matchTotal = [...(recorder.requests.get(matchHandler)?.values() ?? [])].reduce((sum, value) => sum + value, 0);
    const perNeed = (value: number) => (accepted.length ? (value / accepted.length).toFixed(2) : '–');
    const matchOf = (list: typeof rows) => {
      const counts = list.map((row) => row.matchRequests).sort((left, right) => left - right);
      return counts.length
        ? `${(counts.reduce((sum, value) => sum + value, 0) / counts.length).toFixed(2)} (min ${counts[0]}, max ${counts[counts.length - 1]})`
        : '–';
    };
    console.log(
      `Per need: ${perNeed(submitTotal + matchTotal)} DynamoDB requests (submit ${perNeed(submitTotal)} + match ${perNeed(matchTotal)}); matcher requests per offered need ${matchOf(offered)}, per escalated need ${matchOf(escalated)}.`,
    );
    console.log(
      "Counted by a middleware on the handlers' DynamoDB client (initialize step: one per logical request, before SDK retries), attributed to the handler invocation it ran in; BatchGet of the candidates' profiles and standings is one request per 100 keys. The partner notification (per offer) and the simulated partners' accept/start/complete (per completed order) are shown apart and not charged to the needs.",
    );

    console.log('DynamoDB request latency as the handlers see it (SDK + HTTP + DynamoDB Local), all handlers:');
    console.table(
      [...recorder.durations.entries()]
        .sort(([left], [right]) => left.localeCompare(right))
        .map(([command, values]) => summary(command, values)),
    );

    // ---- Memory.
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const heapBeforeCollection = process.memoryUsage().heapUsed;
    collectGarbage();
    const memory = process.memoryUsage();
    const javaRss = dynamoDbLocalRss(new URL(system.dynamoEndpoint).port);
    console.log('');
    console.log(
      `Memory at the end: this process (bench client + gateway + handlers + poller) rss ${megabytes(memory.rss)} (peak ${megabytes(peakRss)}), heap used ${megabytes(heapBeforeCollection)}, ${megabytes(memory.heapUsed)} after a full collection (${megabytes(heapAtStart)} before the system started), external ${megabytes(memory.external)}; DynamoDB Local (Java) rss ${javaRss === undefined ? 'unknown' : megabytes(javaRss)}.` +
        ' Run by npm run bench, rss and peak include what the ranking benchmark used before.',
    );
  } finally {
    observer.destroy();
    await system.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main({ needs: Number(process.env.BENCH_NEEDS) || 500 });
}
