/**
 * Where a partner's login is created when an operator gives it one (POST /partners/{id}/login):
 * the district's Cognito user pool in the cloud, the local runtime's directory on one machine
 * (installed with useLoginDirectory before any handler runs). A district that signs in with another
 * OpenID Connect issuer has no directory here: the operator names the issuer's subject instead.
 */
import { cognitoLoginDirectory } from './cognito-login-directory.ts';

export interface PartnerLogin {
  /** The `iss` of the tokens this login will carry. */
  issuer: string;
  /** The identity's subject at that issuer (Cognito: the user's `sub`, a UUID). */
  subject: string;
}

export interface LoginDirectory {
  readonly name: string;
  /** Creates the partner's sign-in by mobile number, or finds the one that exists; in the `partners` group. */
  partnerLogin(phone: string): Promise<PartnerLogin>;
}

let installed: LoginDirectory | undefined;

export function useLoginDirectory(directory: LoginDirectory | undefined): void {
  installed = directory;
}

/** The directory of this process: the installed one, else the user pool the stack names (USER_POOL_ID). */
export function loginDirectory(): LoginDirectory | undefined {
  if (installed) return installed;
  const userPoolId = process.env.USER_POOL_ID;
  return userPoolId ? cognitoLoginDirectory(userPoolId) : undefined;
}
