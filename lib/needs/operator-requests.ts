/** The bodies and queries of the operators' desk routes, validated with zod (400 naming each field). */
import * as z from 'zod/mini';
import { serviceCategoryCodes } from '../catalog/service-categories.ts';
import { closeOutcomes, followUpOutcomes, referralOutcomes } from './operator-actions.ts';
import { needStatuses } from './need.ts';

const note = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(500, 'at most 500 characters'));
const day = z.iso.date({ message: 'a date as YYYY-MM-DD' });

export const needListQuerySchema = z
  .strictObject({
    status: z.optional(z.enum(needStatuses)),
    communityId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    category: z.optional(z.enum(serviceCategoryCodes)),
    from: z.optional(day),
    to: z.optional(day),
    order: z._default(z.enum(['newest', 'oldest']), 'newest'),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
    cursor: z.optional(z.string().check(z.maxLength(4000))),
  })
  .check(z.refine((query) => !query.from || !query.to || query.from <= query.to, { message: 'must not be before from', path: ['to'] }));

export const escalationListQuerySchema = z.strictObject({
  order: z._default(z.enum(['newest', 'oldest']), 'oldest'),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
  cursor: z.optional(z.string().check(z.maxLength(4000))),
});

export const assignSchema = z
  .strictObject({
    partnerId: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
    note: z.optional(note),
    override: z._default(z.boolean(), false),
    /** Required with override: why the constraints the partner fails do not matter here. */
    reason: z.optional(note),
  })
  .check(
    z.refine((body) => !body.override || body.reason !== undefined, { message: 'an override needs a written reason', path: ['reason'] }),
  );

export const redispatchSchema = z.strictObject({ note: z.optional(note) });

export const closeSchema = z.strictObject({ outcome: z.enum(closeOutcomes), note: z.optional(note) });

export const referSchema = z.strictObject({ unitId: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)), note: z.optional(note) });

export const referralReplySchema = z.strictObject({ outcome: z.enum(referralOutcomes), note: z.optional(note) });

export const followUpCloseSchema = z.strictObject({ outcome: z.enum(followUpOutcomes), note: z.optional(note) });
