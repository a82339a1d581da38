/**
 * The district's staff accounts in a Cognito user pool (districts whose identity provider is
 * `cognito`, the default): the HTTP API checks their JWT on every route whose access is not
 * `public`. Residents never sign in.
 *
 * Partners sign in with their mainland mobile number and a one-time code by SMS (choice-based
 * authentication, `USER_AUTH` with `SMS_OTP`), as Chinese apps do; they never have a password.
 * Operators are not in this pool: they have their own, with MFA required (infra/operator-users.ts),
 * which Cognito refuses beside passwordless sign-in. Nobody signs up: partners' logins are created
 * by POST /partners/{id}/login, which records which user (`sub`) is which partner. Cognito gives
 * every user a UUID username; nothing here relies on a username meaning anything.
 */
import { Duration } from 'aws-cdk-lib';
import { Mfa, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { RouteAccess } from '../lib/topology/topology.ts';
import { acknowledgeFinding } from './nag.ts';
import { userPoolHardening } from './user-pool-hardening.ts';

/**
 * Cognito groups of this pool; their names appear in the `cognito:groups` claim the handlers check.
 * `operators` is in the operators' pool alone.
 */
export const userGroups = ['partners'] as const satisfies readonly Exclude<RouteAccess, 'public' | 'operatorsOrPartners'>[];

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
      // Partners are known by phone; Cognito generates their usernames. (Email stays an alias from
      // when operators were in this pool: changing the aliases would replace the pool and its users.)
      signInAliases: { phone: true, email: true, username: false },
      autoVerify: { email: true, phone: true },
      // Partners' first factor is a code by SMS; a password cannot be turned off, and no partner has one.
      signInPolicy: { allowedFirstAuthFactors: { password: true, smsOtp: true } },
      // The SMS a partner signs in with (Cognito uses the MFA message for SMS one-time codes).
      mfaMessage: signInCodeMessage,
      userVerification: { smsMessage: '社区合伙人：您的手机验证码是 {####}。' },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      ...userPoolHardening,
    });
    acknowledgeFinding(
      this.userPool,
      'AwsSolutions-COG2',
      "MFA stays optional in the partners' pool: Cognito refuses passwordless sign-in (partners' SMS one-time codes, themselves a possession factor) when MFA is required. Operators, who read residents' data, are in their own pool with MFA required (infra/operator-users.ts); Plus-tier threat protection enforces adaptive authentication for risky sign-ins here.",
    );
    const smsRole = this.userPool.node.tryFindChild('smsRole');
    if (smsRole) {
      acknowledgeFinding(
        smsRole,
        'AwsSolutions-IAM5[Resource::*]',
        "Cognito's own role for sending sign-in codes by SMS: sns:Publish straight to phone numbers has no resource ARN to name; only cognito-idp may assume it, with the pool's external id.",
      );
    }

    for (const group of userGroups) {
      this.userPool.addGroup(`${capitalize(group)}Group`, {
        groupName: group,
        description: 'Community partners who take offers',
      });
    }

    this.client = this.userPool.addClient('WebClient', {
      userPoolClientName: 'web',
      generateSecret: false,
      // USER_AUTH: choice-based sign-in (partners' SMS codes); SRP kept for clients written before it.
      authFlows: { user: true, userSrp: true },
      // No hosted UI: the partner app calls InitiateAuth itself, so the default OAuth grants are not wanted.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
  }

  /**
   * Lets the function that gives partners their logins create users in this pool, find them and put
   * them in the `partners` group; it learns the pool from USER_POOL_ID.
   */
  allowPartnerLogins(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    this.userPool.grant(fn, 'cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminAddUserToGroup');
    fn.addEnvironment('USER_POOL_ID', this.userPool.userPoolId);
  }
}

/** At most 140 characters, with Cognito's `{####}` where the code goes. */
export const signInCodeMessage = '社区合伙人登录验证码：{####}，5分钟内有效。请勿告诉他人。';

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
