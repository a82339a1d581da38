/**
 * A community partner (社区合伙人) as the domain sees it. The zod schema is the source of the type;
 * operators' routes (#4), the CSV import and the demo seed all validate against it.
 */
import * as z from 'zod';
import { serviceCategoryCodes } from '../catalog/service-categories.ts';
import { geoPointSchema, mainlandMobile } from '../common/contact-values.ts';
import { notificationChannelSchema } from '../notifications/channels.ts';

export const partnerKinds = ['individual', 'business', 'communityGroup'] as const;
export const priceModes = ['free', 'lowCost', 'market'] as const;
export const admissionStatuses = ['applied', 'vetted', 'active', 'suspended'] as const;

/**
 * Limits on the lists that drive matching's work (#10: every loop bounded): a ranking walks each
 * candidate's roster slots and exceptions for every day of the need's window, and its service area
 * against the community's grids.
 */
export const partnerListLimits = { weeklySlots: 70, exceptions: 366, exceptionSlots: 12, communities: 100, grids: 300, capabilities: serviceCategoryCodes.length } as const;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/**
 * A weekly duty slot in the district's time zone. `day` is ISO (1 = Monday … 7 = Sunday).
 * A slot whose `to` is not after `from` runs past midnight into the next day.
 * `categories` narrows the slot to some of the partner's capabilities (a duty roster by specialty).
 */
export const dutySlotSchema = z.object({
  day: z.number().int().min(1).max(7),
  from: clockTime,
  to: clockTime,
  categories: z.array(z.enum(serviceCategoryCodes)).max(serviceCategoryCodes.length).optional(),
});

/** A dated exception: unavailable all day (a holiday), or available only in the given slots. */
export const scheduleExceptionSchema = z.object({
  date: isoDate,
  available: z.boolean(),
  slots: z.array(z.object({ from: clockTime, to: clockTime })).max(partnerListLimits.exceptionSlots).optional(),
  reason: z.string().max(200).optional(),
});

export const dutyScheduleSchema = z.object({
  weekly: z.array(dutySlotSchema).max(partnerListLimits.weeklySlots, `at most ${partnerListLimits.weeklySlots} weekly slots`).default([]),
  exceptions: z
    .array(scheduleExceptionSchema)
    .max(partnerListLimits.exceptions, `at most ${partnerListLimits.exceptions} dated exceptions; remove past ones`)
    .default([]),
  /** Declared available at any time (e.g. an on-call volunteer team), schedule aside. */
  alwaysAvailable: z.boolean().default(false),
});

export const serviceAreaSchema = z.object({
  communities: z.array(z.string()).max(partnerListLimits.communities).default([]),
  /** When set, only these grids (inside the listed communities or not) are served. */
  grids: z.array(z.string()).max(partnerListLimits.grids).default([]),
  /** Serves needs with a location within this distance of the partner's base. */
  radiusKm: z.number().positive().max(100).optional(),
});

export const capabilitySchema = z.object({
  category: z.enum(serviceCategoryCodes),
  /** 1 = can help, 5 = certified professional. */
  skillLevel: z.number().int().min(1).max(5),
});


export const partnerSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  kind: z.enum(partnerKinds),
  name: z.object({ zh: z.string().min(1).max(100), en: z.string().max(100).optional() }),
  status: z.enum(admissionStatuses),
  capabilities: z.array(capabilitySchema).min(1).max(partnerListLimits.capabilities),
  serviceArea: serviceAreaSchema,
  base: geoPointSchema.optional(),
  /** Most orders open at once. */
  capacity: z.number().int().min(1).max(1000),
  priceMode: z.enum(priceModes),
  /** Will come to the resident's home (needed for some special groups). */
  homeVisits: z.boolean().default(false),
  schedule: dutyScheduleSchema,
  contact: z.object({ name: z.string().min(1).max(50), phone: mainlandMobile }),
  /**
   * Where offers are sent besides the in-app inbox, which every partner has. Parsing fills in [];
   * optional in the type so partners built in code (fixtures, benchmarks) need not name it.
   */
  notificationChannels: z.array(notificationChannelSchema).max(10).default([]),
});

export type Partner = z.output<typeof partnerSchema>;
export type PartnerInput = z.input<typeof partnerSchema>;
export type DutySchedule = Partner['schedule'];
export type PartnerKind = (typeof partnerKinds)[number];
export type PriceMode = (typeof priceModes)[number];
