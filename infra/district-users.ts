/**
 * The district's staff accounts: operators and partners sign in through a Cognito user pool; the
 * HTTP API checks their JWT on every route whose access is not `public`. Residents never sign in.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccountRecovery, FeaturePlan, Mfa, StandardThreatProtectionMode, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { RouteAccess } from '../lib/topology/topology.ts';
import { acknowledgeFinding } from './nag.ts';

/** Cognito groups; their names appear in the `cognito:groups` claim the handlers check. */
export const userGroups = ['operators', 'partners'] as const satisfies readonly Exclude<RouteAccess, 'public' | 'operatorsOrPartners'>[];

export interface DistrictUsersProps {
  districtId: string;
}

export class DistrictUsers extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: DistrictUsersProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `community-partners-${props.districtId}`,
      // Operators create the accounts of partners and of each other.
      selfSignUpEnabled: false,
      signInAliases: { email: true, username: false },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Threat protection (compromised credentials, adaptive authentication) is a Plus feature.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    acknowledgeFinding(
      this.userPool,
      'AwsSolutions-COG2',
      'MFA is optional by product decision (partners are neighbourhood volunteers and shop owners signing in from phones); TOTP is offered, and Plus-tier threat protection enforces adaptive authentication for risky sign-ins.',
    );

    for (const group of userGroups) {
      this.userPool.addGroup(`${capitalize(group)}Group`, {
        groupName: group,
        description: group === 'operators' ? 'District staff who run the service' : 'Community partners who take offers',
      });
    }

    this.client = this.userPool.addClient('WebClient', {
      userPoolClientName: 'web',
      generateSecret: false,
      authFlows: { userSrp: true },
      // No hosted UI: the web form signs in with SRP, so the default OAuth grants are not wanted.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
  }
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
