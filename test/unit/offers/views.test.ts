import { describe, expect, it } from 'vitest';
import { defaultMatchingSettings } from '#lib/matching/matching-settings.ts';
import { rankCandidates } from '#lib/matching/rank-candidates.ts';
import { residentView, statusLabels } from '#lib/needs/need-views.ts';
import { newOffer, offerId, parseOfferId } from '#lib/offers/offer.ts';
import { operatorNeedView, partnerOfferView, partnerOrderView } from '#lib/offers/offer-views.ts';
import { rateNeed } from '#lib/reputation/rating.ts';
import { candidate, district, request, tuesdayMorning } from '../matching/matching-fixtures.ts';
import { accepted, at, completed, later, offered, openOffer, started, submitted } from '../orders/order-fixtures.ts';

const testDistrict = district();
const contactWords = /13800138000|李奶奶|荷花小区|30\.2741/;
const explain = () =>
  rankCandidates(request({ needId: 'n1' }), [candidate({ id: 'p1' })], defaultMatchingSettings, testDistrict, tuesdayMorning).chosen;
function explanation() {
  const chosen = explain();
  if (!chosen) throw new Error('the fixture partner must be chosen');
  return chosen;
}

describe('an offer made from a need', () => {
  const offer = () =>
    newOffer(offered(), { partnerId: 'p1', attempt: 2, expiresAt: later(10).toISOString(), explanation: explanation() }, at);

  it('is open, with its deterministic id, the need correlation and the deadline', () => {
    expect(offer()).toMatchObject({
      id: 'n1.2',
      needId: 'n1',
      attempt: 2,
      partnerId: 'p1',
      status: 'open',
      correlationId: 'c',
      createdAt: at.toISOString(),
      expiresAt: later(10).toISOString(),
    });
  });

  it('carries what the work is and roughly where, never the contact, address or location', () => {
    expect(offer().summary).toEqual({
      category: 'repairs',
      communityId: 'hehua',
      gridId: 'hehua-1',
      description: '修门锁',
      preferredWindow: undefined,
      urgency: 'normal',
      specialGroups: ['elderly80'],
    });
    expect(JSON.stringify(offer().summary)).not.toMatch(contactWords);
  });

  it('words the why for the partner and the summary for the resident in both languages', () => {
    expect(offer().shortReason.zh).toMatch(/^现在值班/);
    expect(offer().shortReason.en).toMatch(/^on duty now/);
    expect(offer().residentSummary).toEqual({
      zh: '已为您找到合伙人，现在就可以提供服务。',
      en: 'We have found a partner for you, available now.',
    });
  });
});

describe("an offer's answer window", () => {
  const decision = (countsFrom?: string) => ({ partnerId: 'p1', attempt: 1, expiresAt: later(130).toISOString(), explanation: explanation(), ...(countsFrom ? { countsFrom } : {}) });

  it('records when the window starts only for an offer made off duty, whose window starts later', () => {
    expect(newOffer(offered(), decision(later(120).toISOString()), at).countsFrom).toBe(later(120).toISOString());
    expect(newOffer(offered(), decision(at.toISOString()), at)).not.toHaveProperty('countsFrom');
    expect(newOffer(offered(), decision(), at)).not.toHaveProperty('countsFrom');
  });
});

describe('offer ids', () => {
  const needId = '3f2b8c1e-7a4d-4e2b-9c1a-0d5e6f7a8b9c';

  it('join the need id and the attempt, and read back', () => {
    expect(offerId(needId, 3)).toBe(`${needId}.3`);
    expect(parseOfferId(`${needId}.3`)).toEqual({ needId, attempt: 3 });
    expect(parseOfferId(`${needId}.120`)).toEqual({ needId, attempt: 120 });
  });

  it('refuse anything else', () => {
    for (const id of [needId, `${needId}.`, `${needId}.1234`, `x${needId}.1`, `${needId}.1x`, 'n1.1', `${needId.toUpperCase()}.1`]) {
      expect(parseOfferId(id), id).toBeUndefined();
    }
  });
});

describe("the partner's view of an offer", () => {
  it('shows the work, the place by name and the why, with no contact before acceptance', () => {
    const view = partnerOfferView(openOffer(), testDistrict);

    expect(view).toEqual({
      id: 'n1.1',
      orderId: 'n1',
      status: 'open',
      expiresAt: later(10).toISOString(),
      category: { code: 'repairs', label: { zh: '维修', en: 'Repairs' } },
      community: { id: 'hehua', name: { zh: '荷花社区', en: 'Hehua' } },
      grid: { id: 'hehua-1', name: { zh: '荷花一', en: 'Hehua 1' } },
      preferredWindow: undefined,
      urgency: 'normal',
      specialGroups: ['elderly80'],
      description: '修门锁',
      why: { zh: '现在值班', en: 'on duty now' },
    });
    expect(JSON.stringify(view)).not.toMatch(contactWords);
  });

  it('gives the distance to one decimal when the matcher measured one, and none otherwise', () => {
    const measured = { ...explanation(), proximity: { kind: 'distance' as const, km: 1.26 } };
    expect(partnerOfferView(openOffer({ explanation: measured }), testDistrict).distanceKm).toBe(1.3);
    expect(partnerOfferView(openOffer({ explanation: { ...measured, proximity: { kind: 'sameGrid' } } }), testDistrict)).not.toHaveProperty('distanceKm');
  });

  it('names the grid of the offer, not the first of its community', () => {
    expect(partnerOfferView(openOffer({ summary: { ...openOffer().summary, gridId: 'hehua-2' } }), testDistrict).grid).toEqual({
      id: 'hehua-2',
      name: { zh: '荷花二', en: 'Hehua 2' },
    });
  });

  it('gives no label for a category it does not know', () => {
    const unknown = { ...openOffer().summary, category: 'astrology' } as unknown as ReturnType<typeof openOffer>['summary'];

    expect(partnerOfferView(openOffer({ summary: unknown }), testDistrict).category).toEqual({ code: 'astrology', label: undefined });
  });

  it('names no grid it does not know', () => {
    const elsewhere = partnerOfferView(openOffer({ summary: { ...openOffer().summary, communityId: 'gone', gridId: 'x' } }), testDistrict);

    expect(elsewhere.community).toEqual({ id: 'gone', name: undefined });
    expect(elsewhere.grid).toBeUndefined();
  });
});

describe("the partner's view of an accepted order", () => {
  it('gives the contact, address and location, with the status in words', () => {
    const view = partnerOrderView(accepted().need, testDistrict, 'active');

    expect(view).toMatchObject({
      id: 'n1',
      status: 'accepted',
      statusLabel: { zh: '服务方已接单', en: 'Accepted by a partner' },
      category: { code: 'repairs', label: { zh: '维修', en: 'Repairs' } },
      community: { id: 'hehua', name: { zh: '荷花社区', en: 'Hehua' } },
      grid: { id: 'hehua-1', name: { zh: '荷花一', en: 'Hehua 1' } },
      address: '荷花小区3幢2单元401',
      location: { lat: 30.2741, lng: 120.1551 },
      contact: { name: '李奶奶', phone: '13800138000' },
      description: '修门锁',
      urgency: 'normal',
      specialGroups: ['elderly80'],
    });
    expect(view.timeline).toEqual(accepted().need.timeline);
    // Nothing withheld: the partner's page shows no "suspended" notice to an active partner.
    expect(view).not.toHaveProperty('contactWithheld');
  });

  it.each(['suspended', 'vetted', 'applied'] as const)('gives no contact, address or location to a partner that is %s', (status) => {
    const view = partnerOrderView(accepted().need, testDistrict, status);

    expect(view).toMatchObject({ id: 'n1', status: 'accepted', contactShown: false, contactWithheld: 'partner_not_active' });
    expect(view).not.toHaveProperty('contact');
    expect(view).not.toHaveProperty('address');
    expect(view).not.toHaveProperty('location');
  });
});

describe("the operators' view of a need", () => {
  it('shows everything but the tracking token hash, with every offer', () => {
    const offers = [openOffer({ status: 'declined' }), openOffer({ id: 'n1.2', attempt: 2 })];
    const view = operatorNeedView(accepted().need, offers);

    expect(view).not.toHaveProperty('trackingTokenHash');
    expect(view.offers).toBe(offers);
    expect(view).toMatchObject({ id: 'n1', contact: { phone: '13800138000' }, assignedPartner: { id: 'p1' } });
  });
});

describe("the resident's view of a need", () => {
  it('words every status for the resident in zh and en', () => {
    expect(statusLabels).toEqual({
      submitted: { zh: '已提交', en: 'Submitted' },
      offered: { zh: '正在联系服务方', en: 'Finding a partner' },
      accepted: { zh: '服务方已接单', en: 'Accepted by a partner' },
      started: { zh: '服务进行中', en: 'In progress' },
      completed: { zh: '服务已完成', en: 'Completed' },
      escalated: { zh: '已转社区工作人员处理', en: 'Passed to community staff' },
      cancelled: { zh: '已取消', en: 'Cancelled' },
      closed: { zh: '已结束', en: 'Closed' },
      waiting: { zh: '排队等待服务方', en: 'Waiting for a free partner' },
      referred: { zh: '已转共建单位处理', en: 'Referred to a co-building unit' },
      awaitingConfirmation: { zh: '等待短信验证', en: 'Awaiting confirmation' },
    });
  });

  it('never shows the token hash or the partner contact, and labels each step', () => {
    const view = residentView(accepted().need, at);

    expect(JSON.stringify(view)).not.toContain('hash-of-token');
    expect(view.partner).toEqual({ name: { zh: '李师傅' } });
    expect(view.timeline.map((step) => step.label.en)).toEqual(['Submitted', 'Finding a partner', 'Accepted by a partner']);
    expect(view).toMatchObject({
      id: 'n1',
      status: 'accepted',
      statusLabel: { zh: '服务方已接单', en: 'Accepted by a partner' },
      category: 'repairs',
    });
  });

  it('says when the partner can come only once the order is accepted', () => {
    expect(residentView(offered(), at).availability).toBeUndefined();
    expect(residentView(accepted().need, at).availability).toEqual({ zh: '最早今天', en: 'today' });
    expect(residentView(started(), at).availability).toBeUndefined();
  });

  it('has no partner before acceptance', () => {
    expect(residentView(submitted(), at).partner).toBeUndefined();
  });

  it('offers cancel until started, and rating once completed and not yet rated', () => {
    expect(
      [submitted(), offered(), accepted().need, started(), completed()].map((need) => residentView(need, later(100)).canCancel),
    ).toEqual([true, true, true, false, false]);
    expect(residentView(started(), later(100)).canRate).toBe(false);
    expect(residentView(completed(), later(100)).canRate).toBe(true);
    const rated = rateNeed(completed(), { stars: 2, comment: '迟到了', tags: ['late'] }, later(100)).need;
    expect(residentView(rated, later(101))).toMatchObject({ canRate: false, rating: { stars: 2, comment: '迟到了', tags: ['late'] } });
    expect(residentView(completed(), later(100)).rating).toBeUndefined();
  });
});
