/**
 * How staff sign in, in the template: the Cognito district's user pool signs partners in by phone
 * with an SMS one-time code (choice-based USER_AUTH), nobody signs up, the app client allows it,
 * the JWT authorizer trusts that pool and client, and only the login-giving function may create
 * users; a district with another OpenID Connect issuer has no user pool and an authorizer for that
 * issuer. cdk-nag runs on both. Bundling is skipped (the wiring is under test).
 */
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DistrictConfig, parseDistrictConfig } from '../../lib/district/district-config.ts';
import { loadDistrictFile } from '../../lib/district/district-files.ts';
import { identityClaims } from '../../lib/identity/identity-settings.ts';
import { routes } from '../../lib/topology/topology.ts';
import { cdkJsonContext, createDistrictApp } from '../../infra/district-app.ts';
import { type DistrictStack, partnerLoginHandler } from '../../infra/district-stack.ts';
import { signInCodeMessage } from '../../infra/district-users.ts';
import { nagFindings, resourcesOf } from '../support/cfn-template.ts';

const withoutBundling = { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] };

function build(district: DistrictConfig): { stack: DistrictStack; template: Template } {
  const { stacks } = createDistrictApp({ context: withoutBundling, districts: [district] });
  const [stack] = stacks;
  if (!stack) throw new Error('no stack');
  return { stack, template: Template.fromStack(stack) };
}

function logicalIdOf(construct: IConstruct): string {
  const cfn = construct.node.defaultChild as CfnElement;
  return cfn.stack.getLogicalId(cfn);
}

describe('a Cognito district (the default)', { timeout: 120_000 }, () => {
  let stack: DistrictStack;
  let template: Template;

  beforeAll(() => {
    ({ stack, template } = build(loadDistrictFile('demo')));
  });

  it('signs partners in by phone with an SMS code, operators by email and password; nobody signs up', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email', 'phone_number'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: Match.objectLike({ SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'SMS_OTP'] } }),
      UserPoolTier: 'PLUS',
      SmsAuthenticationMessage: signInCodeMessage,
      SmsConfiguration: Match.objectLike({ SnsCallerArn: Match.anyValue() }),
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
    expect(signInCodeMessage).toContain('{####}');
    expect([...signInCodeMessage].length).toBeLessThanOrEqual(140);
  });

  it("keeps operators in a pool of their own: MFA required (TOTP, no SMS), strong passwords, threat protection, nobody signs up", () => {
    const operators = stack.operatorUsers;
    if (!operators) throw new Error("a Cognito district has its operators' pool");
    const poolTemplate = Template.fromStack(operators);
    poolTemplate.resourceCountIs('AWS::Cognito::UserPool', 1);
    poolTemplate.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UsernameAttributes: ['email'],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: Match.objectLike({
          PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }),
          SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] },
        }),
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        DeletionProtection: 'ACTIVE',
      }),
    });
    // No remembered devices: a remembered device could skip the second factor.
    expect(JSON.stringify(poolTemplate.toJSON())).not.toContain('DeviceConfiguration');
    const groups = Object.values(resourcesOf(poolTemplate, 'AWS::Cognito::UserPoolGroup')).map((group) => group.Properties.GroupName);
    expect(groups).toEqual(['operators']);
    // USER_AUTH for the console's sign-in from the browser (password first, then the TOTP code); no secret, no password-only flow.
    poolTemplate.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
    });
    // The partners' pool no longer has an operators group, and keeps MFA optional for passwordless SMS sign-in.
    const partnerGroups = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolGroup')).map((group) => group.Properties.GroupName);
    expect(partnerGroups).toEqual(['partners']);
    template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'OPTIONAL' });
    expect(nagFindings(operators).findings).toEqual([]);
  });

  it("sends operator routes through the operators' pool's authorizer and tells every route function that issuer", () => {
    const operators = stack.operatorUsers;
    if (!operators || !stack.users) throw new Error('a Cognito district has both pools');
    const authorizers = Object.entries(resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer'));
    const operatorAuthorizer = authorizers.find(([, authorizer]) => JSON.stringify(authorizer.Properties.JwtConfiguration).includes(operators.node.id));
    if (!operatorAuthorizer) throw new Error("no authorizer for the operators' pool");
    expect(JSON.stringify(operatorAuthorizer[1].Properties.JwtConfiguration)).toContain('https://cognito-idp.');
    const routesByKey = new Map(Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).map((route) => [route.Properties.RouteKey, route.Properties]));
    for (const route of routes.filter((declared) => declared.access !== 'public')) {
      const authorizerId = (routesByKey.get(`${route.method} ${route.path}`)?.AuthorizerId as { Ref: string } | undefined)?.Ref;
      expect({ route: route.path, operatorPool: authorizerId === operatorAuthorizer[0] }).toEqual({ route: route.path, operatorPool: route.access === 'operators' });
    }
    for (const [handler, fn] of stack.routeFunctions) {
      const json = resourcesOf(Template.fromStack(fn.stack), 'AWS::Lambda::Function')[fn.stack.getLogicalId(fn.node.defaultChild as CfnElement)];
      const issuer = JSON.stringify((json?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables.OPERATOR_ISSUER);
      expect(issuer, handler).toContain('https://cognito-idp.');
      expect(issuer, handler).toContain(operators.node.id);
    }
  });

  it('has an app client for choice-based sign-in and no secret (the app is a browser)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  it('authorizes staff routes with that pool and client, and the handlers read `sub` and `cognito:groups`', () => {
    if (!stack.users) throw new Error('a Cognito district has its user pool');
    const [authorizer] = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer'));
    expect(authorizer?.Properties).toMatchObject({ AuthorizerType: 'JWT', JwtConfiguration: { Audience: [{ Ref: logicalIdOf(stack.users.client) }] } });
    expect(JSON.stringify(authorizer?.Properties.JwtConfiguration)).toContain(logicalIdOf(stack.users.userPool));
    expect(identityClaims({ provider: 'cognito' })).toEqual({ subject: 'sub', groups: 'cognito:groups' });
  });

  it('lets only the login-giving function create users, in this pool, and tells it which', () => {
    if (!stack.users) throw new Error('a Cognito district has its user pool');
    const loginFunction = stack.routeFunctions.get(partnerLoginHandler);
    if (!loginFunction) throw new Error('no function gives partner logins');
    // Route functions may sit in a nested stack: the pool's ARN and id then come in as its parameters.
    const functionStack = Stack.of(loginFunction);
    const functionTemplate = Template.fromStack(functionStack);
    const allTemplates = [template, ...stack.node.findAll().filter((child): child is Stack => child instanceof Stack && child !== stack).map((nested) => Template.fromStack(nested))];
    const grantsEverywhere = allTemplates.flatMap((each) =>
      Object.values(resourcesOf(each, 'AWS::IAM::Policy')).filter((policy) => JSON.stringify(policy.Properties.PolicyDocument).includes('cognito-idp:AdminCreateUser')),
    );
    expect(grantsEverywhere).toHaveLength(1);
    const [policy] = grantsEverywhere;
    if (!policy) throw new Error('no policy grants cognito-idp:AdminCreateUser');
    // On the function's execution role (infra/execution-roles.ts), which no other function shares (no other has this grant).
    const role = loginFunction.executionRole;
    const roleStack = Stack.of(role);
    expect(policy.Properties.Roles).toEqual([{ Ref: roleStack.getLogicalId(role.node.defaultChild as CfnElement) }]);
    expect(Object.values(resourcesOf(Template.fromStack(roleStack), 'AWS::IAM::Policy'))).toContainEqual(policy);
    expect(resourcesOf(Template.fromStack(roleStack), 'AWS::IAM::Role')[roleStack.getLogicalId(role.node.defaultChild as CfnElement)]?.Properties.Description).toBe(
      `Runs functions/${partnerLoginHandler}.ts`,
    );
    const statements = (policy.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown }> }).Statement;
    const cognito = statements.filter((statement) => JSON.stringify(statement.Action).includes('cognito-idp:'));
    expect(cognito).toHaveLength(1);
    expect([...([] as string[]).concat(cognito[0]?.Action ?? [])].sort()).toEqual(['cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser']);
    // The pool's ARN: its attribute in the same stack, or the parameter that carries it into a nested one.
    const poolArn = JSON.stringify(cognito[0]?.Resource);
    expect(poolArn).not.toBe('"*"');
    expect(poolArn).toContain(roleStack === stack ? logicalIdOf(stack.users.userPool) : 'UsersUserPool');
    expect(poolArn).toContain('Arn');
    const fn = resourcesOf(functionTemplate, 'AWS::Lambda::Function')[functionStack.getLogicalId(loginFunction.node.defaultChild as CfnElement)];
    const userPoolId = JSON.stringify((fn?.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.USER_POOL_ID);
    expect(userPoolId).toContain(functionStack === stack ? logicalIdOf(stack.users.userPool) : 'UsersUserPool');
  });

  it("has no sign-in-by-code route of its own: /_local/ paths are the local gateway's alone, the pool sends codes in the cloud", () => {
    const keys = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).map((route) => String(route.Properties.RouteKey));
    expect(keys.filter((key) => key.includes('/_local'))).toEqual([]);
    expect(routes.filter((route) => route.path.startsWith('/_local'))).toEqual([]);
    // What answers /_local/… in the cloud is the 404 fallback.
    expect(keys).toContain('ANY /{proxy+}');
  });

  it('passes cdk-nag', () => {
    expect(nagFindings(stack).findings).toEqual([]);
  });
});

describe('a district signing in with another OpenID Connect issuer (no Cognito, as in the China regions)', { timeout: 120_000 }, () => {
  const issuer = 'https://id.example.gov.cn/realms/riverside';
  let stack: DistrictStack;
  let template: Template;

  beforeAll(() => {
    const riverside = loadDistrictFile('riverside');
    ({ stack, template } = build(
      parseDistrictConfig({ ...riverside, id: 'riverside-oidc', identity: { provider: 'oidc', issuer, audience: ['partner-app'], subjectClaim: 'sub', groupsClaim: 'roles' } }),
    ));
  });

  it('has no user pool, and the authorizer trusts that issuer and audience', () => {
    expect(stack.users).toBeUndefined();
    expect(Object.keys(resourcesOf(template, 'AWS::Cognito::UserPool'))).toEqual([]);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: issuer, Audience: ['partner-app'] },
    });
    expect(identityClaims({ provider: 'oidc', issuer, audience: ['partner-app'], subjectClaim: 'sub', groupsClaim: 'roles' })).toEqual({ subject: 'sub', groups: 'roles' });
  });

  it('tells no function an operator issuer: operators show their second factor in the token (`amr`)', () => {
    expect(stack.operatorUsers).toBeUndefined();
    expect(stack.routeFunctions.size).toBeGreaterThan(10);
    for (const [handler, fn] of stack.routeFunctions) {
      const json = resourcesOf(Template.fromStack(fn.stack), 'AWS::Lambda::Function')[fn.stack.getLogicalId(fn.node.defaultChild as CfnElement)];
      if (!json) throw new Error(`no function for ${handler}`);
      expect((json.Properties.Environment as { Variables: Record<string, unknown> }).Variables.OPERATOR_ISSUER, handler).toBeUndefined();
    }
  });

  it('gives the login function no Cognito access', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('cognito-idp:');
  });

  it('passes cdk-nag', () => {
    expect(nagFindings(stack).findings).toEqual([]);
  });
});
