/**
 * The partner routes the app calls, with the signed-in partner's token. Failures come back as
 * `NetworkError` (nothing reached us, or no answer in time: safe to try again, the routes are
 * idempotent) or `ApiError` (an answer with a status and, usually, an RFC 9457 problem).
 */
import { ApiError, NetworkError } from '../api.ts';
import type { Localized } from '../i18n.ts';
import { SignedOut, staffCall } from '../staff-auth/staff-call.ts';
import { type AppConfig, accessToken } from './session.ts';

export { ApiError, NetworkError, SignedOut };

export interface Place {
  community: { id: string; name?: Localized };
  grid?: { id: string; name: Localized };
}

export interface OfferView extends Place {
  id: string;
  orderId: string;
  status: string;
  expiresAt: string;
  category: { code: string; label?: Localized };
  preferredWindow?: { from: string; to: string };
  urgency?: string;
  specialGroups: string[];
  description: string;
  why: Localized;
  distanceKm?: number;
}

export interface OrderView extends Place {
  id: string;
  offerId?: string;
  status: string;
  category: { code: string; label?: Localized };
  description: string;
  preferredWindow?: { from: string; to: string };
  urgency?: string;
  specialGroups: string[];
  address?: string;
  /** Absent once the district's privacy rules end the partner's sight of it (days after the order ended). */
  contact?: { name: string; phone: string };
  contactShown?: boolean;
  timeline: Array<{ status: string; at: string; reason?: string }>;
}

export interface DutySchedule {
  weekly: Array<{ day: number; from: string; to: string; categories?: string[] }>;
  exceptions: Array<{ date: string; available: boolean; slots?: Array<{ from: string; to: string }>; reason?: string }>;
  alwaysAvailable: boolean;
}

export interface MyProfile {
  id: string;
  name: Localized;
  schedule: DutySchedule;
  version: number;
  standing: {
    openOrders: number;
    reputation: { mean?: number; count: number };
    reliability: { offered: number; accepted: number; completed: number; cancelled: number };
    grade: { level: number; name: Localized; score: number };
    points: number;
  };
}

export interface PointsEntry {
  needId: string;
  points: number;
  reasons: string[];
  at: string;
}

export interface InboxMessage {
  notificationId: string;
  event: string;
  createdAt: string;
  title: string;
  lines: string[];
  data?: { offerId?: string };
}

export function partnerApi(config: AppConfig) {
  const call = staffCall(config, () => accessToken(config));

  const id = encodeURIComponent;
  return {
    profile: () => call<MyProfile>('GET', '/partners/me'),
    offers: () => call<{ offers: OfferView[] }>('GET', '/partners/me/offers'),
    orders: (cursor?: string) =>
      call<{ orders: OrderView[]; cursor?: string }>('GET', `/partners/me/orders${cursor ? `?cursor=${id(cursor)}` : ''}`),
    points: () => call<{ entries: PointsEntry[]; cursor?: string }>('GET', '/partners/me/points'),
    inbox: () => call<{ messages: InboxMessage[] }>('GET', '/partners/me/inbox'),
    accept: (offerId: string) => call<OrderView>('POST', `/offers/${id(offerId)}/accept`),
    decline: (offerId: string, reason: string) => call<OfferView>('POST', `/offers/${id(offerId)}/decline`, { reason }),
    start: (orderId: string) => call<OrderView>('POST', `/orders/${id(orderId)}/start`),
    complete: (orderId: string, note?: string) => call<OrderView>('POST', `/orders/${id(orderId)}/complete`, note ? { note } : {}),
    release: (orderId: string, reason: string) => call<OrderView>('POST', `/orders/${id(orderId)}/release`, { reason }),
    saveSchedule: (schedule: DutySchedule) => call<{ schedule: DutySchedule; version: number }>('PUT', '/partners/me/schedule', schedule),
  };
}

export type PartnerApi = ReturnType<typeof partnerApi>;
