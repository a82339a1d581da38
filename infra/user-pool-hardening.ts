/** What both of a district's user pools (partners', operators') share, whatever else differs. */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AccountRecovery, FeaturePlan, StandardThreatProtectionMode, type UserPoolProps } from 'aws-cdk-lib/aws-cognito';

export const userPoolHardening = {
  // A second factor by app (TOTP), never by SMS; recovery by email only.
  mfaSecondFactor: { otp: true, sms: false },
  accountRecovery: AccountRecovery.EMAIL_ONLY,
  // Threat protection (compromised credentials, adaptive authentication) is a Plus feature.
  featurePlan: FeaturePlan.PLUS,
  standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
  // People's accounts outlive a stack: never deleted with it.
  removalPolicy: RemovalPolicy.RETAIN,
  deletionProtection: true,
} as const satisfies Partial<UserPoolProps>;
