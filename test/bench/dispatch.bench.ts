/**
 * Dispatch at scale (issue #12): one dispatch (read the need and its offers, load the candidates,
 * rank, write the offer) against DynamoDB Local with 100, 1,000, 10,000 and 100,000 partners of the
 * need's category in its community, with the DynamoDB requests, items and bytes it read. The
 * partners are written as the matcher's projection items (lib/data/candidate-items.ts), as the
 * partner writes and the standing projector leave them, in batches; loading time is printed.
 * Prints a table; asserts nothing. Run: node --import tsx test/bench/dispatch.bench.ts
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ensureTable } from '../../infra/local/create-table.ts';
import { localAwsConfig, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { useLocalEnvironment } from '../../infra/local/start-system.ts';
import { loadDistrictFile } from '../../lib/district/district-files.ts';
import type { Partner } from '../../lib/partners/partner.ts';

const defaultSizes = [100, 1_000, 10_000, 100_000];
const dispatchesPerSize = 7;
const district = loadDistrictFile('demo');
const [community] = district.communities;
if (!community) throw new Error('the demo district has no community');
const communityId = community.id;

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function partnerNumber(index: number): Partner {
  return {
    priceMode: index % 2 ? 'free' : 'lowCost',
    id: `bench-${String(index).padStart(6, '0')}`,
    name: { zh: `维修${index}`, en: `Repairs ${index}` },
    kind: 'individual' as const,
    status: index % 10 === 9 ? ('suspended' as const) : ('active' as const),
    capabilities: [{ category: 'repairs', skillLevel: 1 + (index % 5) }],
    serviceArea: { communities: [communityId], grids: [] },
    capacity: 1 + (index % 3),
    homeVisits: index % 4 !== 0,
    schedule: { weekly: [], exceptions: [], alwaysAvailable: true },
    contact: { name: `师傅${index}`, phone: `139${String(index).padStart(8, '0')}` },
    notificationChannels: [],
  };
}

/** Prints the table, and returns its rows (a smoke test checks that each dispatch ends in an offer). */
export async function main(sizes: readonly number[] = defaultSizes): Promise<Record<string, string | number>[]> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  const dynamo = await startDynamoDbLocal();
  const raw = new DynamoDBClient(localAwsConfig(dynamo.endpoint));
  try {
    const tableName = 'bench-dispatch';
    await ensureTable(raw, tableName);
    useLocalEnvironment(tableName, district, dynamo.endpoint);
    // Imported once the environment names the table and endpoint.
    const { documentClient } = await import('../../lib/data/dynamo-client.ts');
    const { candidateItems } = await import('../../lib/data/candidate-items.ts');
    const { refreshCandidateStanding } = await import('../../lib/data/candidates-repository.ts');
    const { createNeed } = await import('../../lib/data/needs-repository.ts');
    const { dispatchNeed } = await import('../../lib/use-cases/dispatch-need.ts');
    const { newNeed } = await import('../../lib/needs/need.ts');
    const { partnerSchema } = await import('../../lib/partners/partner.ts');
    const { newPartnerRecord } = await import('../../lib/partners/partner-record.ts');
    const { partnerProfileItem } = await import('../../lib/data/partners-repository.ts');
    const benchStarted = new Date();
    const { logger } = await import('../../lib/observability/logger.ts');
    logger.setLogLevel('ERROR');

    let requests: string[] = [];
    let lastRequests: string[] = [];
    let itemsRead = 0;
    let bytesRead = 0;
    documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        requests.push(context.commandName ?? 'unknown');
        const result = await next(args);
        const output = result.output as { Items?: unknown[]; Item?: unknown };
        const items = output.Items ?? (output.Item ? [output.Item] : []);
        itemsRead += items.length;
        bytesRead += items.reduce<number>((sum, item) => sum + JSON.stringify(item).length, 0);
        return result;
      },
      { step: 'initialize', name: 'dispatchBenchCounter' },
    );

    const rows: Record<string, string | number>[] = [];
    let loaded = 0;
    for (const size of sizes) {
      const loadStarted = performance.now();
      const pending: Record<string, unknown>[] = [];
      for (let index = loaded; index < size; index += 1) {
        const partner = partnerSchema.parse(partnerNumber(index));
        // The profile too: the offer's transaction checks that it still says active (#10).
        pending.push(partnerProfileItem(newPartnerRecord(partner, { by: 'bench', reason: 'benchmark partner' }, benchStarted)));
        pending.push(...candidateItems(partner, district));
      }
      const batches: Record<string, unknown>[][] = [];
      for (let offset = 0; offset < pending.length; offset += 25) batches.push(pending.slice(offset, offset + 25));
      // Eight writers at once: DynamoDB Local takes them one at a time anyway.
      for (let offset = 0; offset < batches.length; offset += 8) {
        await Promise.all(
          batches.slice(offset, offset + 8).map(async (batch) => {
            let unprocessed = batch.map((item) => ({ PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) } }));
            while (unprocessed.length > 0) {
              const reply = await raw.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: unprocessed } }));
              unprocessed = (reply.UnprocessedItems?.[tableName] ?? []) as typeof unprocessed;
            }
          }),
        );
      }
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      loaded = size;

      const times: number[] = [];
      const counts: number[] = [];
      const items: number[] = [];
      const bytes: number[] = [];
      let outcome = '';
      for (let run = 0; run < dispatchesPerSize + 1; run += 1) {
        const now = new Date();
        const need = newNeed(
          {
            category: 'repairs',
            description: '水龙头漏水，需要上门维修',
            communityId: communityId,
            specialGroups: run % 2 ? ['elderly80'] : [],
            urgency: 'normal',
            contact: { name: '王阿姨', phone: '13700137000' },
          } as unknown as Parameters<typeof newNeed>[0],
          { id: randomUUID(), districtId: district.id, trackingTokenHash: 'x', correlationId: 'bench', now },
        );
        await createNeed(need);
        requests = [];
        itemsRead = 0;
        bytesRead = 0;
        const started = performance.now();
        const result = await dispatchNeed(need.id, district);
        const elapsed = performance.now() - started;
        const dispatchRequests = [...requests];
        const dispatchItems = itemsRead;
        const dispatchBytes = bytesRead;
        outcome = result.action;
        // What the standing projector does from the stream in the cloud and the local runtime.
        if (result.action === 'offered') await refreshCandidateStanding(result.partnerId);
        // The first run warms the code paths up; it is not counted.
        if (run === 0) continue;
        times.push(elapsed);
        lastRequests = dispatchRequests;
        counts.push(dispatchRequests.length);
        items.push(dispatchItems);
        bytes.push(dispatchBytes);
      }
      rows.push({
        'partners in category': size,
        'load (s)': Number(loadSeconds.toFixed(1)),
        'dispatch ms (median)': Number(median(times).toFixed(1)),
        'dispatch ms (max)': Number(Math.max(...times).toFixed(1)),
        'DynamoDB requests': median(counts),
        'items read': median(items),
        'KB read': Number((median(bytes) / 1024).toFixed(1)),
        'last outcome': outcome,
        requests: [...new Set(lastRequests)]
          .map((name) => `${name.replace(/Command$/, '')}×${lastRequests.filter((other) => other === name).length}`)
          .join(' '),
      });
    }
    console.log(
      `Dispatch benchmark — DynamoDB Local (in memory), Node ${process.version}; ${dispatchesPerSize} dispatches per size (median, max), after one warm-up; category repairs in community ${communityId}; one need offered per dispatch, so partners fill up as in life.`,
    );
    console.table(rows);
    console.log(
      'Requests: need and offers (1 query), candidates (1 query of the projection, at most 200 items), offer transaction (1). Items and KB are what the responses carried; read units follow the KB (4 KB a unit, halved for eventually consistent reads).',
    );
    return rows;
  } finally {
    raw.destroy();
    await dynamo.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = process.env.BENCH_QUICK === '1' ? [100, 1_000, 10_000] : defaultSizes;
  await main(sizes);
  process.exit();
}
