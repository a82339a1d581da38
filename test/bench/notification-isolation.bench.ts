/**
 * Notifications that cannot block each other (#10): how long partner B waits for its notification
 * (from its offer being written to its webhook receiving the request) when partner A's webhook answers
 * and when it never answers, A's and B's needs submitted together each round. The same two partners,
 * the same needs and the declared delivery policy (4 s request timeout) in both runs; only A's URL
 * differs. Whole local system in this process, real HTTP. Prints a table; asserts nothing.
 * Run: node --import tsx test/bench/notification-isolation.bench.ts, or npm run bench.
 */
import { pathToFileURL } from 'node:url';
import { type ReceivedWebhook, startWebhookReceiver } from '#infra/local/webhook-receiver.ts';
import { partnerDeliveries } from '#lib/topology/topology.ts';
import { request } from '../support/http-client.ts';
import { startLocalSystem } from '../support/local-system.ts';
import { webhookPartner } from '../support/webhook-partner.ts';

const secret = `whsec_${Buffer.from('isolation-bench-secret-0123456').toString('base64')}`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export async function main(rounds = 5): Promise<void> {
  const receiver = await startWebhookReceiver({ print: () => {} });
  const system = await startLocalSystem({ seed: false, webDirectory: null, queueConsumers: [partnerDeliveries] });
  try {
    const { putPartner } = await import('#lib/data/partners-repository.ts');
    const { partnerSchema } = await import('#lib/partners/partner.ts');
    const { offersOfNeed } = await import('#lib/data/offers-repository.ts');
    const partner = (id: string, category: 'tailoring' | 'physiotherapy', path: string) =>
      webhookPartner({ id, category, url: `${receiver.url}${path}`, secret, capacity: 500 });
    const submit = async (category: string): Promise<string> => {
      const reply = await request<{ id: string }>(system.baseUrl, 'POST', '/needs', {
        body: { category, description: '基准测试', communityId: 'hehua', gridId: 'hehua-2', contact: { name: '周阿姨', phone: '13700137003' } },
      });
      if (reply.status !== 201) throw new Error(`POST /needs answered ${reply.status}`);
      return reply.body.id;
    };
    const arrival = async (needId: string): Promise<ReceivedWebhook> => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const found = receiver.received.find((entry) => entry.headers['webhook-id'] === `ntf_${needId}_1_created`);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no notification for ${needId} within 60 s`);
        await new Promise((done) => setTimeout(done, 10));
      }
    };

    await putPartner(partnerSchema.parse(partner('bench-b', 'physiotherapy', '/bench/b')));
    console.log(`Partner B's notification delay (its offer written → its webhook received the request), ${rounds} rounds each,`);
    console.log(`A's and B's needs submitted together; A's request timeout ${partnerDeliveries.retry.requestTimeoutMs} ms.`);
    console.log('');
    console.log("| A's webhook | B delay median (ms) | B delay max (ms) | A's first request after its offer, median (ms) |");
    console.log('|---|---:|---:|---:|');
    for (const [label, path] of [
      ['answers 200', '/bench/a'],
      ['never answers', '/bench/a?hang=1'],
    ] as const) {
      await putPartner(partnerSchema.parse(partner('bench-a', 'tailoring', path)));
      const delaysOfB: number[] = [];
      const firstOfA: number[] = [];
      // One warm-up round (imports, connections), not counted.
      for (let round = 0; round <= rounds; round++) {
        const [needA, needB] = await Promise.all([submit('tailoring'), submit('physiotherapy')]);
        const [atA, atB] = await Promise.all([arrival(needA), arrival(needB)]);
        const [[offerA], [offerB]] = await Promise.all([offersOfNeed(needA), offersOfNeed(needB)]);
        if (!offerA || !offerB) throw new Error('an offer is missing');
        if (round === 0) continue;
        delaysOfB.push(atB.receivedAt - Date.parse(offerB.createdAt));
        firstOfA.push(atA.receivedAt - Date.parse(offerA.createdAt));
      }
      console.log(`| ${label} | ${median(delaysOfB).toFixed(0)} | ${Math.max(...delaysOfB).toFixed(0)} | ${median(firstOfA).toFixed(0)} |`);
    }
  } finally {
    await system.stop();
    await receiver.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main(Number(process.env.BENCH_ROUNDS ?? 5));
  process.exit();
}
