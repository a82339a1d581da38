/**
 * Request schemas of handlers that have no domain module of their own, kept here so the handlers
 * and the OpenAPI document (lib/api/route-contracts.ts) use the very same objects.
 */
import * as z from 'zod/mini';
import { serviceCategoryCodes } from '../catalog/service-categories.ts';
import { admissionStatuses, dutyScheduleSchema } from '../partners/partner.ts';
import { maxReportDays } from '../reports/report-query.ts';

/** functions/needs/cancel-need.ts */
export const cancelSchema = z.strictObject({
  reason: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200, 'at most 200 characters'))),
});

/**
 * functions/needs/confirm-phone.ts: the 6-digit SMS code, or `resend: true` for another one (one
 * route for both: each route and path costs the district stack resources of its 500).
 */
export const confirmationRequestSchema = z
  .strictObject({
    code: z.optional(z.string().check(z.trim(), z.regex(/^\d{6}$/, 'the 6 digits of the code sent by SMS (短信里的 6 位数字)'))),
    resend: z.optional(z.literal(true, 'true to have another code sent')),
  })
  .check(
    z.refine((body) => (body.code === undefined) !== (body.resend === undefined), {
      message: 'send either the code or resend: true',
      path: ['code'],
    }),
  );

/** functions/offers/decline-offer.ts */
export const declineSchema = z.strictObject({
  reason: z.string().check(z.trim(), z.minLength(1, 'say briefly why'), z.maxLength(200, 'at most 200 characters')),
});

/** functions/operators/exclude-rating.ts */
export const exclusionSchema = z.strictObject({
  reason: z.string().check(z.trim(), z.minLength(1, 'say why'), z.maxLength(300, 'at most 300 characters')),
});

/** functions/orders/release-order.ts */
export const releaseSchema = z.strictObject({
  reason: z.string().check(z.trim(), z.minLength(1, 'say briefly why'), z.maxLength(200, 'at most 200 characters')),
});

/** functions/partners/list-partners.ts */
export const listQuerySchema = z.strictObject({
  status: z.optional(z.enum(admissionStatuses)),
  category: z.optional(z.enum(serviceCategoryCodes)),
  communityId: z.optional(z.string()),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(4000))),
});

/** functions/partners/change-partner-status.ts */
export const statusChangeSchema = z.strictObject({
  status: z.enum(admissionStatuses),
  reason: z.string().check(z.trim(), z.minLength(1, 'say why'), z.maxLength(500, 'at most 500 characters')),
  version: z.optional(z.number().check(z.int(), z.minimum(0))),
});

/** functions/operators/get-supply-demand-report.ts */
const day = z.iso.date({ message: 'a date as YYYY-MM-DD' });
export const periodSchema = z.strictObject({ from: z.optional(day), to: z.optional(day) }).check(
  z.refine((period) => !period.from || !period.to || period.from <= period.to, { message: 'must not be before from', path: ['to'] }),
  z.refine((period) => !period.from || !period.to || Date.parse(period.to) - Date.parse(period.from) < maxReportDays * 86_400_000, {
    message: `a period of at most ${maxReportDays} days`,
    path: ['to'],
  }),
);

/** functions/partners/put-my-schedule.ts */
export const scheduleBodySchema = z.strictObject(dutyScheduleSchema.shape);

/** The operators' paged lists (the operators' inbox, the co-building units). */
export const operatorPageQuerySchema = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
  cursor: z.optional(z.string().check(z.maxLength(4000))),
});
