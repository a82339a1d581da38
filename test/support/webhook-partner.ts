/** An active, always-available partner of one category in 荷花社区 whose only channel is a Standard Webhook: for notification tests and benchmarks. */
import type { ServiceCategoryCode } from '#lib/catalog/service-categories.ts';
import type { PartnerInput } from '#lib/partners/partner.ts';

export interface WebhookPartnerOptions {
  id: string;
  category: ServiceCategoryCode;
  url: string;
  secret: string;
  skillLevel?: number;
  capacity?: number;
}

export function webhookPartner(options: WebhookPartnerOptions): PartnerInput {
  return {
    id: options.id,
    kind: 'individual',
    name: { zh: `测试合伙人${options.id.slice(-4)}` },
    status: 'active',
    capabilities: [{ category: options.category, skillLevel: options.skillLevel ?? 3 }],
    serviceArea: { communities: ['hehua'] },
    capacity: options.capacity ?? 5,
    priceMode: 'free',
    homeVisits: true,
    schedule: { alwaysAvailable: true },
    contact: { name: '测试', phone: '13900000001' },
    notificationChannels: [{ type: 'webhook', url: options.url, secret: options.secret }],
  };
}
