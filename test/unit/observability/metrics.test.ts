/**
 * The watchdog's metric as Powertools writes it (CloudWatch embedded metric format on stdout), read
 * back: the namespace, name and dimension set the district's watchdog alarm watches
 * (infra/district-operations.ts; test/infra/district-stack.test.ts checks the alarm's side).
 */
import { afterAll, describe, expect, it, vi } from 'vitest';

afterAll(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('the watchdog breaches metric', () => {
  it('is written in the namespace, name and dimensions (service, district) the alarm watches', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('POWERTOOLS_DEV', '');
    vi.stubEnv('DISTRICT_ID', 'demo');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'community-partners');
    vi.resetModules();
    const { MetricUnit } = await import('@aws-lambda-powertools/metrics');
    const { metrics, metricsNamespace, watchdogBreachesMetric } = await import('../../../lib/observability/metrics.ts');
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      metrics.addMetric(watchdogBreachesMetric, MetricUnit.Count, 3);
      metrics.publishStoredMetrics();
    } finally {
      write.mockRestore();
    }
    const emf = written.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => '_aws' in line);
    if (!emf) throw new Error(`no EMF line in ${JSON.stringify(written)}`);
    const { CloudWatchMetrics } = emf._aws as { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> };
    expect(CloudWatchMetrics).toEqual([
      { Namespace: metricsNamespace, Dimensions: [['service', 'district']], Metrics: [{ Name: 'WatchdogBreaches', Unit: 'Count' }] },
    ]);
    expect(emf).toMatchObject({ service: 'community-partners', district: 'demo', WatchdogBreaches: 3 });
    expect(metricsNamespace).toBe('CommunityPartners');
  });
});
