/**
 * One district's deployment: table, staff user pool, HTTP API, stream consumers and schedules, all
 * built from the topology declaration (lib/topology/topology.ts) and the district's config file.
 * Env-agnostic: synthesizes offline, with no lookups and no account.
 */
import { Aws, CfnOutput, NestedStack, Stack, type StackProps } from 'aws-cdk-lib';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { DistrictConfig } from '../lib/district/district-config.ts';
import { dataAccessOf } from '../lib/topology/data-access.ts';
import {
  corsPolicy,
  fallbackHandlers as declaredFallbackHandlers,
  type QueueConsumerDeclaration,
  queueConsumers as declaredQueueConsumers,
  routes as declaredRoutes,
  schedules as declaredSchedules,
  streamConsumers as declaredStreamConsumers,
  type RouteAccess,
  type RouteDeclaration,
  type ScheduleDeclaration,
  type StreamConsumerDeclaration,
} from '../lib/topology/topology.ts';
import { DistrictApi } from './district-api.ts';
import { alarmForwarderHandler, DistrictOperations } from './district-operations.ts';
import { districtInPartition, type Partition, partitionOf } from './district-parts.ts';
import { createDistrictTable } from './district-table.ts';
import { DistrictUsers } from './district-users.ts';
import { EdgeGuard } from './edge-guard.ts';
import { ExecutionRoles } from './execution-roles.ts';
import type { EdgeStack } from './edge-stack.ts';
import { HouseFunction } from './house-function.ts';
import { OperatorUsers } from './operator-users.ts';
import { QueueConsumer } from './queue-consumer.ts';
import { ScheduledTask } from './scheduled-task.ts';
import type { SharedStack } from './shared-stack.ts';
import type { StreamConsumer } from './stream-consumer.ts';
import { StreamFanOut } from './stream-fan-out.ts';
import { TrackingLinkSecret } from './tracking-link-secret.ts';
import { WebHosting } from './web-hosting.ts';

export interface DistrictStackProps extends StackProps {
  district: DistrictConfig;
  /** @default the declared routes */
  routes?: readonly RouteDeclaration[];
  /** @default the declared stream consumers */
  streamConsumers?: readonly StreamConsumerDeclaration[];
  /** @default the declared schedules */
  schedules?: readonly ScheduleDeclaration[];
  /** @default the declared queue consumers whose senders the stack deploys */
  queueConsumers?: readonly QueueConsumerDeclaration[];
  /** Browser origins allowed by CORS. @default any origin (the API uses bearer tokens, never cookies) */
  allowOrigins?: string[];
  /** Default stage throttling. @default 50 requests per second, bursts of 100 */
  throttle?: { rateLimit: number; burstLimit: number };
  /**
   * The built resident pages (`buildWeb({ outDir })`, web/build.ts), hosted with the API on one
   * CloudFront origin (infra/web-hosting.ts). infra/app.ts always builds and passes them; omitted,
   * the stack has no web hosting (tests of the backend alone).
   */
  webDirectory?: string;
  /** What the account's districts share (infra/shared-stack.ts); needed with `webDirectory`. */
  shared?: SharedStack;
  /**
   * The web ACL's stack in us-east-1 (infra/edge-stack.ts): deployed first, its ARN read at
   * deployment. Needed with CloudFront hosting in the commercial partition.
   */
  edge?: EdgeStack;
}

export function districtStackName(districtId: string): string {
  return `CommunityPartners-${districtId}`;
}

export class DistrictStack extends Stack {
  readonly table: TableV2;
  /** The partition the stack is synthesized for (commercial when env-agnostic). */
  readonly deployPartition: Partition;
  /** The district's config as deployed here: the China parts in the China partition. */
  readonly district: DistrictConfig;
  /** The partners' Cognito user pool, where the district's identity provider is Cognito. */
  readonly users: DistrictUsers | undefined;
  /** The operators' Cognito user pool (MFA required), where the district's identity provider is Cognito. */
  readonly operatorUsers: OperatorUsers | undefined;
  /** The origin secret and web ACL of the distribution, when the pages are served through CloudFront. */
  readonly edgeGuard: EdgeGuard | undefined;
  readonly api: DistrictApi;
  /** Route functions by handler module (routes sharing a handler share its function). */
  readonly routeFunctions: ReadonlyMap<string, HouseFunction>;
  /** The nested stacks holding the route functions, by area of functions/ (`needs`, `partners`…). */
  readonly handlerStacks: ReadonlyMap<string, NestedStack>;
  readonly methodNotAllowedFunction: HouseFunction;
  readonly notFoundFunction: HouseFunction;
  readonly streams: StreamFanOut;
  readonly trackingLinkSecret: TrackingLinkSecret;
  readonly operations: DistrictOperations;
  readonly streamConsumers: readonly StreamConsumer[];
  readonly scheduledTasks: readonly ScheduledTask[];
  /** Queues and their readers (partners' deliveries), each in the nested stack of its handler's area. */
  readonly queueConsumers: readonly QueueConsumer[];
  /** The resident pages' bucket and distribution, when `webDirectory` is given. */
  readonly web: WebHosting | undefined;
  /** The functions' execution roles, one per distinct set of grants (a nested stack). */
  readonly executionRoles: ExecutionRoles;

  constructor(scope: Construct, id: string, props: DistrictStackProps) {
    super(scope, id, {
      description: `Community partners backend for ${props.district.name.en} (${props.district.id})`,
      ...props,
    });
    this.deployPartition = partitionOf(props.env?.region);
    const district = districtInPartition(props.district, this.deployPartition);
    this.district = district;
    const routes = props.routes ?? declaredRoutes;

    // Before any function: each registers its grants here, and gets its role once all are granted (below).
    this.executionRoles = new ExecutionRoles(this, { districtId: district.id });
    this.table = createDistrictTable(this, 'Table');
    this.users = district.identity.provider === 'cognito' ? new DistrictUsers(this, 'Users', { districtId: district.id }) : undefined;
    this.operatorUsers = district.identity.provider === 'cognito' ? new OperatorUsers(this, 'OperatorUsers', { districtId: district.id }) : undefined;

    // One function per handler module, with the data access declared for it (lib/topology/data-access.ts),
    // in a nested stack per area of functions/ (needs, partners, operators…): a district's routes
    // would pass CloudFormation's 500 resources per stack, and an area keeps its functions' logical
    // ids stable when routes are added elsewhere.
    const handlerStacks = new Map<string, NestedStack>();
    const scopeFor = (handler: string): NestedStack => {
      const area = handler.split('/')[0] ?? handler;
      let nested = handlerStacks.get(area);
      if (!nested) {
        nested = new NestedStack(this, `${constructIdOf(area)}Handlers`, { description: `Route handlers and queue readers of functions/${area}/` });
        handlerStacks.set(area, nested);
      }
      return nested;
    };
    this.handlerStacks = handlerStacks;
    const routeFunctions = new Map<string, HouseFunction>();
    for (const route of routes) {
      if (routeFunctions.has(route.handler)) continue;
      const fn = new HouseFunction(scopeFor(route.handler), constructIdOf(route.handler), {
        handler: route.handler,
        district,
        description: route.description,
      });
      routeFunctions.set(route.handler, fn.bindTable(this.table, dataAccessOf(route.handler)));
    }
    this.routeFunctions = routeFunctions;
    const loginFunction = routeFunctions.get(partnerLoginHandler);
    if (this.users && loginFunction) this.users.allowPartnerLogins(loginFunction);
    // Only the operators' pool's tokens act as operators (lib/identity/operator-assurance.ts).
    if (this.operatorUsers) for (const fn of routeFunctions.values()) fn.addEnvironment('OPERATOR_ISSUER', this.operatorUsers.issuer);

    // The fallbacks answer 404/405 without touching the table.
    this.methodNotAllowedFunction = new HouseFunction(this, 'MethodNotAllowed', {
      handler: declaredFallbackHandlers.methodNotAllowed,
      district,
      description: 'Answers 405 for a declared path called with another method.',
    });
    this.notFoundFunction = new HouseFunction(this, 'NotFound', {
      handler: declaredFallbackHandlers.notFound,
      district,
      description: 'Answers 404 for an undeclared path.',
    });

    this.api = new DistrictApi(this, 'Api', {
      districtId: district.id,
      routes,
      functionFor: (handler) => {
        const fn = routeFunctions.get(handler);
        if (!fn) throw new Error(`No function for handler ${handler}`);
        return fn;
      },
      methodNotAllowed: this.methodNotAllowedFunction,
      notFound: this.notFoundFunction,
      authorizerFor: staffAuthorizers(district, this.users, this.operatorUsers),
      allowOrigins: props.allowOrigins ?? corsPolicy.allowOrigins,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
    });
    this.web = undefined;
    this.edgeGuard = undefined;
    if (props.webDirectory && district.web.hosting === 'cloudfront') {
      if (!props.shared) throw new Error(`${id}: web hosting needs the shared stack's policies (props.shared)`);
      // The web ACL for CloudFront exists in the commercial partition only (infra/edge-stack.ts).
      const webAcl = this.deployPartition === 'aws';
      if (webAcl && !props.edge) throw new Error(`${id}: CloudFront hosting needs the web ACL's stack (props.edge)`);
      if (webAcl && props.edge) this.addStackDependency(props.edge, 'the web ACL and its ARN parameter must exist before the distribution reads them');
      const edgeGuard = new EdgeGuard(this, 'EdgeGuard', { districtId: district.id, webAcl });
      this.edgeGuard = edgeGuard;
      const originSecret = edgeGuard.originSecret.secretValue.unsafeUnwrap();
      // The public routes answer only requests that carry the distribution's secret header.
      for (const route of routes) if (route.access === 'public') routeFunctions.get(route.handler)?.addEnvironment('ORIGIN_VERIFY_SECRET', originSecret);
      this.web = new WebHosting(this, 'Web', {
        originSecret,
        ...(edgeGuard.webAclArn ? { webAclArn: edgeGuard.webAclArn } : {}),
        districtId: district.id,
        directory: props.webDirectory,
        httpApi: this.api.httpApi,
        routes,
        partition: this.deployPartition,
        policies: props.shared.webPolicies,
        partnerAppConfig: staffAppConfig(district, this.users?.client, this.api.stage.url),
        deskConfig: staffAppConfig(district, this.operatorUsers?.client, this.api.stage.url),
        ...(district.web.domain ? { domain: district.web.domain } : {}),
      });
    }

    this.streams = new StreamFanOut(this, 'Streams', {
      consumers: props.streamConsumers ?? declaredStreamConsumers,
      table: this.table,
      district,
      idOf: constructIdOf,
    });
    this.streamConsumers = this.streams.consumers;
    // Notifications that cannot block each other (#10): the queue and its reader beside their area's route
    // handlers (a nested stack), so the district stack gains only their two alarms.
    const senders = [...routeFunctions.values(), ...this.streamConsumers.map((consumer) => consumer.function)];
    // By default only the queues whose senders this stack deploys (a stack of a few routes, in tests, has none).
    const deployed = (consumer: QueueConsumerDeclaration) =>
      consumer.senders.every((sender) => senders.some((candidate) => candidate.handlerModule === sender));
    this.queueConsumers = (props.queueConsumers ?? declaredQueueConsumers.filter(deployed)).map(
      (consumer) => new QueueConsumer(scopeFor(consumer.handler), `${constructIdOf(consumer.name)}Queue`, { consumer, table: this.table, district }),
    );
    for (const consumer of this.queueConsumers) {
      for (const sender of consumer.declaration.senders) {
        const fn = senders.find((candidate) => candidate.handlerModule === sender);
        if (!fn) throw new Error(`Queue consumer ${consumer.declaration.name}: no function runs its sender ${sender}`);
        consumer.allowSender(fn);
      }
    }
    const functions = [
      ...routeFunctions.values(),
      ...this.streamConsumers.map((consumer) => consumer.function),
      ...this.queueConsumers.map((consumer) => consumer.function),
    ];
    this.scheduledTasks = (props.schedules ?? declaredSchedules).map(
      (schedule) => new ScheduledTask(this, `${constructIdOf(schedule.name)}Schedule`, { schedule, table: this.table, district }),
    );
    functions.push(...this.scheduledTasks.map((task) => task.function));
    if (district.sms.provider === 'sns') {
      for (const fn of functions) if (fn.tableAccess?.sendsTextMessages) allowTextMessages(fn);
    }
    // Residents' messages carry their tracking link, partners' notifications a link into the partner
    // app: the functions that seal or open those links read the secret, those that build links are
    // told the pages' address (the distribution's, or the district's own domain).
    this.trackingLinkSecret = new TrackingLinkSecret(this, 'TrackingLinks', { districtId: district.id });
    for (const fn of functions) {
      if (fn.tableAccess?.trackingLinkSecret) this.trackingLinkSecret.grantTo(fn);
      if (fn.tableAccess?.linksToWebPages && this.web) fn.addEnvironment('PUBLIC_BASE_URL', this.web.url);
    }

    const allFunctions = new Map<string, HouseFunction>([
      ...[...routeFunctions].map(([handler, fn]) => [constructIdOf(handler), fn] as const),
      ['MethodNotAllowed', this.methodNotAllowedFunction],
      ['NotFound', this.notFoundFunction],
      ...this.streamConsumers.map((consumer) => [`${constructIdOf(consumer.declaration.name)}Consumer`, consumer.function] as const),
      ['StreamRouter', this.streams.router],
      ...this.queueConsumers.map((consumer) => [`${constructIdOf(consumer.declaration.name)}Reader`, consumer.function] as const),
      ...this.scheduledTasks.map((task) => [`${constructIdOf(task.function.handlerModule)}Schedule`, task.function] as const),
    ]);
    const failureQueues = new Map<string, Queue>([
      ...this.streamConsumers.map((consumer) => [`${constructIdOf(consumer.declaration.name)}Failures`, consumer.failures] as const),
      ['StreamRouterFailures', this.streams.routerFailures],
      ...this.queueConsumers.map((consumer) => [`${constructIdOf(consumer.declaration.name)}Failures`, consumer.failures] as const),
      ...this.scheduledTasks.map((task) => [`${constructIdOf(task.function.handlerModule)}ScheduleFailures`, task.failures] as const),
    ]);
    this.operations = new DistrictOperations(this, 'Operations', {
      district,
      httpApi: this.api.httpApi,
      functions: allFunctions,
      failureQueues,
      streamRouter: this.streams.router,
    });
    // Operators whose channel is a phone number get alarms by SMS too.
    if (district.sms.provider === 'sns' && dataAccessOf(alarmForwarderHandler).sendsTextMessages) allowTextMessages(this.operations.alarmForwarder);
    // Every grant is made: functions granted the same share a role.
    this.executionRoles.assign();

    new CfnOutput(this, 'ApiUrl', { value: this.api.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.topic.topicArn, description: 'Subscribe operators to the alarms here' });
    if (this.users) {
      new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId, description: "The partners' user pool" });
      new CfnOutput(this, 'UserPoolClientId', { value: this.users.client.userPoolClientId });
    }
    if (this.operatorUsers) {
      new CfnOutput(this, 'OperatorUserPoolId', { value: this.operatorUsers.userPool.userPoolId, description: "The operators' user pool (MFA required)" });
      new CfnOutput(this, 'OperatorUserPoolClientId', { value: this.operatorUsers.client.userPoolClientId });
    }
    if (this.web) new CfnOutput(this, 'WebUrl', { value: this.web.url, description: 'The resident web form (tracking page: /track.html)' });
  }
}

/**
 * The text outbox's sender sends SMS through SNS (lib/delivery/sns-publisher.ts): Publish to phone
 * numbers, which have no ARN, hence `*`; publishing to any topic is denied, so the wildcard grants
 * SMS only. In a policy of its own, so its acknowledgement does not hide under the X-Ray one.
 */
function allowTextMessages(fn: HouseFunction): void {
  fn.executionGrants.addPolicy(
    'SmsPublishing',
    [
      new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }),
      new PolicyStatement({ effect: Effect.DENY, actions: ['sns:Publish'], resources: [`arn:${Aws.PARTITION}:sns:*:*:*`] }),
    ],
    [
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'sns:Publish straight to a phone number (SMS) has no resource ARN to name; the second statement denies publishing to any topic, so the grant covers SMS only.',
      },
    ],
  );
  fn.addEnvironment('SNS_ENABLED', 'true');
}

/** The handler that gives partners their logins (POST /partners/{id}/login). */
export const partnerLoginHandler = 'partners/give-partner-login';

/**
 * A staff app's `config.json` (the partner app's `partner/config.json`, the operators' console's
 * `desk/config.json`): sign in with the app's user pool client (USER_AUTH, straight from the
 * browser) or the district's OpenID Connect issuer (authorization code with PKCE), and call the
 * staff API at its own URL (CloudFront does not forward Authorization).
 */
function staffAppConfig(district: DistrictConfig, client: { userPoolClientId: string } | undefined, apiUrl: string): Record<string, unknown> {
  const identity = district.identity;
  const signIn =
    identity.provider === 'oidc'
      ? { provider: 'oidc', issuer: identity.issuer, clientId: identity.audience[0] }
      : { provider: 'cognito', region: Aws.REGION, clientId: client?.userPoolClientId };
  return { signIn, apiBaseUrl: apiUrl };
}

/**
 * The JWT authorizers of the staff routes: the district's OpenID Connect issuer for all of them, or
 * with Cognito the partners' pool for partner routes and the operators' pool (MFA required) for
 * operator routes. A JWT authorizer trusts one issuer, so a route for both cannot be served there.
 */
function staffAuthorizers(
  district: DistrictConfig,
  users: DistrictUsers | undefined,
  operatorUsers: OperatorUsers | undefined,
): (access: Exclude<RouteAccess, 'public'>) => IHttpRouteAuthorizer {
  if (district.identity.provider === 'oidc') {
    const authorizer = new HttpJwtAuthorizer('StaffAuthorizer', district.identity.issuer, { jwtAudience: district.identity.audience });
    return () => authorizer;
  }
  if (!users || !operatorUsers) throw new Error(`District ${district.id}: Cognito identity without its user pools`);
  const partners = new HttpUserPoolAuthorizer('StaffAuthorizer', users.userPool, { userPoolClients: [users.client] });
  const operators = new HttpUserPoolAuthorizer('OperatorAuthorizer', operatorUsers.userPool, { userPoolClients: [operatorUsers.client] });
  return (access) => {
    if (access === 'operatorsOrPartners') {
      throw new Error(
        `District ${district.id}: a route for operators or partners cannot be authorized here: operators and partners sign in at two Cognito pools, and an HTTP API JWT authorizer trusts one issuer; declare one route per group`,
      );
    }
    return access === 'operators' ? operators : partners;
  };
}

/** `needs/submit-need` → `NeedsSubmitNeed`, `needReceived` → `NeedReceived`. */
function constructIdOf(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
