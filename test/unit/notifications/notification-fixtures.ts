/** An offer, a partner and the demo district as the notifier sees them. */
import { loadDistrictFile } from '#lib/district/district-files.ts';
import { buildNotification } from '#lib/notifications/notification.ts';
import type { Offer } from '#lib/offers/offer.ts';

export const demoDistrict = loadDistrictFile('demo');

export const needId = '3f2b9c1e-8a4d-4e5f-9b6a-1c2d3e4f5a6b';

export function offer(overrides: Partial<Offer> = {}): Offer {
  return {
    id: `${needId}.2`,
    needId,
    attempt: 2,
    partnerId: 'tailor-wu',
    status: 'open',
    correlationId: 'test-correlation',
    // 10:20 and 10:30 in Shanghai.
    createdAt: '2026-11-24T02:20:00.000Z',
    expiresAt: '2026-11-24T02:30:00.000Z',
    summary: {
      category: 'tailoring',
      communityId: 'hehua',
      gridId: 'hehua-2',
      description: '棉被的被罩\n破了一个口子，想请人帮忙缝补',
      preferredWindow: { from: '2026-11-24T09:00:00+08:00', to: '2026-11-24T11:00:00+08:00' },
      urgency: 'urgent',
      specialGroups: ['elderly80', 'livingAlone'],
    },
    // The notifier never reads the explanation itself, only its short forms below.
    explanation: {} as Offer['explanation'],
    shortReason: { zh: '现在值班，离您最近', en: 'on duty now, closest to you' },
    residentSummary: { zh: '已找到服务方', en: 'A partner was found' },
    ...overrides,
  };
}

export const partner = { id: 'tailor-wu', name: { zh: '吴师傅' } };

/** 24 random-looking bytes, base64: a valid Standard Webhooks secret for tests. */
export const testSecret = `whsec_${Buffer.from('0123456789abcdef01234567').toString('base64')}`;

/** The notification of `offer()` being made, as the notifier builds it. */
export function offerCreatedNotification(publicBaseUrl?: string) {
  return buildNotification({ event: 'offer.created', offer: offer(), partner, district: demoDistrict, occurredAt: offer().createdAt, publicBaseUrl });
}
