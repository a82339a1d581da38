/**
 * Request schemas of handlers that have no domain module of their own, kept here so the handlers
 * and the OpenAPI document (lib/api/route-contracts.ts) use the very same objects.
 */
import * as z from 'zod';
import { serviceCategoryCodes } from '../catalog/service-categories.ts';
import { admissionStatuses, dutyScheduleSchema } from '../partners/partner.ts';
import { maxReportDays } from '../reports/report-query.ts';

/** functions/needs/cancel-need.ts */
export const cancelSchema = z.strictObject({ reason: z.string().trim().min(1).max(200, 'at most 200 characters').optional() });

/**
 * functions/needs/confirm-phone.ts: the 6-digit SMS code, or `resend: true` for another one (one
 * route for both: each route and path costs the district stack resources of its 500).
 */
export const confirmationRequestSchema = z
  .strictObject({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'the 6 digits of the code sent by SMS (短信里的 6 位数字)')
      .optional(),
    resend: z.literal(true, 'true to have another code sent').optional(),
  })
  .refine((body) => (body.code === undefined) !== (body.resend === undefined), {
    message: 'send either the code or resend: true',
    path: ['code'],
  });

/** functions/offers/decline-offer.ts */
export const declineSchema = z.strictObject({ reason: z.string().trim().min(1, 'say briefly why').max(200, 'at most 200 characters') });

/** functions/operators/exclude-rating.ts */
export const exclusionSchema = z.strictObject({ reason: z.string().trim().min(1, 'say why').max(300, 'at most 300 characters') });

/** functions/orders/release-order.ts */
export const releaseSchema = z.strictObject({ reason: z.string().trim().min(1, 'say briefly why').max(200, 'at most 200 characters') });

/** functions/partners/list-partners.ts */
export const listQuerySchema = z.strictObject({
  status: z.enum(admissionStatuses).optional(),
  category: z.enum(serviceCategoryCodes).optional(),
  communityId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(4000).optional(),
});

/** functions/partners/change-partner-status.ts */
export const statusChangeSchema = z.strictObject({
  status: z.enum(admissionStatuses),
  reason: z.string().trim().min(1, 'say why').max(500, 'at most 500 characters'),
  version: z.number().int().min(0).optional(),
});

/** functions/operators/get-supply-demand-report.ts */
const day = z.iso.date({ message: 'a date as YYYY-MM-DD' });
export const periodSchema = z
  .strictObject({ from: day.optional(), to: day.optional() })
  .refine((period) => !period.from || !period.to || period.from <= period.to, { message: 'must not be before from', path: ['to'] })
  .refine((period) => !period.from || !period.to || Date.parse(period.to) - Date.parse(period.from) < maxReportDays * 86_400_000, {
    message: `a period of at most ${maxReportDays} days`,
    path: ['to'],
  });

/** functions/partners/put-my-schedule.ts */
export const scheduleBodySchema = z.strictObject(dutyScheduleSchema.shape);

/** The operators' paged lists (the operators' inbox, the co-building units). */
export const operatorPageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(4000).optional(),
});
