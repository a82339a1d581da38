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

/** The demo co-building units, likewise left alone when they exist. */
export async function seedDemoUnits(): Promise<number> {
  const { getUnit, putUnit } = await import('#lib/data/units-repository.ts');
  const { demoUnits } = await import('./demo-units.ts');
  let inserted = 0;
  for (const unit of demoUnits) {
    if (await getUnit(unit.id)) continue;
    await putUnit(unit);
    inserted += 1;
  }
  return inserted;
}
