import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextShanghaiWeekday, shanghaiWindow } from '../../support/district-time.ts';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';
import { invokeHandler, type LambdaHandler } from '#infra/local/lambda-context.ts';

let system: LocalSystem;
// Repositories read the table's name and endpoint when first imported: after the system is up.
let needs: typeof import('#lib/data/needs-repository.ts');
let offers: typeof import('#lib/data/offers-repository.ts');
let partners: typeof import('#lib/data/partners-repository.ts');
let expireOffers: typeof import('#functions/matching/expire-offers.ts').expireOffers;

const tuesday = nextShanghaiWeekday(2);

/**
 * Worked by hand against the demo partners: hospital escort in Hehua on a Tuesday morning for a
 * resident over 80. Three partners offer hospital escort: the Liu Fang homecarer serves only
 * Liuyin and Taoyuan (fails serviceArea); the Dongcheng clinic (Tuesday 08:00-12:00, low-cost) and
 * the Hehua volunteers (always on duty, free) both pass. Skill (3), proximity (same community),
 * reputation and reliability (no history) and load (no open orders) grade equal; price fit for a
 * special group grades free 1.0 over low-cost 0.6, so the volunteers rank first, the clinic second.
 */
const hospitalEscort = {
  category: 'hospitalEscort',
  description: '周二上午去市一医院复查，需要有人陪同挂号取药',
  communityId: 'hehua',
  gridId: 'hehua-1',
  preferredWindow: shanghaiWindow(tuesday, '09:00', '11:00'),
  specialGroups: ['elderly80'],
  contact: { name: '赵奶奶', phone: '13700137000' },
};

async function submit(body: object): Promise<string> {
  const reply = await request<{ id: string }>(system.baseUrl, 'POST', '/needs', { body });
  expect(reply.status).toBe(201);
  return reply.body.id;
}

async function settled(needId: string) {
  await system.poller.drain();
  const need = await needs.getNeed(needId);
  if (!need) throw new Error(`need ${needId} is gone`);
  return { need, offers: await offers.offersOfNeed(needId) };
}

async function closeLatestOffer(needId: string, status: 'declined' | 'expired') {
  const { closeOffer } = await import('#lib/offers/offer.ts');
  const open = (await offers.offersOfNeed(needId)).find((offer) => offer.status === 'open');
  if (!open) throw new Error('no open offer');
  if (status === 'declined') {
    expect(await offers.writeClosedOffer(closeOffer(open, 'declined', new Date(), 'busy that morning'))).toBe(true);
  } else {
    const result = await expireOffers(new Date(Date.parse(open.expiresAt) + 1000));
    expect(result.expired).toBeGreaterThanOrEqual(1);
  }
  return open;
}

beforeAll(async () => {
  system = await startLocalSystem();
  needs = await import('#lib/data/needs-repository.ts');
  offers = await import('#lib/data/offers-repository.ts');
  partners = await import('#lib/data/partners-repository.ts');
  ({ expireOffers } = await import('#functions/matching/expire-offers.ts'));
});

afterAll(async () => {
  await system?.stop();
});

describe('the offer cascade on DynamoDB Local', () => {
  it('offers a need to the partner worked out by hand, with an explanation whose contributions add up', async () => {
    const needId = await submit(hospitalEscort);
    const { need, offers: made } = await settled(needId);
    expect(need.status).toBe('offered');
    expect(made).toHaveLength(1);
    const [offer] = made;
    expect(offer?.partnerId).toBe('demo-hehua-volunteers');
    expect(offer?.status).toBe('open');
    const explanation = offer?.explanation;
    const sum = explanation?.terms.reduce((total, term) => total + term.contribution, 0) ?? Number.NaN;
    expect(sum).toBeCloseTo(explanation?.score ?? Number.NaN, 10);
    expect(explanation?.runnerUps[0]?.partnerId).toBe('demo-dongcheng-clinic');
    // Candidates are the partners serving the need's community (the matcher's projection, read in
    // one query): the Liuyin and Taoyuan partner is not among them, so nobody fails serviceArea.
    expect(explanation?.candidates.considered).toBe(2);
    expect(explanation?.rejectedByConstraint.serviceArea).toBe(0);
    expect(explanation?.terms.find((term) => term.name === 'priceFit')?.grade).toBe(1);
    expect(offer?.shortReason.zh.length).toBeGreaterThan(0);
    // Ten minutes for a normal need.
    expect(Date.parse(offer?.expiresAt ?? '') - Date.parse(offer?.createdAt ?? '')).toBe(10 * 60_000);
    // The resident's contact never travels with the offer.
    expect(JSON.stringify(offer)).not.toContain('13700137000');

    // Clean up: the volunteers decline, the clinic declines; nobody else is left, so it is escalated.
    await closeLatestOffer(needId, 'declined');
    const afterDecline = await settled(needId);
    expect(afterDecline.offers.map((entry) => [entry.partnerId, entry.status])).toEqual([
      ['demo-hehua-volunteers', 'declined'],
      ['demo-dongcheng-clinic', 'open'],
    ]);
    expect(afterDecline.need.status).toBe('offered');

    await closeLatestOffer(needId, 'declined');
    const afterSecond = await settled(needId);
    expect(afterSecond.need.status).toBe('escalated');
    expect(afterSecond.need.escalation?.code).toBe('noCandidates');
    expect(afterSecond.need.escalation?.rejectedByConstraint).toMatchObject({ notExcluded: 2, serviceArea: 0 });
    expect(afterSecond.need.escalation?.message.zh).toContain('已拒绝');
    // The resident reads plain words, not the matcher's counts.
    expect(afterSecond.need.timeline.at(-1)?.reason).not.toContain('已拒绝');
  });

  it('moves on to the next partner when an offer expires, and releases the lapsed partner', async () => {
    const needId = await submit(hospitalEscort);
    const first = await settled(needId);
    expect(first.offers.map((offer) => offer.partnerId)).toEqual(['demo-hehua-volunteers']);
    await closeLatestOffer(needId, 'expired');
    const { need, offers: made } = await settled(needId);
    expect(made.map((offer) => [offer.partnerId, offer.status])).toEqual([
      ['demo-hehua-volunteers', 'expired'],
      ['demo-dongcheng-clinic', 'open'],
    ]);
    expect(need.status).toBe('offered');
    // Tidy up for the next tests: let the clinic's offer lapse too.
    await closeLatestOffer(needId, 'declined');
    await settled(needId);
  });

  it('escalates at once a need nobody can serve, saying which constraint emptied the field', async () => {
    const { gridId: _hehuaGrid, ...elsewhere } = hospitalEscort;
    const needId = await submit({ ...elsewhere, communityId: 'liuyin', category: 'childcare', specialGroups: [] });
    const { need, offers: made } = await settled(needId);
    expect(made).toEqual([]);
    expect(need.status).toBe('escalated');
    // The only childcare partner of the demo, in Liuyin, is suspended.
    expect(need.escalation).toMatchObject({ code: 'noCandidates', emptiedBy: 'active' });
  });

  it('escalates a public problem without offering it to anyone', async () => {
    const needId = await submit({ ...hospitalEscort, category: 'publicIssue', description: '小区门口下水道堵了', specialGroups: [] });
    const { need, offers: made } = await settled(needId);
    expect(made).toEqual([]);
    expect(need.escalation?.code).toBe('notAService');
  });

  it('writes one offer when the same stream record is delivered twice', async () => {
    const { handler } = await import('#functions/matching/match-new-need.ts');
    const needId = await submit({ ...hospitalEscort, description: '重复投递测试' });
    await system.poller.drain();
    const stored = await needs.getNeed(needId);
    if (!stored) throw new Error('need missing');
    const event = {
      Records: [
        {
          eventID: 'duplicate-1',
          eventName: 'INSERT',
          eventSource: 'aws:dynamodb',
          dynamodb: { NewImage: marshall(needs.needItem({ ...stored, status: 'submitted', version: 1 }), { removeUndefinedValues: true }) as never, SequenceNumber: '1', StreamViewType: 'NEW_AND_OLD_IMAGES' },
        },
      ],
    } as DynamoDBStreamEvent;
    const invoke = () => invokeHandler(handler as LambdaHandler, event, { functionName: 'matchNewNeed', timeoutMs: 30_000 });
    const replies = await Promise.all([invoke(), invoke()]);
    for (const reply of replies) expect(reply).toEqual({ batchItemFailures: [] });
    const made = await offers.offersOfNeed(needId);
    expect(made).toHaveLength(1);
    await closeLatestOffer(needId, 'declined');
    await settled(needId);
  });

  it('never over-commits a partner: 20 needs at once for a partner with capacity 3', async () => {
    const { partnerSchema } = await import('#lib/partners/partner.ts');
    await partners.putPartner(partnerSchema.parse({
      id: 'test-tailor',
      kind: 'individual',
      name: { zh: '测试裁缝' },
      status: 'active',
      capabilities: [{ category: 'tailoring', skillLevel: 4 }],
      serviceArea: { communities: ['hehua'], grids: [] },
      capacity: 3,
      priceMode: 'lowCost',
      homeVisits: false,
      schedule: { weekly: [], exceptions: [], alwaysAvailable: true },
      contact: { name: '裁缝', phone: '13600136000' },
    }));
    const body = { ...hospitalEscort, category: 'tailoring', specialGroups: [], description: '裤脚改短' };
    const ids = await Promise.all(Array.from({ length: 20 }, () => submit(body)));
    // Race the poller's deliveries with direct dispatches of the same needs.
    const { dispatchNeed } = await import('#lib/use-cases/dispatch-need.ts');
    const { currentDistrict } = await import('#lib/district/current-district.ts');
    await Promise.all(ids.map((id) => dispatchNeed(id, currentDistrict())));
    await system.poller.drain();

    const results = await Promise.all(ids.map((id) => settled(id)));
    const openOffers = results.flatMap((result) => result.offers.filter((offer) => offer.status === 'open'));
    expect(openOffers).toHaveLength(3);
    expect(results.every((result) => result.offers.length <= 1)).toBe(true);
    // Capacity alone emptied the field: the other 17 wait for a free place rather than go to staff.
    const waiting = results.filter((result) => result.need.status === 'waiting');
    expect(waiting).toHaveLength(17);
    for (const result of waiting) expect(result.need.waiting?.queue).toBe('tailoring#hehua');
    const { loadCandidates } = await import('#lib/data/candidates-repository.ts');
    const [tailor] = await loadCandidates({ category: 'tailoring', communityId: 'hehua' }, new Date());
    if (!tailor) throw new Error('no tailoring candidate');
    const { getPartnerStanding } = await import('#lib/data/partners-repository.ts');
    expect((await getPartnerStanding(tailor.partner.id, new Date())).standing.openOrders).toBe(3);
  });
});
