/**
 * One district's deployment: table, staff user pool, HTTP API, stream consumers and schedules, all
 * built from the topology declaration (lib/topology/topology.ts) and the district's config file.
 * Env-agnostic: synthesizes offline, with no lookups and no account.
 */
import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { DistrictConfig } from '../lib/district/district-config.ts';
import {
  corsPolicy,
  fallbackHandlers as declaredFallbackHandlers,
  routes as declaredRoutes,
  schedules as declaredSchedules,
  streamConsumers as declaredStreamConsumers,
  type HttpMethod,
  type RouteDeclaration,
  type ScheduleDeclaration,
  type StreamConsumerDeclaration,
} from '../lib/topology/topology.ts';
import { DistrictApi } from './district-api.ts';
import { createDistrictTable } from './district-table.ts';
import { DistrictUsers } from './district-users.ts';
import { HouseFunction, type TableAccess } from './house-function.ts';
import { acknowledgeFinding } from './nag.ts';
import { ScheduledTask } from './scheduled-task.ts';
import { StreamConsumer } from './stream-consumer.ts';
import { WebHosting } from './web-hosting.ts';

export interface DistrictStackProps extends StackProps {
  district: DistrictConfig;
  /** @default the declared routes */
  routes?: readonly RouteDeclaration[];
  /** @default the declared stream consumers */
  streamConsumers?: readonly StreamConsumerDeclaration[];
  /** @default the declared schedules */
  schedules?: readonly ScheduleDeclaration[];
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
}

export function districtStackName(districtId: string): string {
  return `CommunityPartners-${districtId}`;
}

/** GET routes only read; every other method may write. */
export function tableAccessFor(method: HttpMethod): TableAccess {
  return method === 'GET' ? 'read' : 'write';
}

export class DistrictStack extends Stack {
  readonly table: TableV2;
  /** The staff user pool; absent when the district signs in with another OpenID Connect issuer. */
  readonly users: DistrictUsers | undefined;
  readonly api: DistrictApi;
  /** Route functions by handler module (routes sharing a handler share its function). */
  readonly routeFunctions: ReadonlyMap<string, HouseFunction>;
  readonly methodNotAllowedFunction: HouseFunction;
  readonly notFoundFunction: HouseFunction;
  readonly streamConsumers: readonly StreamConsumer[];
  readonly scheduledTasks: readonly ScheduledTask[];
  /** The resident pages' bucket and distribution, when `webDirectory` is given. */
  readonly web: WebHosting | undefined;

  constructor(scope: Construct, id: string, props: DistrictStackProps) {
    const { district } = props;
    super(scope, id, {
      description: `Community partners backend for ${district.name.en} (${district.id})`,
      ...props,
    });
    const routes = props.routes ?? declaredRoutes;

    this.table = createDistrictTable(this, 'Table');
    const users = district.identity.provider === 'cognito' ? new DistrictUsers(this, 'Users', { districtId: district.id }) : undefined;
    this.users = users;

    // One function per handler module, with the widest access any of its routes needs.
    const accessByHandler = new Map<string, TableAccess>();
    for (const route of routes) {
      const access = tableAccessFor(route.method);
      if (accessByHandler.get(route.handler) !== 'write') accessByHandler.set(route.handler, access);
    }
    const routeFunctions = new Map<string, HouseFunction>();
    for (const [handler, access] of accessByHandler) {
      const description = routes.find((route) => route.handler === handler)?.description;
      const fn = new HouseFunction(this, constructIdOf(handler), { handler, district, ...(description ? { description } : {}) });
      routeFunctions.set(handler, fn.bindTable(this.table, access));
    }
    this.routeFunctions = routeFunctions;

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
      authorizer: staffAuthorizer(district, users),
      allowOrigins: props.allowOrigins ?? corsPolicy.allowOrigins,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
    });
    this.web = props.webDirectory
      ? new WebHosting(this, 'Web', {
          districtId: district.id,
          directory: props.webDirectory,
          httpApi: this.api.httpApi,
          routes,
          partnerAppConfig: partnerAppConfig(district, users, this.api.stage.url),
        })
      : undefined;

    const consumerDeclarations = props.streamConsumers ?? declaredStreamConsumers;
    this.streamConsumers = consumerDeclarations.map(
      (consumer) => new StreamConsumer(this, `${constructIdOf(consumer.name)}Consumer`, { consumer, table: this.table, district }),
    );
    const notifier = this.streamConsumers[consumerDeclarations.findIndex((consumer) => consumer.name === 'notifyPartner')];
    if (notifier) allowTextMessages(notifier);
    // Offer notifications link to the offer in the partner app.
    if (notifier && this.web) notifier.function.addEnvironment('PUBLIC_BASE_URL', this.web.url);
    this.scheduledTasks = (props.schedules ?? declaredSchedules).map(
      (schedule) => new ScheduledTask(this, `${constructIdOf(schedule.name)}Schedule`, { schedule, table: this.table, district }),
    );

    new CfnOutput(this, 'ApiUrl', { value: this.api.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    if (users) {
      const loginFunction = routeFunctions.get(partnerLoginHandler);
      if (loginFunction) users.allowPartnerLogins(loginFunction);
      new CfnOutput(this, 'UserPoolId', { value: users.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: users.client.userPoolClientId });
    }
    if (this.web) new CfnOutput(this, 'WebUrl', { value: this.web.url, description: 'The resident web form (tracking page: /track.html)' });
  }
}

/** The handler that gives partners their logins (POST /partners/{id}/login). */
export const partnerLoginHandler = 'partners/give-partner-login';

/**
 * The partner app's `config.json`: sign in with the district's user pool (USER_AUTH, SMS codes,
 * straight from the browser) or its OpenID Connect issuer, and call the staff API at its own URL
 * (CloudFront does not forward Authorization).
 */
function partnerAppConfig(district: DistrictConfig, users: DistrictUsers | undefined, apiUrl: string): Record<string, unknown> {
  const identity = district.identity;
  const signIn =
    identity.provider === 'oidc'
      ? { provider: 'oidc', issuer: identity.issuer, clientId: identity.audience[0] }
      : { provider: 'cognito', region: Aws.REGION, clientId: users?.client.userPoolClientId };
  return { signIn, apiBaseUrl: apiUrl };
}

/** The JWT authorizer of the staff routes: the district's user pool, or the OpenID Connect issuer it names. */
function staffAuthorizer(district: DistrictConfig, users: DistrictUsers | undefined): IHttpRouteAuthorizer {
  const identity = district.identity;
  if (identity.provider === 'oidc') return new HttpJwtAuthorizer('StaffAuthorizer', identity.issuer, { jwtAudience: identity.audience });
  if (!users) throw new Error('a Cognito district needs its user pool');
  return new HttpUserPoolAuthorizer('StaffAuthorizer', users.userPool, { userPoolClients: [users.client] });
}

/**
 * The partner notifier sends SMS through SNS (lib/delivery/sns-publisher.ts): Publish to phone
 * numbers, which have no ARN, hence `*`; publishing to any topic is denied, so the wildcard grants
 * SMS only. In a policy of its own, so its acknowledgement does not hide under the X-Ray one.
 */
function allowTextMessages(consumer: StreamConsumer): void {
  const policy = new Policy(consumer, 'SmsPublishing', {
    statements: [
      new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }),
      new PolicyStatement({ effect: Effect.DENY, actions: ['sns:Publish'], resources: [`arn:${Aws.PARTITION}:sns:*:*:*`] }),
    ],
  });
  consumer.function.role?.attachInlinePolicy(policy);
  consumer.function.addEnvironment('SNS_ENABLED', 'true');
  acknowledgeFinding(
    policy,
    'AwsSolutions-IAM5[Resource::*]',
    'sns:Publish straight to a phone number (SMS) has no resource ARN to name; the second statement denies publishing to any topic, so the grant covers SMS only.',
  );
}

/** `needs/submit-need` → `NeedsSubmitNeed`, `needReceived` → `NeedReceived`. */
function constructIdOf(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
