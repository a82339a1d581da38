/**
 * The stack is built from whatever the topology declares: routes with other access levels, handlers
 * shared between routes, schedules. None of these are declared yet, so this file passes extra ones.
 * Bundling is skipped here (context `aws:cdk:bundling-stacks: []`): the wiring is under test, not the
 * handlers' code, which district-stack.test.ts bundles for real.
 */
import { type CfnElement, CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDistrictConfig } from '../../lib/district/district-config.ts';
import { loadDistrictFile } from '../../lib/district/district-files.ts';
import { dataAccessOf } from '../../lib/topology/data-access.ts';
import { type RouteDeclaration, routeKey, routes, type ScheduleDeclaration } from '../../lib/topology/topology.ts';
import { cdkJsonContext, createDistrictApp } from '../../infra/district-app.ts';
import type { DistrictStack } from '../../infra/district-stack.ts';
import { resourcesOf } from '../support/cfn-template.ts';

const withoutBundling = { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] };
const demo = loadDistrictFile('demo');

const protectedRoutes: RouteDeclaration[] = [
  { method: 'GET', path: '/reports/needs', handler: 'health/get-health', access: 'operators', description: 'test: operators only' },
  { method: 'PATCH', path: '/offers/{id}', handler: 'needs/get-need', access: 'partners', description: 'test: partners only' },
  { method: 'GET', path: '/offers/{id}', handler: 'needs/get-need', access: 'partners', description: 'test: partners, read' },
];
const staffRoute: RouteDeclaration = { method: 'GET', path: '/staff/notes', handler: 'health/get-health', access: 'operatorsOrPartners', description: 'test: staff' };
const sweeper: ScheduleDeclaration = {
  name: 'offerExpiry',
  handler: 'health/get-health',
  everySeconds: 300,
  description: 'test: expires open offers',
};

function logicalIdOf(construct: IConstruct): string {
  const cfn = construct.node.defaultChild as CfnElement;
  return cfn.stack.getLogicalId(cfn);
}

describe('a district stack built from an extended topology', { timeout: 120_000 }, () => {
  let stack: DistrictStack;
  let template: Template;

  beforeAll(() => {
    const { stacks } = createDistrictApp({
      context: withoutBundling,
      districts: [demo],
      stackProps: { routes: [...routes, ...protectedRoutes], schedules: [sweeper] },
    });
    const [only] = stacks;
    if (!only) throw new Error('no stack');
    stack = only;
    template = Template.fromStack(stack);
  }, 120_000);

  it("puts the partners' pool's JWT authorizer on partner routes and the operators' pool's on operator routes", () => {
    const authorizers = Object.entries(resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer'));
    expect(authorizers).toHaveLength(2);
    const partnersAuthorizer = authorizers.find(([, authorizer]) => JSON.stringify(authorizer.Properties.JwtConfiguration).includes(logicalIdOf(usersOf(stack).userPool)));
    const operatorsAuthorizer = authorizers.find(([, authorizer]) => JSON.stringify(authorizer.Properties.JwtConfiguration).includes('OperatorUsers'));
    if (!partnersAuthorizer || !operatorsAuthorizer || partnersAuthorizer === operatorsAuthorizer) throw new Error('one authorizer per pool expected');
    expect(partnersAuthorizer[1].Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: logicalIdOf(usersOf(stack).client) }] },
    });
    expect(operatorsAuthorizer[1].Properties).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });

    const byKey = new Map(
      Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).map((route) => [route.Properties.RouteKey, route.Properties]),
    );
    for (const route of [...routes, ...protectedRoutes]) {
      const properties = byKey.get(routeKey(route));
      if (route.access === 'public') {
        expect(properties?.AuthorizationType ?? 'NONE', routeKey(route)).toBe('NONE');
      } else {
        const authorizerId = route.access === 'operators' ? operatorsAuthorizer[0] : partnersAuthorizer[0];
        expect(properties, routeKey(route)).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      }
    }
  });

  it('derives the 405 fallbacks of the new paths too', () => {
    const keys = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).map((route) => route.Properties.RouteKey);
    expect(keys).toEqual(expect.arrayContaining(['ANY /reports/needs', 'ANY /offers/{id}', 'ANY /{proxy+}']));
    expect(keys.filter((key) => key === 'ANY /offers/{id}')).toHaveLength(1);
  });

  it("gives a handler shared by a GET and a PATCH route one function, with its handler's declared access", () => {
    const shared = stack.routeFunctions.get('needs/get-need');
    expect(shared?.tableAccess).toEqual(dataAccessOf('needs/get-need'));
    expect(stack.routeFunctions.get('health/get-health')?.tableAccess).toEqual({ table: 'none' });
  });

  it('invokes each declared schedule at its rate, with retries and a failure queue', () => {
    const [task] = stack.scheduledTasks;
    if (!task) throw new Error('no scheduled task');
    expect(task.function.handlerModule).toBe(sweeper.handler);
    expect(task.function.tableAccess).toEqual(dataAccessOf(sweeper.handler));
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [logicalIdOf(task.function), 'Arn'] },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalIdOf(task.failures), 'Arn'] } },
      }),
    });
  });

  it('still passes cdk-nag AwsSolutions with no unacknowledged error or warning', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    const findings = report.violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => `${violation.severity} ${violation.ruleName} at ${resource.constructPath}`),
    );
    expect(findings).toEqual([]);
    const acknowledgedOn = stack.node
      .findAll()
      .filter((construct) => construct.node.metadata.some((entry) => entry.type === 'aws:cdk:acknowledged-rules'));
    expect(acknowledgedOn.filter((construct) => !CfnResource.isCfnResource(construct)).map((construct) => construct.node.path)).toEqual([]);
  });
});

describe('a route for operators or partners', { timeout: 120_000 }, () => {
  it("cannot be served where operators and partners sign in at two Cognito pools (one issuer per JWT authorizer)", () => {
    expect(() => createDistrictApp({ context: withoutBundling, districts: [demo], stackProps: { routes: [...routes, staffRoute] } })).toThrow(
      /operators or partners cannot be authorized here/,
    );
  });

  it('is served with the one authorizer of an OpenID Connect issuer', () => {
    const oidc = parseDistrictConfig({ ...demo, id: 'demo-oidc', identity: { provider: 'oidc', issuer: 'https://sso.example.cn/realms/x', audience: ['app'] } });
    const [only] = createDistrictApp({ context: withoutBundling, districts: [oidc], stackProps: { routes: [...routes, staffRoute] } }).stacks;
    if (!only) throw new Error('no stack');
    const template = Template.fromStack(only);
    const authorizers = Object.keys(resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer'));
    expect(authorizers).toHaveLength(1);
    const staff = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).find((route) => route.Properties.RouteKey === 'GET /staff/notes');
    expect(staff?.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizers[0] } });
  });
});

describe('district app options', { timeout: 120_000 }, () => {
  it('synthesizes only the district named by context `district`', () => {
    const { stacks } = createDistrictApp({ context: { ...withoutBundling, district: 'riverside' } });
    expect(stacks.map((stack) => stack.stackName)).toEqual(['CommunityPartners-riverside']);
  });

  it('refuses an unknown district', () => {
    expect(() => createDistrictApp({ context: { ...withoutBundling, district: 'atlantis' } })).toThrow(/No district "atlantis"/);
  });

  it('is env-agnostic unless a region is given', () => {
    const agnostic = createDistrictApp({ context: withoutBundling, districts: [demo] }).stacks[0];
    expect(agnostic?.environment).toBe('aws://unknown-account/unknown-region');
    const regional = createDistrictApp({ context: { ...withoutBundling, region: 'cn-north-1' }, districts: [demo] }).stacks[0];
    expect(regional?.region).toBe('cn-north-1');
  });

  it('refuses a schedule that is not a whole number of minutes', () => {
    expect(() =>
      createDistrictApp({ context: withoutBundling, districts: [demo], stackProps: { schedules: [{ ...sweeper, everySeconds: 90 }] } }),
    ).toThrow(/whole number of minutes/);
  });
});

function usersOf(stack: DistrictStack) {
  if (!stack.users) throw new Error(`${stack.stackName} has no Cognito user pool`);
  return stack.users;
}
