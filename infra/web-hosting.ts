/**
 * The resident pages (web/, built by web/build.ts) on the district's own origin: a private S3 bucket
 * behind a CloudFront distribution, which also passes the public API paths (`/catalog`, `/needs…`,
 * `/health`) to the district's HTTP API, so the pages call the API on the same origin as locally.
 *
 * Caching: web/build.ts names every script and stylesheet (and their source maps) by content hash
 * (`form-V6SBQ4YB.js`, flat in the output, no assets/ folder), so `*.js`, `*.css` and `*.map` are
 * cached for a year and marked immutable; the HTML pages (and the unhashed icon) stay at most a
 * minute at the edge and browsers revalidate them on every visit (`Cache-Control: no-cache`), so a
 * deployment shows within a minute without an invalidation. Old hashed files are never pruned:
 * a page cached before a deployment keeps finding its scripts.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CfnElement, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  type CfnDistribution,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { originVerifyHeader } from '../lib/http/edge-origin.ts';
import type { RouteDeclaration } from '../lib/topology/topology.ts';
import type { Partition } from './district-parts.ts';
import type { WebPolicies } from './shared-stack.ts';
import { acknowledgeFinding, acknowledgePolicyFinding } from './nag.ts';

/** Path patterns of the content-hashed files web/build.ts writes (checked by `checkWebDirectory`). */
export const hashedAssetPatterns = ['*.js', '*.css', '*.map'] as const;

/** `form-V6SBQ4YB.js`, `styles-43DOQRPL.css.map`: esbuild's `[name]-[hash]`, 8 characters of base32. */
const hashedName = /-[A-Z0-9]{8}\.(?:js|css)(?:\.map)?$/;

export interface WebHostingProps {
  districtId: string;
  /** The built pages (`buildWeb({ outDir })`), uploaded as they are. */
  directory: string;
  /** The district's API: its public paths are served on the pages' origin. */
  httpApi: HttpApi;
  /** The routes the API serves; the paths of the public ones are passed to it. */
  routes: readonly RouteDeclaration[];
  /**
   * The partner app's `partner/config.json`: how partners sign in and where the staff API is
   * (resolved at deployment). Without it the app says sign-in is not set up.
   */
  partnerAppConfig?: Record<string, unknown>;
  /** The operators' console's `desk/config.json`: the operators' pool (or issuer) and the staff API. */
  deskConfig?: Record<string, unknown>;
  /** The cache and response-headers policies, shared by the districts of the account (infra/shared-stack.ts). */
  policies: WebPolicies;
  /**
   * China (`aws-cn`): CloudFront there has no origin access control (an origin access identity
   * reads the bucket), serves only an ICP-recorded domain with an IAM server certificate, and has
   * no price classes or HTTP/3. @default 'aws'
   */
  partition?: Partition;
  /** A custom domain: an ACM certificate (us-east-1) in the commercial partition, an IAM one in China. */
  domain?: { name: string; acmCertificateArn?: string | undefined; iamCertificateId?: string | undefined };
  /**
   * The value CloudFront sends in `x-origin-verify` with every request for the API, which the public
   * routes require (infra/edge-guard.ts, lib/http/edge-origin.ts).
   */
  originSecret?: string;
  /** The web ACL (AWS WAF, us-east-1) to attach; none in the China partition, where WAF is regional only. */
  webAclArn?: string;
}

export class WebHosting extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly deployment: BucketDeployment;
  /** `https://<distribution domain>`: the form at `/`, the tracking page at `/track.html`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const apiPaths = apiPathPatterns(props.routes);
    checkWebDirectory(props.directory, apiPaths);

    // Access logs of the distribution and of the bucket, kept 90 days (they hold residents' IP
    // addresses). CloudFront's standard logs are written with ACLs, hence not BUCKET_OWNER_ENFORCED.
    this.logBucket = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeFinding(
      this.logBucket,
      'AwsSolutions-S1',
      'This is the access-log bucket of the web bucket and the distribution; logging its own accesses into itself would loop, and nothing but the log services and administrators touches it.',
    );

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'web-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const apiOrigin = new HttpOrigin(Fn.select(2, Fn.split('/', props.httpApi.apiEndpoint)), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      ...(props.originSecret ? { customHeaders: { [originVerifyHeader]: props.originSecret } } : {}),
    });
    const apiBehavior = {
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      // API Gateway routes by its own Host name; everything else (X-Tracking-Token, Idempotency-Key,
      // Content-Type, the query) goes through. CloudFront never forwards Authorization this way:
      // staff clients call the API at its own URL (output ApiUrl).
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };

    const china = props.partition === 'aws-cn';
    const pagesOrigin = china ? S3BucketOrigin.withOriginAccessIdentity(this.bucket) : S3BucketOrigin.withOriginAccessControl(this.bucket);
    const assetBehavior = {
      origin: pagesOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: props.policies.hashedAssetsCache,
      responseHeadersPolicy: props.policies.hashedAssetsHeaders,
    };

    // `/partner/` and `/desk/` are their index.html (S3 has no folder pages; defaultRootObject covers only `/`).
    // Not in the China partition, which is not known to run CloudFront Functions: there it is /partner/index.html.
    const folderIndex = china
      ? undefined
      : new CloudFrontFunction(this, 'FolderIndex', {
          comment: 'A path ending in / is its folder index.html (/partner/, /desk/)',
          runtime: FunctionRuntime.JS_2_0,
          code: FunctionCode.fromInline(
            "function handler(event) { var request = event.request; if (request.uri.endsWith('/')) { request.uri += 'index.html'; } return request; }",
          ),
        });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Resident web form, partner app and public API, district ${props.districtId}`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: pagesOrigin,
        ...(folderIndex ? { functionAssociations: [{ function: folderIndex, eventType: FunctionEventType.VIEWER_REQUEST }] } : {}),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: props.policies.pagesCache,
        responseHeadersPolicy: props.policies.pagesHeaders,
      },
      // Listed first: CloudFront takes the first behaviour whose pattern matches.
      additionalBehaviors: {
        ...Object.fromEntries(apiPaths.map((pattern) => [pattern, apiBehavior])),
        ...Object.fromEntries(hashedAssetPatterns.map((pattern) => [pattern, assetBehavior])),
      },
      httpVersion: china ? HttpVersion.HTTP2 : HttpVersion.HTTP2_AND_3,
      // North America, Europe, Asia (with Hong Kong, Taiwan, Japan, Korea, Singapore), Middle East, Africa.
      ...(china ? {} : { priceClass: PriceClass.PRICE_CLASS_200 }),
      ...(props.domain?.acmCertificateArn
        ? {
            domainNames: [props.domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.acmCertificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
    });
    if (china) {
      acknowledgeFinding(
        this.distribution,
        'AwsSolutions-CFR7',
        'CloudFront in the China partition has no origin access control: an origin access identity reads the private bucket instead, which the bucket policy names alone.',
      );
    }
    if (china && props.domain?.iamCertificateId) {
      // CloudFront in China takes the ICP-recorded domain's certificate from IAM (no ACM there).
      const cfn = this.distribution.node.defaultChild as CfnDistribution;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [props.domain.name]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: props.domain.iamCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      });
    }
    this.url = `https://${props.domain ? props.domain.name : this.distribution.distributionDomainName}`;
    acknowledgeFinding(
      this.distribution,
      'AwsSolutions-CFR1',
      'A district service for its residents, who may fill in the form for a parent while travelling or working elsewhere; a geo restriction would only turn away legitimate users (abuse is bounded by the web ACL where there is one and by per-client and per-phone limits).',
    );
    if (!props.webAclArn) {
      acknowledgeFinding(
        this.distribution,
        'AwsSolutions-CFR2',
        'No web ACL in the China partition: AWS WAF there is regional only (no web ACL for CloudFront) and cannot attach to an HTTP API; public writes are bounded by the stage throttling, the per-client token bucket and the per-phone limits kept in the table.',
      );
    }
    acknowledgeFinding(
      this.distribution,
      'AwsSolutions-CFR4',
      'Served on the default *.cloudfront.net certificate, with which CloudFront accepts TLSv1 for viewers; attaching a custom domain with an ACM certificate (us-east-1) and minimumProtocolVersion TLSv1.2_2021 raises it (README, web form hosting).',
    );

    const stack = Stack.of(this);
    // The deployment function (aws-cdk-lib's, Python with the AWS CLI layer) with our own role and a
    // log group kept a month, as for the house functions: no AWSLambdaBasicExecutionRole.
    const deploymentLogs = new LogGroup(this, 'DeploymentLogs', { retention: RetentionDays.ONE_MONTH });
    const deploymentRole = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Uploads the resident web form to its bucket (${props.districtId})`,
    });
    deploymentLogs.grantWrite(deploymentRole);
    this.deployment = new BucketDeployment(this, 'Deployment', {
      sources: [
        Source.asset(props.directory),
        ...(props.partnerAppConfig ? [Source.jsonData('partner/config.json', props.partnerAppConfig)] : []),
        ...(props.deskConfig ? [Source.jsonData('desk/config.json', props.deskConfig)] : []),
      ],
      destinationBucket: this.bucket,
      prune: false,
      role: deploymentRole,
      logGroup: deploymentLogs,
    });
    acknowledgePolicyFinding(
      deploymentRole,
      'AwsSolutions-IAM5[Action::s3:GetObject*]',
      "BucketDeployment's grants: read the form's zip from the CDK asset bucket and read/write the web bucket; the actions are aws-cdk-lib's grant sets, scoped to those two buckets.",
    );
    acknowledgePolicyFinding(
      deploymentRole,
      'AwsSolutions-IAM5[Action::s3:GetBucket*]',
      "BucketDeployment's grants: `aws s3 sync` reads bucket metadata of the CDK asset bucket and the web bucket only (aws-cdk-lib's grant sets).",
    );
    acknowledgePolicyFinding(
      deploymentRole,
      'AwsSolutions-IAM5[Action::s3:List*]',
      "BucketDeployment's grants: `aws s3 sync` lists the CDK asset bucket and the web bucket to compare them (aws-cdk-lib's grant sets, scoped to those two buckets).",
    );
    acknowledgePolicyFinding(
      deploymentRole,
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      "BucketDeployment's grant on the web bucket only (grantReadWrite); with prune off, the deployment itself deletes nothing.",
    );
    acknowledgePolicyFinding(
      deploymentRole,
      'AwsSolutions-IAM5[Action::s3:Abort*]',
      "BucketDeployment's grant on the web bucket only (grantReadWrite): aborting its own multipart uploads.",
    );
    acknowledgePolicyFinding(
      deploymentRole,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.bucket)}.Arn>/*]`,
      'Every object of the web bucket: the deployment uploads the whole built form, whose file names change with each build (content hashes).',
    );
    acknowledgePolicyFinding(
      deploymentRole,
      `AwsSolutions-IAM5[Resource::arn:${nagName(stack.partition, 'AWS::Partition')}:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${nagName(stack.region, 'AWS::Region')}/*]`,
      "The CDK bootstrap asset bucket's objects: the form's zip is staged there under a content-hash key known only at deployment.",
    );
    const deploymentFunction = stack.node.children.find(
      (child): child is LambdaFunction => child instanceof LambdaFunction && child.role === deploymentRole,
    );
    if (!deploymentFunction) throw new Error(`${this.node.path}: the BucketDeployment function was not found`);
    acknowledgeFinding(
      deploymentFunction,
      'AwsSolutions-L1',
      "aws-cdk-lib's BucketDeployment handler: its Python runtime is chosen by aws-cdk-lib with its AWS CLI layer and moves when aws-cdk-lib is upgraded; it runs only at deployment.",
    );
  }
}

/**
 * CloudFront path patterns for the paths of the public routes: `/needs` and `/needs/*` for
 * `POST /needs` and `GET /needs/{id}`. Staff routes under other prefixes stay off the pages' origin.
 */
export function apiPathPatterns(routes: readonly RouteDeclaration[]): string[] {
  const patterns = new Set<string>();
  for (const route of routes) {
    if (route.access !== 'public') continue;
    const [, first = '', ...rest] = route.path.split('/');
    // A file-like path such as /openapi.json is served as exactly that path.
    const fileName = rest.length === 0 && /^[A-Za-z0-9_-]+\.[a-z]+$/.test(first);
    if (!fileName && !/^[A-Za-z0-9_-]+$/.test(first))
      throw new Error(`Cannot serve ${route.path} on the web origin: its first segment is not a plain name`);
    if (rest.length === 0) patterns.add(`/${first}`);
    else patterns.add(`/${first}/*`);
  }
  return [...patterns].sort();
}

/**
 * The built form must have its root page, name every script and stylesheet by content hash (they
 * are cached for a year), and have no top-level file that an API path would shadow.
 */
export function checkWebDirectory(directory: string, apiPaths: readonly string[]): void {
  const files = readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(join(directory, file)).isFile())
    .map((file) => file.split('\\').join('/'));
  if (!files.includes('index.html')) throw new Error(`${directory} has no index.html: build it with buildWeb({ outDir }) (web/build.ts)`);
  const unhashed = files.filter((file) => /\.(?:js|css|map)$/.test(file) && !hashedName.test(file));
  if (unhashed.length > 0) {
    throw new Error(`${directory}: ${unhashed.join(', ')} would be cached for a year but carry no content hash`);
  }
  const shadowed = files.filter((file) =>
    apiPaths.some((pattern) => (pattern.endsWith('/*') ? `/${file}`.startsWith(pattern.slice(0, -1)) : `/${file}` === pattern)),
  );
  if (shadowed.length > 0) throw new Error(`${directory}: ${shadowed.join(', ')} would be hidden by the API paths ${apiPaths.join(', ')}`);
}

/** How cdk-nag names a value in a finding: the literal where the stack has one (`-c region=…`), else the pseudo parameter. */
function nagName(value: string, pseudo: string): string {
  return Token.isUnresolved(value) ? `<${pseudo}>` : value;
}

function logicalIdOf(construct: Construct): string {
  const cfn = construct.node.defaultChild;
  if (!(cfn instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(cfn);
}
