/** The bodies and queries of the operators' desk routes, validated with zod (400 naming each field). */
import * as z from 'zod';
import { serviceCategoryCodes } from '../catalog/service-categories.ts';
import { closeOutcomes, followUpOutcomes, referralOutcomes } from './operator-actions.ts';
import { needStatuses } from './need.ts';

const note = z.string().trim().min(1, 'must not be empty').max(500, 'at most 500 characters');
const day = z.iso.date({ message: 'a date as YYYY-MM-DD' });

export const needListQuerySchema = z
  .strictObject({
    status: z.enum(needStatuses).optional(),
    communityId: z.string().min(1).max(64).optional(),
    category: z.enum(serviceCategoryCodes).optional(),
    from: day.optional(),
    to: day.optional(),
    order: z.enum(['newest', 'oldest']).default('newest'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(4000).optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: 'must not be before from', path: ['to'] });

export const escalationListQuerySchema = z.strictObject({
  order: z.enum(['newest', 'oldest']).default('oldest'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(4000).optional(),
});

export const assignSchema = z
  .strictObject({
    partnerId: z.string().trim().min(1).max(100),
    note: note.optional(),
    override: z.boolean().default(false),
    /** Required with override: why the constraints the partner fails do not matter here. */
    reason: note.optional(),
  })
  .refine((body) => !body.override || body.reason !== undefined, { message: 'an override needs a written reason', path: ['reason'] });

export const redispatchSchema = z.strictObject({ note: note.optional() });

export const closeSchema = z.strictObject({ outcome: z.enum(closeOutcomes), note: note.optional() });

export const referSchema = z.strictObject({ unitId: z.string().trim().min(1).max(100), note: note.optional() });

export const referralReplySchema = z.strictObject({ outcome: z.enum(referralOutcomes), note: note.optional() });

export const followUpCloseSchema = z.strictObject({ outcome: z.enum(followUpOutcomes), note: note.optional() });
