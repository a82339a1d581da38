/**
 * The district's HTTP API, built from the topology declaration: one route per declared route, plus
 * the derived fallbacks (`ANY <path>` → 405 for every declared path, `ANY /{proxy+}` → 404).
 * API Gateway prefers the route with the exact method, so a declared route always wins over the
 * `ANY` fallback on the same path.
 */
import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  type HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { corsPolicy, fallbackRoutes, type RouteAccess, type RouteDeclaration, routeKey } from '../lib/topology/topology.ts';
import { acknowledgeFinding } from './nag.ts';

/** Headers the web form sends (see the routes' handlers). */
export const corsAllowHeaders = corsPolicy.allowHeaders;
export const corsAllowMethods = corsPolicy.allowMethods.map((method) => CorsHttpMethod[method]);

export interface DistrictApiProps {
  districtId: string;
  routes: readonly RouteDeclaration[];
  /** The function serving a declared route's handler module. */
  functionFor: (handler: string) => IFunction;
  methodNotAllowed: IFunction;
  notFound: IFunction;
  /**
   * Checks the JWT of a route whose access is not `public`: one authorizer trusts one issuer, so a
   * district with an operators' pool apart from the partners' has one per pool.
   */
  authorizerFor: (access: Exclude<RouteAccess, 'public'>) => IHttpRouteAuthorizer;
  /** Origins allowed to call the API from a browser. */
  allowOrigins: string[];
  throttle: { rateLimit: number; burstLimit: number };
}

const publicRouteReason =
  'Declared `access: public` in lib/topology/topology.ts: residents use the service without an account (the tracking token, checked by the handler, guards a need).';

export class DistrictApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: DistrictApiProps) {
    super(scope, id);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `community-partners-${props.districtId}`,
      description: `Community partners API, district ${props.districtId}`,
      // The stage is added below, with access logging and throttling.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.allowOrigins,
        allowMethods: corsAllowMethods,
        allowHeaders: corsAllowHeaders,
        maxAge: Duration.seconds(corsPolicy.maxAgeSeconds),
      },
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    const integrations = new Map<IFunction, HttpLambdaIntegration>();
    const integrationFor = (fn: IFunction): HttpLambdaIntegration => {
      let integration = integrations.get(fn);
      if (!integration) {
        // One invoke permission per function for the whole API, not one per route: each function is
        // only ever the integration of its own routes, and the district stack stays well under
        // CloudFormation's 500 resources (101 routes, 405 fallbacks included, on about 55 functions).
        integration = new HttpLambdaIntegration(`${fn.node.id}Integration`, fn, { scopePermissionToRoute: false });
        integrations.set(fn, integration);
      }
      return integration;
    };

    for (const route of props.routes) {
      const access = route.access;
      const httpRoute = new HttpRoute(this, routeConstructId(routeKey(route)), {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: integrationFor(props.functionFor(route.handler)),
        ...(access === 'public' ? {} : { authorizer: props.authorizerFor(access) }),
      });
      if (access === 'public') acknowledgeFinding(httpRoute, 'AwsSolutions-APIG4', publicRouteReason);
    }

    for (const fallback of fallbackRoutes(props.routes)) {
      const answers = fallback.kind === 'notFound' ? 'answers 404 Not Found for an undeclared path' : 'answers 405 Method Not Allowed for a declared path';
      this.addFallbackRoute(fallback.path, integrationFor(fallback.kind === 'notFound' ? props.notFound : props.methodNotAllowed), answers);
    }
  }

  private addFallbackRoute(path: string, integration: HttpLambdaIntegration, what: string): void {
    const route = new HttpRoute(this, routeConstructId(`ANY ${path}`), {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.with(path, HttpMethod.ANY),
      integration,
    });
    acknowledgeFinding(
      route,
      'AwsSolutions-APIG4',
      `Fallback route derived from the topology: it ${what}, reads no data and must answer callers with or without a token.`,
    );
  }
}

/** `GET /needs/{id}` → `GetNeedsId`, `ANY /{proxy+}` → `AnyProxy`: stable, readable logical ids. */
export function routeConstructId(key: string): string {
  return key
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join('');
}
