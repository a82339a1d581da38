/**
 * The local system for integration tests: in memory, on free ports, with a throw-away signing key,
 * quiet unless something goes wrong. One per test file: handlers keep the DynamoDB client they
 * were first imported with (see infra/local/start-system.ts).
 *
 *   const system = await startLocalSystem();          // in beforeAll, with a 60 s timeout
 *   const token = await system.issueToken('operator', 'op-1');
 *   await fetch(`${system.baseUrl}/needs`, …); await system.poller.drain();
 *   await system.stop();                              // in afterAll
 */
import { quietLog } from '#infra/local/log.ts';
import { type LocalSystem, type LocalSystemOptions, startLocalSystem as startSystem } from '#infra/local/start-system.ts';
import { generateSigningKey } from '#infra/local/tokens.ts';
import { phoneConfirmationSchema } from '#lib/needs/phone-confirmation.ts';
import type { SubmissionLimits } from '#lib/needs/submission-limits.ts';
import { partnerDeliveries, type QueueConsumerDeclaration } from '#lib/topology/topology.ts';

export type { LocalSystem, LocalSystemOptions };

/**
 * Tests post many needs from one address and reuse phone numbers and needs, so the open form's limits are
 * lifted unless a test sets them (test/integration/needs/submission-limits.test.ts does). The SMS
 * code for new phone numbers is switched off here too (`confirmNewPhones: false`): those tests are
 * about what happens after a need is matched. The district files, `npm start` and the cloud keep it
 * on; test/integration/needs/phone-confirmation.test.ts and the form's browser test run with it on.
 */
export const liftedSubmissionLimits: SubmissionLimits = {
  perPhone: null,
  clientRequestsPerMinute: 100_000,
  confirmNewPhones: false,
  phoneConfirmation: phoneConfirmationSchema.parse({}),
};

/**
 * Partners' deliveries retried within a second instead of minutes, so a test waits for the retries
 * and the dead-letter store; receives, the request timeout and everything else stay as declared.
 */
export const quickDeliveries: QueueConsumerDeclaration = {
  ...partnerDeliveries,
  visibilityTimeoutSeconds: partnerDeliveries.timeoutSeconds + 5,
  retry: { ...partnerDeliveries.retry, retryDelaysSeconds: [0.1, 0.2, 0.4] },
};

export async function startLocalSystem(options: LocalSystemOptions = {}): Promise<LocalSystem> {
  return startSystem({
    inMemory: true,
    port: 0,
    log: quietLog,
    signingKey: await generateSigningKey(),
    configureDistrict: (district) => ({ ...district, submissions: liftedSubmissionLimits }),
    queueConsumers: [quickDeliveries],
    ...options,
  });
}
