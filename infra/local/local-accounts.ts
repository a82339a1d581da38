/**
 * The local runtime's accounts, on the same records as the cloud: demo partners get their logins
 * (by their contact phone) linked as an operator would link them, and `npm run token` / tests get
 * a partner token whose subject is linked to the partner, never a token whose subject is the id.
 * Imported by start-system only after TABLE_NAME and DYNAMODB_ENDPOINT are set (the repository
 * reads them when it loads).
 */
import { randomUUID } from 'node:crypto';
import { getPartnerLogin, linkIdentity } from '#lib/data/identity-repository.ts';
import { newIdentityLink } from '#lib/identity/identity-link.ts';
import { demoPartners } from './demo-partners.ts';
import type { LocalLogins } from './local-logins.ts';
import { localIssuer } from './tokens.ts';

/** Links each demo partner's contact phone as its login, unless the partner already has one. */
export async function seedDemoLogins(logins: LocalLogins): Promise<number> {
  let linked = 0;
  for (const partner of demoPartners) {
    if (!partner.contact?.phone || (await getPartnerLogin(partner.id))) continue;
    const login = await logins.partnerLogin(partner.contact.phone);
    await linkIdentity(newIdentityLink({ ...login, partnerId: partner.id, phone: partner.contact.phone, linkedBy: 'demo seed' }, new Date()));
    linked += 1;
  }
  return linked;
}

/**
 * The subject a local partner token carries: the partner's login if it has one, else a new
 * identity linked to it (as `npm run token` would be given one by an operator).
 */
export async function partnerSubject(partnerId: string): Promise<string> {
  const existing = await getPartnerLogin(partnerId);
  if (existing && existing.issuer === localIssuer) return existing.subject;
  const subject = randomUUID();
  await linkIdentity(newIdentityLink({ issuer: localIssuer, subject, partnerId, linkedBy: 'local token' }, new Date()));
  return subject;
}
