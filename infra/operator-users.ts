/**
 * The district's operators' own Cognito user pool, in a nested stack, with MFA required (issue #10:
 * operators read every resident's data). Operators cannot share the partners' pool
 * (infra/district-users.ts): Cognito refuses MFA "required" in a pool that lets partners sign in
 * with a one-time SMS code alone. Here sign-in is by email and a strong password, then a TOTP code
 * (authenticator app); no SMS factor (SIM swaps), no remembered devices (every sign-in asks for the
 * code), Plus-tier threat protection blocking risky sign-ins. Nobody signs up: operators create
 * operators (`aws cognito-idp admin-create-user`, then `admin-add-user-to-group … operators`).
 *
 * The HTTP API sends operator routes through this pool's JWT authorizer and partner routes through
 * the partners' (one issuer per JWT authorizer), and the handlers accept the `operators` group only
 * from this pool's tokens (OPERATOR_ISSUER, lib/identity/operator-assurance.ts).
 */
import { Duration, NestedStack, type NestedStackProps, Stack } from 'aws-cdk-lib';
import { Mfa, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { userPoolHardening } from './user-pool-hardening.ts';

export interface OperatorUsersProps extends NestedStackProps {
  districtId: string;
}

export class OperatorUsers extends NestedStack {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: OperatorUsersProps) {
    super(scope, id, { description: `Operators' user pool of district ${props.districtId}: MFA required`, ...props });
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `community-partners-${props.districtId}-operators`,
      selfSignUpEnabled: false,
      signInAliases: { email: true, phone: false, username: false },
      autoVerify: { email: true },
      signInPolicy: { allowedFirstAuthFactors: { password: true } },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(1),
      },
      mfa: Mfa.REQUIRED,
      ...userPoolHardening,
    });
    this.userPool.addGroup('OperatorsGroup', { groupName: 'operators', description: 'District staff who run the service' });
    this.client = this.userPool.addClient('OperatorClient', {
      userPoolClientName: 'operators',
      generateSecret: false,
      // USER_AUTH: the console's choice-based sign-in from the browser (password, then the TOTP code; web/src/desk/cognito-sign-in.ts).
      authFlows: { userSrp: true, user: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }

  /** The `iss` of this pool's tokens, as the HTTP API's user pool authorizer names it. */
  get issuer(): string {
    return `https://cognito-idp.${Stack.of(this.userPool).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
