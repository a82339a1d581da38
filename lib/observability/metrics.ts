/**
 * The process's business metrics (Powertools Metrics, CloudWatch embedded metric format: written
 * to the log, no API call). Namespace and names are shared with the alarms that watch them
 * (infra/district-operations.ts). The local runtime has no CloudWatch: it sets
 * POWERTOOLS_METRICS_DISABLED.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';

export const metricsNamespace = 'CommunityPartners';

/** Needs the watchdog escalated after waiting too long or flagged for sitting without a step, per run. */
export const watchdogBreachesMetric = 'WatchdogBreaches';

export const metrics = new Metrics({
  namespace: metricsNamespace,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'community-partners',
  ...(process.env.DISTRICT_ID ? { defaultDimensions: { district: process.env.DISTRICT_ID } } : {}),
});
