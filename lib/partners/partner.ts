/**
 * A community partner (社区合伙人) as the domain sees it. The zod schema is the source of the type;
 * operators' routes (#4), the CSV import and the demo seed all validate against it.
 */
import * as z from 'zod/mini';
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

const clockTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour'));
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'));

/**
 * A weekly duty slot in the district's time zone. `day` is ISO (1 = Monday … 7 = Sunday).
 * A slot whose `to` is not after `from` runs past midnight into the next day.
 * `categories` narrows the slot to some of the partner's capabilities (a duty roster by specialty).
 */
export const dutySlotSchema = z.object({
  day: z.number().check(z.int(), z.minimum(1), z.maximum(7)),
  from: clockTime,
  to: clockTime,
  categories: z.optional(z.array(z.enum(serviceCategoryCodes)).check(z.maxLength(serviceCategoryCodes.length))),
});

/** A dated exception: unavailable all day (a holiday), or available only in the given slots. */
export const scheduleExceptionSchema = z.object({
  date: isoDate,
  available: z.boolean(),
  slots: z.optional(z.array(z.object({ from: clockTime, to: clockTime })).check(z.maxLength(partnerListLimits.exceptionSlots))),
  reason: z.optional(z.string().check(z.maxLength(200))),
});

export const dutyScheduleSchema = z.object({
  weekly: z._default(
    z.array(dutySlotSchema).check(z.maxLength(partnerListLimits.weeklySlots, `at most ${partnerListLimits.weeklySlots} weekly slots`)),
    [],
  ),
  exceptions: z._default(
    z
      .array(scheduleExceptionSchema)
      .check(z.maxLength(partnerListLimits.exceptions, `at most ${partnerListLimits.exceptions} dated exceptions; remove past ones`)),
    [],
  ),
  /** Declared available at any time (e.g. an on-call volunteer team), schedule aside. */
  alwaysAvailable: z._default(z.boolean(), false),
});

export const serviceAreaSchema = z.object({
  communities: z._default(z.array(z.string()).check(z.maxLength(partnerListLimits.communities)), []),
  /** When set, only these grids (inside the listed communities or not) are served. */
  grids: z._default(z.array(z.string()).check(z.maxLength(partnerListLimits.grids)), []),
  /** Serves needs with a location within this distance of the partner's base. */
  radiusKm: z.optional(z.number().check(z.positive(), z.maximum(100))),
});

export const capabilitySchema = z.object({
  category: z.enum(serviceCategoryCodes),
  /** 1 = can help, 5 = certified professional. */
  skillLevel: z.number().check(z.int(), z.minimum(1), z.maximum(5)),
});


export const partnerSchema = z.object({
  id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)),
  kind: z.enum(partnerKinds),
  name: z.object({ zh: z.string().check(z.minLength(1), z.maxLength(100)), en: z.optional(z.string().check(z.maxLength(100))) }),
  status: z.enum(admissionStatuses),
  capabilities: z.array(capabilitySchema).check(z.minLength(1), z.maxLength(partnerListLimits.capabilities)),
  serviceArea: serviceAreaSchema,
  base: z.optional(geoPointSchema),
  /** Most orders open at once. */
  capacity: z.number().check(z.int(), z.minimum(1), z.maximum(1000)),
  priceMode: z.enum(priceModes),
  /** Will come to the resident's home (needed for some special groups). */
  homeVisits: z._default(z.boolean(), false),
  schedule: dutyScheduleSchema,
  contact: z.object({ name: z.string().check(z.minLength(1), z.maxLength(50)), phone: mainlandMobile }),
  /**
   * Where offers are sent besides the in-app inbox, which every partner has. Parsing fills in [];
   * optional in the type so partners built in code (fixtures, benchmarks) need not name it.
   */
  notificationChannels: z._default(z.array(notificationChannelSchema).check(z.maxLength(10)), []),
});

export type Partner = z.output<typeof partnerSchema>;
export type PartnerInput = z.input<typeof partnerSchema>;
export type DutySchedule = Partner['schedule'];
export type PartnerKind = (typeof partnerKinds)[number];
export type PriceMode = (typeof priceModes)[number];
