import { describe, expect, it } from 'vitest';
import { buildNotification } from '#lib/notifications/notification.ts';
import { notificationEventOf, notificationIdOf } from '#lib/notifications/notification-event.ts';
import { demoDistrict, needId, offer, offerCreatedNotification, partner } from './notification-fixtures.ts';

describe('notification event', () => {
  it('is offer.created for a new open offer and order.cancelled for an accepted offer withdrawn, nothing else', () => {
    expect(notificationEventOf({ eventName: 'INSERT', oldStatus: undefined, newStatus: 'open' })).toBe('offer.created');
    expect(notificationEventOf({ eventName: 'MODIFY', oldStatus: 'accepted', newStatus: 'withdrawn' })).toBe('order.cancelled');
    expect(notificationEventOf({ eventName: 'MODIFY', oldStatus: 'open', newStatus: 'withdrawn' })).toBeUndefined();
    expect(notificationEventOf({ eventName: 'MODIFY', oldStatus: 'open', newStatus: 'accepted' })).toBeUndefined();
    expect(notificationEventOf({ eventName: 'MODIFY', oldStatus: 'open', newStatus: 'expired' })).toBeUndefined();
    expect(notificationEventOf({ eventName: 'REMOVE', oldStatus: 'open', newStatus: undefined })).toBeUndefined();
  });

  it('has a deterministic id per offer and event, without the full stop Standard Webhooks signs with', () => {
    expect(notificationIdOf(`${needId}.2`, 'offer.created')).toBe(`ntf_${needId}_2_created`);
    expect(notificationIdOf(`${needId}.2`, 'order.cancelled')).toBe(`ntf_${needId}_2_cancelled`);
    expect(notificationIdOf(`${needId}.2`, 'offer.created')).not.toContain('.');
  });
});

describe('notification', () => {
  it('carries a Standard Webhooks payload: type, the time of the event, and the data a partner may see', () => {
    const notification = offerCreatedNotification('https://partners.example.cn');
    expect(notification.payload).toMatchObject({
      type: 'offer.created',
      timestamp: offer().createdAt,
      data: {
        notificationId: `ntf_${needId}_2_created`,
        partnerId: 'tailor-wu',
        offerId: offer().id,
        orderId: needId,
        expiresAt: offer().expiresAt,
        appUrl: `https://partners.example.cn/partner/#/offers/${offer().id}`,
        summary: { category: 'tailoring', categoryLabel: '缝补', placeLabel: '荷花社区 荷花第二网格' },
        actions: {
          accept: { method: 'POST', path: `/offers/${offer().id}/accept`, url: `https://partners.example.cn/partner/#/offers/${offer().id}` },
          decline: { method: 'POST', path: `/offers/${offer().id}/decline` },
        },
      },
    });
    expect(notification.payload.data.message.title).toBe('【新订单】缝补 · 荷花社区');
  });

  it('for a cancelled order, carries the reason and no deadline or actions', () => {
    const notification = buildNotification({
      event: 'order.cancelled',
      offer: offer({ status: 'withdrawn', closeReason: 'cancelled by the resident', closedAt: '2026-11-24T02:40:00.000Z' }),
      partner,
      district: demoDistrict,
      occurredAt: '2026-11-24T02:40:00.000Z',
    });
    expect(notification.id).toBe(`ntf_${needId}_2_cancelled`);
    expect(notification.payload.data.reason).toBe('cancelled by the resident');
    expect(notification.payload.data.expiresAt).toBeUndefined();
    expect(notification.payload.data.actions).toBeUndefined();
  });
});
