/**
 * Writes the demo partners into the table, leaving any that already exist alone, so a restart never
 * undoes changes made through the API. Imported by start-system only after it has set
 * DYNAMODB_ENDPOINT and TABLE_NAME: the repository's client reads them when its module loads.
 */
import { getPartner, putPartner } from '#lib/data/partners-repository.ts';
import { demoPartners } from './demo-partners.ts';

export async function seedDemoPartners(): Promise<{ inserted: number; existing: number }> {
  let inserted = 0;
  for (const partner of demoPartners) {
    if (await getPartner(partner.id)) continue;
    await putPartner(partner);
    inserted += 1;
  }
  return { inserted, existing: demoPartners.length - inserted };
}
