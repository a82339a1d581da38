import { InvalidInput, NotFound } from '#lib/common/domain-errors.ts';
import { loginDirectory, type PartnerLogin } from '#lib/accounts/login-directory.ts';
import { linkIdentity } from '#lib/data/identity-repository.ts';
import { getPartner } from '#lib/data/partners-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { newIdentityLink, type PartnerLoginRequest, partnerLoginRequestSchema } from '#lib/identity/identity-link.ts';
import { logger } from '#lib/observability/logger.ts';
import { callerSubject, partnerIdParam } from '#lib/partners/partner-requests.ts';

const district = currentDistrict();

/**
 * An operator gives a partner its login: with Cognito, the user is created in the pool by mobile
 * number and its `sub` linked to the partner; with another OpenID Connect issuer, the operator
 * names the subject the issuer gave the partner. Giving it again is harmless; giving another
 * number replaces the old login, which then acts for nobody.
 */
export async function givePartnerLogin(event: HttpEvent) {
  const partnerId = partnerIdParam(event);
  const request = parseInput(partnerLoginRequestSchema, event.jsonBody);
  if (!(await getPartner(partnerId))) throw new NotFound('partner');
  const login = await loginFor(request);
  const outcome = await linkIdentity(newIdentityLink({ ...login, partnerId, phone: request.phone, linkedBy: callerSubject(event) }, new Date()));
  logger.info('partner login linked', { partnerId, outcome });
  return jsonResponse(outcome === 'linked' ? 201 : 200, { partnerId, phone: request.phone, ...login });
}

async function loginFor(request: PartnerLoginRequest): Promise<PartnerLogin> {
  if (district.identity.provider === 'oidc') {
    if (!request.subject) {
      throw new InvalidInput([{ field: 'subject', code: 'required', detail: `the partner's subject at ${district.identity.issuer}` }]);
    }
    return { issuer: district.identity.issuer, subject: request.subject };
  }
  if (request.subject) {
    throw new InvalidInput([{ field: 'subject', code: 'not_allowed', detail: 'the user pool gives the subject; send the phone only' }]);
  }
  const directory = loginDirectory();
  if (!directory) throw new Error('USER_POOL_ID is not set: the stack gives this function its user pool');
  return directory.partnerLogin(request.phone);
}

export const handler = httpHandler(givePartnerLogin, { jsonBody: true });
