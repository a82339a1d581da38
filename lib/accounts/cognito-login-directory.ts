/**
 * Partner logins in a Cognito user pool that signs in by phone number: the user is created with
 * the mobile number (verified, since the operator vouches for it, and no invitation message: the
 * partner signs in with a one-time SMS code, not a password), put in the `partners` group, and
 * known by its `sub`, which every token it gets will carry. Creating it twice finds the first.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  type AttributeType,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { LoginDirectory, PartnerLogin } from './login-directory.ts';

let client: CognitoIdentityProviderClient | undefined;

function cognito(): CognitoIdentityProviderClient {
  client ??= new CognitoIdentityProviderClient({});
  return client;
}

/** The issuer Cognito writes into the pool's tokens. */
export function cognitoIssuer(userPoolId: string, region = userPoolId.split('_')[0] ?? ''): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

export function cognitoLoginDirectory(userPoolId: string): LoginDirectory {
  return {
    name: 'cognito',
    async partnerLogin(phone: string): Promise<PartnerLogin> {
      const username = `+86${phone}`;
      let attributes: AttributeType[] | undefined;
      try {
        const created = await cognito().send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: username,
            UserAttributes: [
              { Name: 'phone_number', Value: username },
              { Name: 'phone_number_verified', Value: 'true' },
            ],
            MessageAction: 'SUPPRESS',
          }),
        );
        attributes = created.User?.Attributes;
      } catch (error) {
        if (!(error instanceof UsernameExistsException)) throw error;
        attributes = (await cognito().send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }))).UserAttributes;
      }
      const subject = attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
      if (!subject) throw new Error('Cognito answered a user without a sub');
      await cognito().send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: 'partners' }));
      return { issuer: cognitoIssuer(userPoolId), subject };
    },
  };
}
