/**
 * A district's matching settings: objective weights, offer timeouts, the cascade's limits and the
 * priors that keep new partners from being judged on too little evidence. Every field has a default,
 * so `matchingSettingsSchema.parse({})` is a working configuration and a district file may override
 * only what it needs. Objects use `prefault({})` so their inner defaults apply when they are omitted.
 *
 * Default weights (relative; the weights of the terms that apply to a need are scaled to sum to 1):
 *
 * | term                  | weight | applies to                       |
 * |-----------------------|--------|----------------------------------|
 * | skill                 | 0.20   | every need                       |
 * | proximity             | 0.25   | every need                       |
 * | reputation            | 0.20   | every need                       |
 * | reliability           | 0.15   | every need                       |
 * | loadBalance           | 0.20   | every need                       |
 * | priceFit              | 0.15   | needs of special groups only     |
 * | earliestAvailability  | 0.25   | urgent needs only                |
 */
import * as z from 'zod/mini';
import { serviceCategoryCodes } from '../catalog/service-categories.ts';
import type { SpecialGroup } from '../needs/need-submission.ts';

/**
 * The special groups, repeated here rather than imported as a value: district-config.ts will import
 * this module, and need-submission.ts imports district-config.ts, so a value import would be a cycle.
 */
const specialGroupChoices = ['elderly80', 'livingAlone', 'disabled', 'seriouslyIll', 'infant'] as const satisfies readonly SpecialGroup[];

const weight = (value: number) => z._default(z.number().check(z.minimum(0), z.maximum(100)), value);
const positiveDefault = (value: number) => z._default(z.number().check(z.positive()), value);
export const maxHorizonHours = 30 * 24;
const horizonDefault = (value: number) => z._default(z.number().check(z.positive(), z.maximum(maxHorizonHours)), value);

export const matchingSettingsSchema = z.object({
  weights: z.prefault(
    z.object({
      skill: weight(0.2),
      proximity: weight(0.25),
      reputation: weight(0.2),
      reliability: weight(0.15),
      loadBalance: weight(0.2),
      priceFit: weight(0.15),
      earliestAvailability: weight(0.25),
    }),
    {},
  ),
  /** How long a partner has to answer an offer before it expires and the next partner is asked. */
  offerTimeoutMinutes: z.prefault(z.object({ normal: positiveDefault(10), urgent: positiveDefault(3) }), {}),
  /** Offers made for one need before it is escalated to operators (吹哨). */
  maxAttempts: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(50)), 5),
  /**
   * With no preferred window, a partner must be on duty within this many hours from now. Normal
   * needs look a week ahead because duty rosters are weekly (a Wednesday-only clinic still serves a
   * need posted on Thursday); urgent needs must be served within two hours.
   */
  // At most 30 days, as far ahead as a preferred window may start: the horizon is the calendar a ranking walks.
  horizonHours: z.prefault(z.object({ normal: horizonDefault(168), urgent: horizonDefault(2) }), {}),
  reputation: z.prefault(
    z.object({
      /** Ratings' worth of the prior: a partner with this many ratings is half its own mean, half the prior. */
      priorStrength: z._default(z.number().check(z.minimum(0)), 5),
      /** Used when the caller does not pass the district's live mean rating (1..5 stars). */
      priorMean: z._default(z.number().check(z.minimum(1), z.maximum(5)), 4),
    }),
    {},
  ),
  reliability: z.prefault(
    z.object({
      /** Rate assumed for a partner with no history (0..1). */
      priorRate: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.8),
      /** Offers' (or orders') worth of the prior. */
      priorStrength: z._default(z.number().check(z.minimum(0)), 5),
    }),
    {},
  ),
  proximity: z
    .prefault(
      z.object({
        /** Within this distance the grade is 1: the 15-minute walk of the 15分钟生活圈. */
        fullGradeWithinKm: z._default(z.number().check(z.minimum(0)), 1),
        /** At and beyond this distance the grade is 0. */
        zeroGradeAtKm: positiveDefault(5),
      }),
      {},
    )
    .check(
      z.refine((proximity) => proximity.zeroGradeAtKm > proximity.fullGradeWithinKm, {
        message: 'zeroGradeAtKm must be greater than fullGradeWithinKm',
      }),
    ),
  /** Recent orders (the standing's window, e.g. 7 days) at which the rotation half of loadBalance is 0.5. */
  recentOrdersHalfGradeAt: positiveDefault(5),
  /** Special groups whose needs are served only by partners that make home visits. */
  homeVisitGroups: z._default(z.array(z.enum(specialGroupChoices)), ['elderly80', 'disabled', 'seriouslyIll']),
  /**
   * Categories whose service happens at the resident's home: only for these does a special group
   * (homeVisitGroups) require a home-visiting partner. Advice by phone or at the partner's place
   * (legal advice, counselling…) is not held back by it.
   */
  homeVisitCategories: z._default(z.array(z.enum(serviceCategoryCodes)), [
    'mealAssistance',
    'homeCare',
    'hospitalEscort',
    'housekeeping',
    'repairs',
    'haircut',
    'laundry',
    'proxyPaperwork',
    'medicalService',
    'physiotherapy',
  ]),
  /**
   * How long a need may wait for a free partner (every capable partner full) before operators take
   * it over, by urgency.
   */
  waitingLimitMinutes: z.prefault(z.object({ normal: positiveDefault(24 * 60), urgent: positiveDefault(30) }), {}),
  /**
   * The watchdog: how long a need may sit without a step in a status that waits on people
   * (submitted, waiting, escalated, referred, accepted) before it is flagged and operators alerted.
   */
  watchdogMinutes: z.prefault(z.object({ normal: positiveDefault(24 * 60), urgent: positiveDefault(60) }), {}),
  /** Runner-up candidates kept in an explanation. */
  runnerUps: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(20)), 3),
});

export type MatchingSettings = z.output<typeof matchingSettingsSchema>;
export type MatchingSettingsInput = z.input<typeof matchingSettingsSchema>;
export type TermWeights = MatchingSettings['weights'];

export const defaultMatchingSettings: MatchingSettings = matchingSettingsSchema.parse({});
