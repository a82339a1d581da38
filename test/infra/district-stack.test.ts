/**
 * The synthesized district stacks with cdk.json's context and real esbuild bundling of every
 * handler: table, routes, functions, grants, stream consumers, outputs, cdk-nag. The web form's
 * hosting, which `npm run synth` adds, is checked on its own in web-hosting.test.ts.
 * One app is built for the whole file: bundling is the slow part.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, type CfnElement, NestedStack, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../lib/data/table-definition.ts';
import { metricsNamespace, watchdogBreachesMetric } from '../../lib/observability/metrics.ts';
import { dataAccessOf, tableActionsOf } from '../../lib/topology/data-access.ts';
import { loadDistrictFiles } from '../../lib/district/district-files.ts';
import {
  fallbackHandlers,
  methodsByPath,
  partnerDeliveries,
  queueConsumers,
  routeKey,
  routes,
  schedules,
  streamConsumers,
} from '../../lib/topology/topology.ts';
import { bundleBudgetBytes } from '../../infra/bundling/build-bundle.ts';
import { routeAccessOf } from '../../infra/bundling/bundle-options.ts';
import { cdkJsonContext, createDistrictApp } from '../../infra/district-app.ts';
import { createRouteMatcher, gatewayRoutes } from '../../infra/local/route-matcher.ts';
import { type DistrictStack, districtStackName } from '../../infra/district-stack.ts';
import type { HouseFunction } from '../../infra/house-function.ts';
import { byDistrict, type CfnResourceJson, nagAcknowledgements, nagFindings, resourcesOf } from '../support/cfn-template.ts';

interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

const districts = loadDistrictFiles();
const streamActions = new Set(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams']);

let app: App;
let assemblyDirectory: string;
const stacks = new Map<string, DistrictStack>();
const templates = new Map<string, Template>();

beforeAll(() => {
  const started = performance.now();
  const built = createDistrictApp({ context: cdkJsonContext() });
  app = built.app;
  for (const stack of built.stacks) stacks.set(stack.stackName, stack);
  const constructed = performance.now();
  assemblyDirectory = app.synth().directory;
  for (const stack of built.stacks) templates.set(stack.stackName, Template.fromStack(stack));
  console.info(
    `infra: constructed ${built.stacks.length} stacks with bundling in ${Math.round(constructed - started)} ms, synthesized in ${Math.round(performance.now() - constructed)} ms`,
  );
}, 600_000);

function stackOf(districtId: string): DistrictStack {
  return byDistrict(stacks, districtStackName(districtId), 'stack');
}

function templateOf(districtId: string): Template {
  return byDistrict(templates, districtStackName(districtId), 'template');
}

function logicalIdOf(construct: IConstruct): string {
  const cfn = construct.node.defaultChild as CfnElement;
  return cfn.stack.getLogicalId(cfn);
}

const ownerTemplates = new Map<Stack, Template>();

/** The template of the stack a construct is in: the district stack, or one of its nested stacks of route handlers. */
function ownerTemplateOf(construct: IConstruct): Template {
  const stack = Stack.of(construct);
  let template = ownerTemplates.get(stack);
  if (!template) {
    template = Template.fromStack(stack);
    ownerTemplates.set(stack, template);
  }
  return template;
}

/** The district stack's template and its nested stacks' templates (route handlers, operations). */
function allTemplatesOf(districtId: string): Template[] {
  const stack = stackOf(districtId);
  return [templateOf(districtId), ...[...stack.handlerStacks.values(), stack.operations].map(ownerTemplateOf)];
}

function functionResourceOf(_template: Template, fn: IConstruct): CfnResourceJson {
  const resource = resourcesOf(ownerTemplateOf(fn), 'AWS::Lambda::Function')[logicalIdOf(fn)];
  if (!resource) throw new Error(`no AWS::Lambda::Function for ${fn.node.path}`);
  return resource;
}

/** A statement of a policy on a function's role, with the stack the policy is in (references resolve there). */
interface GrantedStatement {
  statement: PolicyStatementJson;
  owner: Stack;
  /** The logical id of the policy in its stack. */
  policy: string;
}

/** A CloudFormation reference or function (`{ Ref }`, `{ 'Fn::GetAtt' }`, `{ 'Fn::Join' }`…) in a template's JSON. */
function isIntrinsic(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]?.startsWith('Fn::') === true);
}

/** Every stack of a district: its own and its nested stacks (route handlers, execution roles, operations…). */
function districtStacksOf(stack: DistrictStack): Stack[] {
  return [stack, ...stack.node.findAll().filter(NestedStack.isNestedStack)];
}

/**
 * The statements of every inline policy on the function's execution role: the role it shares with
 * the functions granted the same (infra/execution-roles.ts), its policies in any stack of the district.
 */
function statementsOf(fn: HouseFunction): GrantedStatement[] {
  const role = fn.executionRole;
  let district = Stack.of(fn);
  while (district.nestedStackParent) district = district.nestedStackParent;
  return districtStacksOf(district as DistrictStack).flatMap((owner) => {
    // The role's name as this stack sees it: its own Ref, or the parameter that brings it in.
    const roleRef = JSON.stringify([owner.resolve(role.roleName)]);
    return Object.entries(resourcesOf(ownerTemplateOf(owner), 'AWS::IAM::Policy'))
      .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === roleRef)
      .flatMap(([policy, resource]) =>
        (resource.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement.map((statement) => ({ statement, owner, policy })),
      );
  });
}

/** Every house function of the district: routes, fallbacks, consumers, schedules and the stream router. */
function everyFunctionOf(stack: DistrictStack): HouseFunction[] {
  return [
    ...stack.routeFunctions.values(),
    stack.methodNotAllowedFunction,
    stack.notFoundFunction,
    ...stack.streamConsumers.map((consumer) => consumer.function),
    ...stack.scheduledTasks.map((task) => task.function),
    ...stack.queueConsumers.map((consumer) => consumer.function),
    stack.streams.router,
  ];
}

/**
 * Where a route's integration points: the function's logical id in this stack, or, for a function
 * in a nested stack, the name of that stack's output carrying the function's ARN (which embeds it).
 */
function integratedFunctionOf(template: Template, route: CfnResourceJson): string {
  const target = route.Properties.Target as { 'Fn::Join': [string, unknown[]] };
  const integrationRef = target['Fn::Join'][1][1] as { Ref: string };
  const integration = resourcesOf(template, 'AWS::ApiGatewayV2::Integration')[integrationRef.Ref];
  if (!integration) throw new Error(`no integration ${integrationRef.Ref}`);
  const [resource, attribute] = (integration.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
  return attribute.startsWith('Outputs.') ? attribute : resource;
}

describe('CDK app', () => {
  it('synthesizes one stack per configured district', () => {
    expect([...stacks.keys()].sort()).toEqual(districts.map((district) => `CommunityPartners-${district.id}`).sort());
  });
});

describe.each(districts.map((district) => district.id))('district stack %s', { timeout: 120_000 }, (districtId) => {
  it("keeps every stack well inside CloudFormation's 500 resources, route handlers in nested stacks by area", () => {
    const counts = allTemplatesOf(districtId).map((template) => Object.keys(template.toJSON().Resources ?? {}).length);
    // Real headroom below the hard 500, the alarms and dashboard in a nested stack of their own: past 400,
    // move the stream fan-out into one too.
    for (const count of counts) expect(count).toBeLessThanOrEqual(400);
    expect([...stackOf(districtId).handlerStacks.keys()]).toEqual(expect.arrayContaining(['needs', 'partners', 'offers', 'orders']));
  });

  it('has the table of lib/data/table-definition.ts: on demand, PITR, stream, TTL, indexes', () => {
    const template = templateOf(districtId);
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
        StreamSpecification: { StreamViewType: tableDefinition.streamView },
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
        GlobalSecondaryIndexes: tableDefinition.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('has exactly the declared routes plus the derived 405 and 404 fallbacks', () => {
    const template = templateOf(districtId);
    const actual = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).map((route) => route.Properties.RouteKey);
    for (const route of routes) expect(actual).toContain(routeKey(route));
    const expected = [...routes.map(routeKey), ...[...methodsByPath(routes).keys()].map((path) => `ANY ${path}`), 'ANY /{proxy+}'];
    expect([...actual].sort()).toEqual([...expected].sort());
  });

  it('has the same routes as the local gateway, and the local gateway serves each of them', () => {
    const template = templateOf(districtId);
    const cloud = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).map((route) => String(route.Properties.RouteKey));
    const local = gatewayRoutes(routes, fallbackHandlers);
    expect(local.map(routeKey).sort()).toEqual([...cloud].sort());

    const serve = createRouteMatcher(local);
    const allowed = methodsByPath(routes);
    for (const route of local) {
      const path = route.path.replace('{proxy+}', 'no/such/thing').replace(/\{\w+\}/g, 'some-id');
      // An ANY route is reached by a method the path does not declare.
      const method =
        route.method !== 'ANY'
          ? route.method
          : (['DELETE', 'PUT', 'PATCH', 'GET', 'POST'].find((candidate) => !allowed.get(route.path)?.includes(candidate as never)) ??
            'DELETE');
      expect(serve(method, path)?.routeKey).toBe(routeKey(route));
    }
  });

  it("integrates each route with its handler's function and each fallback with its fallback function", () => {
    const template = templateOf(districtId);
    const stack = stackOf(districtId);
    const byKey = new Map(
      Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).map((route) => [route.Properties.RouteKey as string, route]),
    );
    const integrated = (key: string) => {
      const route = byKey.get(key);
      if (!route) throw new Error(`no route ${key}`);
      return integratedFunctionOf(template, route);
    };
    for (const route of routes) {
      const fn = stack.routeFunctions.get(route.handler);
      expect(fn?.handlerModule).toBe(route.handler);
      // The function's ARN as the district stack sees it: its own GetAtt, or the nested stack's output.
      const [resource, attribute] = (stack.resolve(fn?.functionArn) as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
      expect(integrated(routeKey(route))).toBe(attribute.startsWith('Outputs.') ? attribute : resource);
    }
    expect(stack.methodNotAllowedFunction.handlerModule).toBe(fallbackHandlers.methodNotAllowed);
    for (const path of methodsByPath(routes).keys()) {
      expect(integrated(`ANY ${path}`)).toBe(logicalIdOf(stack.methodNotAllowedFunction));
    }
    expect(stack.notFoundFunction.handlerModule).toBe(fallbackHandlers.notFound);
    expect(integrated('ANY /{proxy+}')).toBe(logicalIdOf(stack.notFoundFunction));
  });

  it('lets API Gateway invoke each integrated function with one permission for the whole API, not one per route', () => {
    const template = templateOf(districtId);
    const permissions = Object.values(resourcesOf(template, 'AWS::Lambda::Permission')).filter(
      (permission) => permission.Properties.Principal === 'apigateway.amazonaws.com',
    );
    const integrations = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Integration'));
    const invoked = (permission: CfnResourceJson) => JSON.stringify(permission.Properties.FunctionName);
    expect(new Set(permissions.map(invoked)).size).toBe(permissions.length);
    expect(permissions).toHaveLength(integrations.length);
    for (const permission of permissions) {
      // This API's id, any stage, method and path: `…:execute-api:<region>:<account>:<api id>/*/*/*`.
      expect(JSON.stringify(permission.Properties.SourceArn)).toContain('/*/*/*');
      expect(JSON.stringify(permission.Properties.SourceArn)).toContain(JSON.stringify({ Ref: logicalIdOf(stackOf(districtId).api.httpApi) }).slice(1, -1));
    }
  });

  it('leaves public routes open and puts the JWT authorizer on the others', () => {
    const template = templateOf(districtId);
    const routeResources = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route'));
    for (const route of routes) {
      const resource = routeResources.find((candidate) => candidate.Properties.RouteKey === routeKey(route));
      if (route.access === 'public') expect(resource?.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
      else expect(resource?.Properties.AuthorizationType).toBe('JWT');
    }
  });

  it('logs access, throttles, and allows the web form through CORS', () => {
    const template = templateOf(districtId);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
      DefaultRouteSettings: { ThrottlingBurstLimit: Match.anyValue(), ThrottlingRateLimit: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowMethods: Match.arrayWith(['GET', 'POST', 'PUT', 'PATCH']),
        AllowHeaders: Match.arrayWith(['content-type', 'authorization', 'idempotency-key', 'x-tracking-token']),
      }),
    });
  });

  it('runs every function on Node.js 22, arm64, ESM bundles, traced, with its own log group', () => {
    const templates = allTemplatesOf(districtId);
    const functions = templates.flatMap((template) =>
      Object.values(resourcesOf(template, 'AWS::Lambda::Function')).map((fn) => ({ fn, logGroups: resourcesOf(template, 'AWS::Logs::LogGroup') })),
    );
    // Route handlers, the two fallbacks, the consumers, the schedules, the stream router, the alarm forwarder and the queue readers.
    expect(functions.length).toBe(
      new Set(routes.map((route) => route.handler)).size + 2 + streamConsumers.length + schedules.length + 2 + queueConsumers.length,
    );
    for (const { fn, logGroups } of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        TracingConfig: { Mode: 'Active' },
        Environment: {
          Variables: expect.objectContaining({
            NODE_OPTIONS: '--enable-source-maps',
            POWERTOOLS_SERVICE_NAME: 'community-partners',
            POWERTOOLS_LOG_LEVEL: 'INFO',
            DISTRICT_ID: districtId,
          }),
        },
      });
      const logGroupRef = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(logGroups[logGroupRef]?.Properties.RetentionInDays).toBe(30);
    }
    // No AWS-managed policy: each role may write only to its own log group.
    for (const role of templates.flatMap((template) => Object.values(resourcesOf(template, 'AWS::IAM::Role')))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('bundles each handler as ESM with the createRequire banner and its district config compiled in', () => {
    const stack = stackOf(districtId);
    const district = districts.find((candidate) => candidate.id === districtId);
    const catalog = stack.routeFunctions.get('catalog/get-catalog');
    if (!catalog) throw new Error('no catalog function');
    const bundles = [...stack.routeFunctions.values(), stack.methodNotAllowedFunction, stack.notFoundFunction].map((fn) => {
      // The code's S3 key is `<asset hash>.zip`; the assembly stages the bundle in `asset.<hash>/`.
      const s3Key = (functionResourceOf(templateOf(districtId), fn).Properties.Code as { S3Key: string }).S3Key;
      const assetDirectory = `asset.${s3Key.replace(/\.zip$/, '')}`;
      return { fn, code: readFileSync(join(assemblyDirectory, assetDirectory, 'index.mjs'), 'utf8') };
    });
    for (const { code } of bundles) {
      expect(code.startsWith("import { createRequire as __houseCreateRequire } from 'node:module';")).toBe(true);
      expect(code).not.toContain('process.env.DISTRICT_CONFIG');
    }
    const catalogCode = bundles.find((bundle) => bundle.fn === catalog)?.code ?? '';
    expect(catalogCode).toContain(`{"id":"${district?.id}"`);
    for (const other of districts.filter((candidate) => candidate.id !== districtId)) {
      expect(catalogCode).not.toContain(`{"id":"${other.id}"`);
    }
  });

  // Issue #12, item 6: the budget is 300 KB a bundle, held for every one. With zod/mini (about 35 KB of
  // a bundle; classic zod was about 90), without the SDK's event-stream support (about 20 KB), in
  // consumers and schedules without zod's English messages (2.6 KB), with dispatch left to the
  // stream, the district config not parsed again at run time, and the Open311 XML, the webhook
  // signatures, the tracking-link secret and the CSV import on lighter means, and texts (partners'
  // SMS and email too) left to the text outbox's one sender, every bundle fits: the partners'
  // deliveries carry the SQS client beside the DynamoDB client's 180 KB or so, no longer SNS.
  const snsSenders = new Set(['notifications/send-text-message', 'operators/forward-alarms']);
  it('keeps every bundle within 300 KB, with zod/mini only and without zod\'s locales; route bundles carry their access, not the topology', () => {
    const stack = stackOf(districtId);
    for (const fn of [...everyFunctionOf(stack), stack.operations.alarmForwarder]) {
      const s3Key = (functionResourceOf(templateOf(districtId), fn).Properties.Code as { S3Key: string }).S3Key;
      const code = readFileSync(join(assemblyDirectory, `asset.${s3Key.replace(/\.zip$/, '')}`, 'index.mjs'), 'utf8');
      expect(Buffer.byteLength(code), fn.handlerModule).toBeLessThanOrEqual(bundleBudgetBytes);
      // German from zod's locales: `import { z } from 'zod'` (instead of `* as z`) brings all 64 back.
      expect(code, fn.handlerModule).not.toContain('erwartet');
      // Classic zod names its schema classes Zod<Type> (zod/mini: ZodMini<Type>); from any import, it adds about 55 KB.
      expect(code, fn.handlerModule).not.toMatch(/["'`]ZodObject["'`]/);
      // The SDK's event-stream support stays outside (test/infra/bundle-externals.test.ts): a header only it writes.
      expect(code, fn.handlerModule).not.toContain(':event-type');
      const access = routeAccessOf(fn.handlerModule);
      // zod's English messages are for people: a route that validates input has them, a consumer or schedule does not.
      if (Object.keys(access).length === 0) expect(code, fn.handlerModule).not.toContain('Too big: expected');
      if (fn.handlerModule === 'needs/submit-need') expect(code, fn.handlerModule).toContain('Too big: expected');
      for (const [key, allowed] of Object.entries(access)) expect(code, fn.handlerModule).toContain(`"${key}":"${allowed}"`);
      // The SMS client (SNS, about 37 KB with its query protocol) only where texts leave: the text outbox's sender (#12)
      // and the alarm forwarder; everyone else (the partners' notifier and deliveries too) queues a text item.
      expect(code.includes('SNSServiceException'), fn.handlerModule).toBe(snsSenders.has(fn.handlerModule));
      // A description only the topology holds; the OpenAPI document describes every route.
      if (Object.keys(access).length > 0 && fn.handlerModule !== 'api/get-openapi') {
        expect(code, fn.handlerModule).not.toContain('Liveness probe.');
      }
    }
  });

  it('lets only the text sender and the alarm forwarder publish SMS: the request path and the watchdog queue texts (#12)', () => {
    const stack = stackOf(districtId);
    const publishing = [...everyFunctionOf(stack), stack.operations.alarmForwarder]
      .filter((fn) => (functionResourceOf(templateOf(districtId), fn).Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.SNS_ENABLED === 'true')
      .map((fn) => fn.handlerModule)
      .sort();
    expect(publishing).toEqual(stack.district.sms.provider === 'sns' ? [...snsSenders].sort() : []);
  });

  it('grants every function exactly its declared data access, through the role it shares: the table and named indexes, no Scan, DeleteItem only where declared', () => {
    const template = templateOf(districtId);
    const stack = stackOf(districtId);
    const functions = [...everyFunctionOf(stack), stack.operations.alarmForwarder];
    expect(functions.length).toBeGreaterThan(30);
    for (const fn of functions) {
      const declared = dataAccessOf(fn.handlerModule);
      // The stream router's event source mapping adds its own stream-reading statement.
      const statements = statementsOf(fn).filter(({ statement }) =>
        ([] as string[]).concat(statement.Action).some((action) => action.startsWith('dynamodb:') && !streamActions.has(action)),
      );
      // Where the role's policy is not in the district stack, the table's ARN arrives as a parameter.
      const tableArnIn = (owner: Stack) => owner.resolve(stack.table.tableArn);
      const onTable = statements.filter(({ statement, owner }) => JSON.stringify(statement.Resource) === JSON.stringify(tableArnIn(owner)));
      const onIndexes = statements.filter((granted) => !onTable.includes(granted));
      const tableActions = onTable.flatMap(({ statement }) => ([] as string[]).concat(statement.Action)).sort();
      expect(tableActions, fn.handlerModule).toEqual(tableActionsOf(declared));
      expect(tableActions).not.toContain('dynamodb:Scan');
      if (!declared.deletes) expect(tableActions, fn.handlerModule).not.toContain('dynamodb:DeleteItem');
      const indexArns = onIndexes.flatMap(({ statement, owner }) => {
        expect(statement.Action, fn.handlerModule).toBe('dynamodb:Query');
        return ([] as unknown[]).concat(statement.Resource).map((resource) => ({ resource: JSON.stringify(resource), owner }));
      });
      expect(indexArns.map(({ resource }) => resource).sort(), fn.handlerModule).toEqual(
        indexArns
          .slice(0, 1)
          .flatMap(({ owner }) => (declared.indexes ?? []).map((index) => JSON.stringify({ 'Fn::Join': ['', [tableArnIn(owner), `/index/${index}`]] })))
          .sort(),
      );
      expect(indexArns.length, fn.handlerModule).toBe(declared.indexes?.length ?? 0);
      const { Variables: variables } = functionResourceOf(template, fn).Properties.Environment as { Variables: Record<string, unknown> };
      expect(variables.TABLE_NAME === undefined, fn.handlerModule).toBe(declared.table === 'none');
    }
    // Public routes never write more than their declarations, and the data-free ones touch nothing.
    expect(dataAccessOf('health/get-health').table).toBe('none');
    // The catalog reads the district settings item for the enabled categories (#11), nothing else.
    expect(dataAccessOf('catalog/get-catalog')).toEqual({ table: 'read' });
    expect(dataAccessOf('api/get-openapi').table).toBe('none');
  });

  it('shares one execution role among the functions granted the same: at most 45 roles in the district, no two carrying the same grants', () => {
    const stack = stackOf(districtId);
    const roleCount = districtStacksOf(stack).reduce((sum, owner) => sum + Object.keys(resourcesOf(ownerTemplateOf(owner), 'AWS::IAM::Role')).length, 0);
    // 100 districts in one account: 5,000 roles at most (IAM's ceiling), less those of the shared and edge stacks and CDK's bootstrap.
    expect(roleCount).toBeLessThanOrEqual(45);
    const usersByRole = new Map<IConstruct, HouseFunction[]>();
    for (const fn of [...everyFunctionOf(stack), stack.operations.alarmForwarder]) {
      usersByRole.set(fn.executionRole, [...(usersByRole.get(fn.executionRole) ?? []), fn]);
    }
    expect(new Set(usersByRole.keys())).toEqual(new Set(stack.executionRoles.roles));
    const logActions = new Set(['logs:CreateLogStream', 'logs:PutLogEvents']);
    const actionsOf = (statement: PolicyStatementJson) => ([] as string[]).concat(statement.Action);
    const roleWithGrants = new Map<string, string>();
    for (const [role, users] of usersByRole) {
      const [first] = users;
      if (!first) throw new Error(`${role.node.path} has no function`);
      const statements = statementsOf(first);
      // The log writes on a shared role: each of its functions' own log group, no other.
      const logs = statements.filter(({ statement }) => actionsOf(statement).every((action) => logActions.has(action)));
      const logGroups = logs.flatMap(({ statement, owner }) => ([] as unknown[]).concat(statement.Resource).map((resource) => JSON.stringify([owner.node.path, resource])));
      expect(logGroups, role.node.path).toHaveLength(users.length);
      for (const fn of users) {
        const own = logs.some(({ statement, owner }) => JSON.stringify(statement.Resource).includes(JSON.stringify(owner.resolve(fn.logGroup.logGroupArn))));
        expect(own, `${fn.handlerModule} writes to its log group`).toBe(true);
      }
      // Everything else, one action on one resource at a time, by the stack the policy is in.
      const grants = statements
        .filter((granted) => !logs.includes(granted))
        .flatMap(({ statement, owner }) =>
          actionsOf(statement).flatMap((action) =>
            ([] as unknown[]).concat(statement.Resource).map((resource) => JSON.stringify([owner.node.path, statement.Effect, action, resource, statement.Condition ?? null])),
          ),
        );
      const key = [...new Set(grants)].sort().join('\n');
      // IAM holds a role's inline policies to 10,240 characters in all (whitespace aside): counted with
      // every reference as a 256-character ARN (a generated log group's name is about 200).
      const policies = new Map(statements.map(({ owner, policy }) => [`${owner.node.path}/${policy}`, statements.filter((granted) => granted.owner === owner && granted.policy === policy)]));
      const size = [...policies.values()].reduce(
        (sum, carried) => sum + JSON.stringify({ Version: '2012-10-17', Statement: carried.map(({ statement }) => statement) }, (_key, value: unknown) => (isIntrinsic(value) ? 'x'.repeat(256) : value)).length,
        0,
      );
      expect(size, role.node.path).toBeLessThanOrEqual(10_240);
      expect(roleWithGrants.get(key), `${role.node.path} carries the grants of another role`).toBeUndefined();
      roleWithGrants.set(key, role.node.path);
    }
  });

  it('creates each function (and so its event source mappings) only once the policies carrying its grants are attached', () => {
    const stack = stackOf(districtId);
    const logActions = new Set(['logs:CreateLogStream', 'logs:PutLogEvents']);
    const dependsOn = (owner: Stack, logicalId: string) =>
      ([] as string[]).concat((ownerTemplateOf(owner).toJSON().Resources[logicalId] as { DependsOn?: string | string[] }).DependsOn ?? []);
    const nestedStackId = (nested: Stack) => {
      const resource = (nested as NestedStack).nestedStackResource;
      if (!resource) throw new Error(`${nested.node.path} is not a nested stack`);
      return stack.getLogicalId(resource);
    };
    let mappings = 0;
    for (const fn of [...everyFunctionOf(stack), stack.operations.alarmForwarder]) {
      const home = Stack.of(fn);
      // What it needs: every policy of its role but those holding only the other functions' log groups.
      const needed = statementsOf(fn).filter(
        ({ statement, owner }) =>
          !([] as string[]).concat(statement.Action).every((action) => logActions.has(action)) ||
          JSON.stringify(statement.Resource).includes(JSON.stringify(owner.resolve(fn.logGroup.logGroupArn))),
      );
      expect(needed.length, fn.handlerModule).toBeGreaterThan(0);
      for (const { owner, policy } of needed) {
        if (owner === home) expect(dependsOn(home, logicalIdOf(fn)), `${fn.handlerModule} on ${policy}`).toContain(policy);
        else if (home === stack) expect(dependsOn(home, logicalIdOf(fn)), `${fn.handlerModule} on ${owner.node.path}`).toContain(nestedStackId(owner));
        else expect(dependsOn(stack, nestedStackId(home)), `${home.node.path} on ${owner.node.path}`).toContain(nestedStackId(owner));
      }
      mappings += fn.node.children.filter((child) => child.node.id.includes('EventSource')).length;
    }
    // The stream router's and every queue reader's mapping, each referring to its function (Ref), so created after it.
    expect(mappings).toBe(1 + stack.streamConsumers.length + stack.queueConsumers.length);
  });

  it("gives the tracking-link secret to exactly the functions that seal or open residents' links: generated, never in the template", () => {
    const template = templateOf(districtId);
    const stack = stackOf(districtId);
    const secrets = Object.entries(resourcesOf(template, 'AWS::SecretsManager::Secret'));
    expect(secrets).toHaveLength(1);
    const [secretId, secret] = secrets[0] as [string, CfnResourceJson];
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secret.Properties.SecretString).toBeUndefined();
    const readers = everyFunctionOf(stack).filter((fn) => {
      const secretArn = Stack.of(fn).resolve(stack.trackingLinkSecret.secret.secretArn);
      const { Variables: variables } = functionResourceOf(template, fn).Properties.Environment as { Variables: Record<string, unknown> };
      const secretActions = statementsOf(fn).filter(({ statement }) => ([] as string[]).concat(statement.Action).some((action) => action.startsWith('secretsmanager:')));
      const declared = dataAccessOf(fn.handlerModule).trackingLinkSecret === true;
      const { Layers: layers } = functionResourceOf(template, fn).Properties as { Layers?: unknown[] };
      expect(variables.TRACKING_LINK_SECRET, fn.handlerModule).toBeUndefined();
      expect(variables.TRACKING_LINK_SECRET_ARN === undefined, fn.handlerModule).toBe(!declared);
      if (!declared) {
        expect(secretActions, fn.handlerModule).toEqual([]);
        // Nor the Parameters and Secrets extension it would read it through.
        expect(layers, fn.handlerModule).toBeUndefined();
        expect(variables.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, fn.handlerModule).toBeUndefined();
        return false;
      }
      expect(variables.TRACKING_LINK_SECRET_ARN, fn.handlerModule).toEqual(secretArn);
      // Read through the Parameters and Secrets extension (lib/secrets/secrets-extension.ts): its arm64 layer, mapped by region in an env-agnostic stack.
      expect(layers, fn.handlerModule).toHaveLength(1);
      expect(JSON.stringify(layers), fn.handlerModule).toMatch(/Fn::FindInMap/);
      expect(JSON.stringify(Template.fromStack(Stack.of(fn)).toJSON().Mappings), fn.handlerModule).toContain(':layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:');
      expect(variables.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, fn.handlerModule).toBe('2773');
      // The secret's ARN as the stack of the role's policy sees it.
      expect(
        secretActions.map(({ statement, owner }) => ({
          ...statement,
          Action: ([] as string[]).concat(statement.Action).sort(),
          Resource: JSON.stringify(statement.Resource) === JSON.stringify(owner.resolve(stack.trackingLinkSecret.secret.secretArn)) ? 'the secret' : statement.Resource,
        })),
        fn.handlerModule,
      ).toEqual([{ Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], Resource: 'the secret' }]);
      return true;
    });
    // Also those that key a seen phone number with it (#10: the SMS code, an operator's redispatch).
    expect(readers.map((fn) => fn.handlerModule).sort()).toEqual([
      'georeport/post-request',
      'needs/confirm-phone',
      'needs/submit-need',
      'notifications/tell-people',
      'operators/redispatch-need',
    ]);
    // In the parent stack the secret is named by its own logical id (nested stacks receive it as a parameter).
    expect(stack.resolve(stack.trackingLinkSecret.secret.secretArn)).toEqual({ Ref: secretId });
  });

  it('reads the table stream once: the router, which sends each record to the FIFO queue of every consumer declared for it', () => {
    const template = templateOf(districtId);
    const stack = stackOf(districtId);
    const mappings = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping'));
    const streamReaders = mappings.filter((mapping) => JSON.stringify(mapping.Properties.EventSourceArn).includes('StreamArn'));
    expect(streamReaders).toHaveLength(1);
    expect(streamReaders[0]?.Properties).toMatchObject({
      FunctionName: { Ref: logicalIdOf(stack.streams.router) },
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalIdOf(stack.streams.routerFailures), 'Arn'] } } },
    });
    const routerEnvironment = (
      functionResourceOf(template, stack.streams.router).Properties.Environment as { Variables: Record<string, unknown> }
    ).Variables;
    const queueUrls = JSON.stringify(routerEnvironment.CONSUMER_QUEUES);
    expect(stack.streamConsumers.map((consumer) => consumer.declaration.name)).toEqual(streamConsumers.map((consumer) => consumer.name));
    for (const declared of streamConsumers) {
      const consumer = stack.streamConsumers.find((candidate) => candidate.declaration.name === declared.name);
      if (!consumer) throw new Error(`no consumer for ${declared.name}`);
      expect(consumer.function.handlerModule).toBe(declared.handler);
      expect(queueUrls).toContain(declared.name);
      expect(queueUrls).toContain(logicalIdOf(consumer.queue));
      const mapping = mappings.find(
        (candidate) => JSON.stringify(candidate.Properties.FunctionName) === JSON.stringify({ Ref: logicalIdOf(consumer.function) }),
      );
      if (!mapping) throw new Error(`no event source mapping for ${declared.name}`);
      expect(mapping.Properties).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(consumer.queue), 'Arn'] },
        BatchSize: Math.min(declared.batchSize, 10),
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      template.hasResourceProperties('AWS::SQS::Queue', {
        FifoQueue: true,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(consumer.failures), 'Arn'] },
          maxReceiveCount: declared.retryAttempts + 1,
        },
      });
    }
    template.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it("sends partners' deliveries through a standard queue of their own, read with partial batch responses and bounded concurrency, in a nested stack", () => {
    const stack = stackOf(districtId);
    expect(stack.queueConsumers.map((consumer) => consumer.declaration.name)).toEqual(queueConsumers.map((consumer) => consumer.name));
    const deliveries = stack.queueConsumers.find((consumer) => consumer.declaration.name === partnerDeliveries.name);
    if (!deliveries) throw new Error('no delivery queue');
    expect(Stack.of(deliveries.queue)).toBe(stack.handlerStacks.get('notifications'));
    const nested = ownerTemplateOf(deliveries.queue);
    const queue = resourcesOf(nested, 'AWS::SQS::Queue')[logicalIdOf(deliveries.queue)];
    expect(queue?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: partnerDeliveries.visibilityTimeoutSeconds,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(deliveries.failures), 'Arn'] },
        maxReceiveCount: partnerDeliveries.retry.maxReceiveCount,
      },
    });
    expect(queue?.Properties.FifoQueue).toBeUndefined();
    const fn = functionResourceOf(nested, deliveries.function);
    expect(fn.Properties.Timeout).toBe(partnerDeliveries.timeoutSeconds);
    expect(partnerDeliveries.visibilityTimeoutSeconds).toBeGreaterThan(partnerDeliveries.timeoutSeconds);
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(JSON.parse(String(variables.RETRY_POLICY))).toEqual(partnerDeliveries.retry);
    const mapping = Object.values(resourcesOf(nested, 'AWS::Lambda::EventSourceMapping')).find(
      (candidate) => JSON.stringify(candidate.Properties.FunctionName) === JSON.stringify({ Ref: logicalIdOf(deliveries.function) }),
    );
    expect(mapping?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(deliveries.queue), 'Arn'] },
      BatchSize: partnerDeliveries.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: partnerDeliveries.maxConcurrency },
    });
    // The reader may change a received message's visibility (its backoff) on this queue only; the notifier may only send to it.
    const readerSqs = statementsOf(deliveries.function).filter(({ statement }) => JSON.stringify(statement.Action).includes('sqs:'));
    expect(readerSqs.flatMap(({ statement }) => ([] as string[]).concat(statement.Action))).toContain('sqs:ChangeMessageVisibility');
    for (const { statement, owner } of readerSqs) expect(statement.Resource).toEqual(owner.resolve(deliveries.queue.queueArn));
    // In a policy beside the queue (the role is in the execution roles' stack): no reference from a parent to its nested stack.
    expect(new Set(readerSqs.map(({ owner }) => owner))).toEqual(new Set([Stack.of(deliveries.queue)]));
    const notifier = stack.streamConsumers.find((consumer) => consumer.declaration.name === 'notifyPartner')?.function;
    if (!notifier) throw new Error('no notifier');
    // (Besides reading its own FIFO queue as a stream consumer.) The queue's ARN as the stack of the policy sees it.
    const sends = statementsOf(notifier).filter(({ statement, owner }) => JSON.stringify(statement.Resource) === JSON.stringify(owner.resolve(deliveries.queue.queueArn)));
    expect(sends.flatMap(({ statement }) => ([] as string[]).concat(statement.Action)).sort()).toEqual(
      ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'].sort(),
    );
    // Its dead-letter queue and its reader are alarmed like every other (in the operations stack).
    const alarmed = JSON.stringify(resourcesOf(ownerTemplateOf(stack.operations.topic), 'AWS::CloudWatch::Alarm'));
    expect(alarmed).toContain(JSON.stringify(stack.operations.resolve(deliveries.failures.queueName)));
    expect(alarmed).toContain(JSON.stringify(stack.operations.resolve(deliveries.function.functionName)));
  });

  it("alarms on every failure queue, every function, the stream iterator age, the API 5xx rate and the watchdog, from a nested stack, to the alarm topic and the operators' channel; one dashboard", () => {
    const stack = stackOf(districtId);
    const operations = stack.operations;
    const template = ownerTemplateOf(operations.topic);
    expect(Stack.of(operations.topic)).toBe(operations);
    expect(resourcesOf(templateOf(districtId), 'AWS::CloudWatch::Alarm')).toEqual({});
    expect(resourcesOf(templateOf(districtId), 'AWS::CloudWatch::Dashboard')).toEqual({});
    const topicRef = { Ref: logicalIdOf(operations.topic) };
    const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'));
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([topicRef]);
      expect(alarm.Properties.OKActions).toEqual([topicRef]);
      // The operators' channel gets the Chinese half of the description (lib/messaging/alarm-alert.ts).
      expect(String(alarm.Properties.AlarmDescription)).toMatch(/^[^|]*[\u4e00-\u9fff][^|]* \| /);
    }
    const alarmed = JSON.stringify(alarms);
    const failureQueues = [
      ...stack.streamConsumers.map((consumer) => consumer.failures),
      ...stack.scheduledTasks.map((task) => task.failures),
      ...stack.queueConsumers.map((consumer) => consumer.failures),
      stack.streams.routerFailures,
    ];
    for (const queue of failureQueues) expect(alarmed, queue.node.path).toContain(JSON.stringify(operations.resolve(queue.queueName)));
    const functions = [...everyFunctionOf(stack), operations.alarmForwarder];
    for (const fn of functions) expect(alarmed, fn.handlerModule).toContain(JSON.stringify(operations.resolve(fn.functionName)));
    expect(alarms).toHaveLength(failureQueues.length + functions.length + 3);
    expect(alarms.some((alarm) => JSON.stringify(alarm.Properties).includes('IteratorAge'))).toBe(true);
    expect(alarms.some((alarm) => JSON.stringify(alarm.Properties).includes('"5xx"'))).toBe(true);
    // The watchdog's breaches, as functions/operators/watch-needs.ts emits them (Powertools Metrics: service and district).
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: [
        Match.objectLike({
          MetricStat: {
            Metric: {
              Namespace: metricsNamespace,
              MetricName: watchdogBreachesMetric,
              Dimensions: [
                { Name: 'district', Value: districtId },
                { Name: 'service', Value: 'community-partners' },
              ],
            },
            Period: 300,
            Stat: 'Sum',
          },
        }),
      ],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    // Every alarm reaches the operators' channel through the forwarder subscribed to the topic.
    const forwarderArn = { 'Fn::GetAtt': [logicalIdOf(operations.alarmForwarder), 'Arn'] };
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', TopicArn: topicRef, Endpoint: forwarderArn });
    template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com', SourceArn: topicRef, FunctionName: forwarderArn });
    expect(operations.alarmForwarder.handlerModule).toBe('operators/forward-alarms');
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it("has the partners' user pool (its group, no self sign-up) and the operators' pool, MFA required, in a nested stack", () => {
    const template = templateOf(districtId);
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'OPTIONAL',
        Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
      }),
    });
    const groups = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolGroup')).map((group) => group.Properties.GroupName);
    expect(groups).toEqual(['partners']);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const operators = stackOf(districtId).operatorUsers;
    if (!operators) throw new Error("no operators' pool");
    Template.fromStack(operators).hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
  });

  it("outputs the API URL, table name, both user pools' and clients' ids", () => {
    const outputs = templateOf(districtId).toJSON().Outputs as Record<string, unknown>;
    expect(Object.keys(outputs).sort()).toEqual(['AlarmTopicArn', 'ApiUrl', 'OperatorUserPoolClientId', 'OperatorUserPoolId', 'TableName', 'UserPoolClientId', 'UserPoolId']);
  });

  it('passes cdk-nag AwsSolutions with no unacknowledged error or warning', () => {
    const { findings, success } = nagFindings(stackOf(districtId));
    expect(findings).toEqual([]);
    expect(success).toBe(true);
  });

  it('has no CDK warnings or errors (annotations)', () => {
    const annotations = Annotations.fromStack(stackOf(districtId));
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('acknowledges cdk-nag findings only on resources, each with a reason', () => {
    const acknowledgements = nagAcknowledgements(stackOf(districtId));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { path, id, reason, onOneResource } of acknowledgements) {
      expect({ path, id, onOneResource }).toEqual({ path, id, onOneResource: true });
      expect(reason.length, `${id} at ${path}`).toBeGreaterThan(40);
    }
  });
});

/** The numbers of the README quota table's "per district" cell (outside parentheses) on the row whose label starts with `label`. */
function readmeQuotaCounts(label: string): number[] {
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
  const row = readme.split('\n').find((line) => line.startsWith(`| ${label}`));
  if (!row) throw new Error(`README has no quota row "${label}"`);
  const perDistrict = (row.split('|')[2] ?? '').replace(/\([^)]*\)/g, '');
  return perDistrict.split(/[,/]/).map((part) => Number(/\d+/.exec(part)?.[0]));
}

describe("README's quota table (Many districts per account)", () => {
  it('gives the counts of the demo district as synthesized: its stack and every nested stack', () => {
    const stack = stackOf('demo');
    const everyTemplate = [stack, ...stack.node.findAll().filter(NestedStack.isNestedStack)].map((owner) => Template.fromStack(owner));
    const count = (type: string) => everyTemplate.reduce((sum, template) => sum + Object.keys(resourcesOf(template, type)).length, 0);
    const documented = {
      roles: readmeQuotaCounts('IAM roles'),
      functions: readmeQuotaCounts('Lambda functions').slice(0, 1),
      userPools: readmeQuotaCounts('Cognito user pools'),
      alarms: readmeQuotaCounts('CloudWatch alarms'),
      queuesKeysLogGroupsSchedules: readmeQuotaCounts('SQS queues, KMS keys, log groups, schedules'),
    };
    expect(documented).toEqual({
      roles: [count('AWS::IAM::Role')],
      functions: [count('AWS::Lambda::Function')],
      userPools: [count('AWS::Cognito::UserPool')],
      alarms: [count('AWS::CloudWatch::Alarm')],
      queuesKeysLogGroupsSchedules: [
        count('AWS::SQS::Queue'),
        count('AWS::KMS::Key'),
        count('AWS::Logs::LogGroup'),
        count('AWS::Scheduler::Schedule') + count('AWS::Events::Rule'),
      ],
    });
  });
});
