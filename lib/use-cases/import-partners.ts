/**
 * The operators' roster import (lib/partners/import-partners.ts) on the table; a row whose status
 * column takes a partner out of `active` takes back its work too, as the status route does.
 */
import { partnerImportStore } from '../data/partners-repository.ts';
import { leftActive } from '../partners/admission.ts';
import { type ImportContext, type ImportReport, importPartners } from '../partners/import-partners.ts';
import type { ParsedImport } from '../partners/partner-import.ts';
import { revokePartnerWork } from './revoke-partner-work.ts';

export async function importPartnerRoster(parsed: ParsedImport, context: ImportContext): Promise<ImportReport> {
  const store = partnerImportStore();
  const suspended: string[] = [];
  const report = await importPartners(
    parsed,
    {
      ...store,
      save: async (record, expectedVersion) => {
        const outcome = await store.save(record, expectedVersion);
        if (outcome === 'saved' && leftActive(record)) suspended.push(record.partner.id);
        return outcome;
      },
    },
    context,
  );
  for (const partnerId of suspended) await revokePartnerWork(partnerId);
  return report;
}
