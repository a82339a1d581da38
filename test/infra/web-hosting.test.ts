/**
 * The resident pages hosted with each district stack (infra/web-hosting.ts): the form is built for
 * real (web/build.ts, as infra/app.ts does) and uploaded from the cloud assembly; the handlers'
 * bundling is skipped (context `aws:cdk:bundling-stacks: []`), district-stack.test.ts covers it.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDistrictFiles } from '../../lib/district/district-files.ts';
import { routes } from '../../lib/topology/topology.ts';
import { type BuildWebResult, buildWeb } from '../../web/build.ts';
import { cdkJsonContext, createDistrictApp } from '../../infra/district-app.ts';
import { sharedStackName } from '../../infra/shared-stack.ts';
import { type EdgeStack, edgeRateLimits, edgeStackName, webAclArnParameterName } from '../../infra/edge-stack.ts';
import { originVerifyHeader } from '../../lib/http/edge-origin.ts';
import { type DistrictStack, districtStackName } from '../../infra/district-stack.ts';
import { apiPathPatterns, checkWebDirectory, hashedAssetPatterns } from '../../infra/web-hosting.ts';
import { byDistrict, type CfnResourceJson, nagAcknowledgements, nagFindings, resourcesOf } from '../support/cfn-template.ts';

interface CacheBehaviorJson {
  PathPattern?: string;
  TargetOriginId: string;
  ViewerProtocolPolicy: string;
  AllowedMethods?: string[];
  CachePolicyId: unknown;
  OriginRequestPolicyId?: unknown;
  ResponseHeadersPolicyId?: unknown;
}

interface OriginJson {
  Id: string;
  DomainName: unknown;
  OriginAccessControlId?: unknown;
  S3OriginConfig?: Record<string, unknown>;
  CustomOriginConfig?: { OriginProtocolPolicy: string; OriginSSLProtocols?: string[] };
  OriginCustomHeaders?: Array<{ HeaderName: string; HeaderValue: unknown }>;
}

interface DistributionConfigJson {
  DefaultRootObject?: string;
  DefaultCacheBehavior: CacheBehaviorJson;
  CacheBehaviors: CacheBehaviorJson[];
  Origins: OriginJson[];
  Logging?: { Bucket: unknown; Prefix?: string };
  WebACLId?: unknown;
}

/** The managed policies' ids (AWS documentation, "Use managed cache/origin request policies"). */
const cachingDisabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const allViewerExceptHostHeader = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

const districts = loadDistrictFiles();
let workDirectory: string;
let web: BuildWebResult;
let assemblyDirectory: string;
const stacks = new Map<string, DistrictStack>();
const templates = new Map<string, Template>();
let sharedTemplate: Template;
let edgeStack: EdgeStack;

beforeAll(async () => {
  const started = performance.now();
  workDirectory = await mkdtemp(join(tmpdir(), 'web-hosting-test-'));
  web = await buildWeb({ outDir: join(workDirectory, 'web-form') });
  const built = performance.now();
  const {
    app,
    stacks: created,
    shared,
    edge,
  } = createDistrictApp({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
    outdir: join(workDirectory, 'cdk.out'),
    stackProps: { webDirectory: web.outDir },
  });
  // The app's cdk-nag plugin fails synthesis on any unacknowledged finding.
  assemblyDirectory = app.synth().directory;
  if (!shared) throw new Error('no shared stack');
  if (!edge) throw new Error('no edge stack');
  edgeStack = edge;
  sharedTemplate = Template.fromStack(shared);
  for (const stack of created) {
    stacks.set(stack.stackName, stack);
    templates.set(stack.stackName, Template.fromStack(stack));
  }
  console.info(
    `web-hosting: built the form in ${Math.round(built - started)} ms, ${created.length} stacks constructed and synthesized in ${Math.round(performance.now() - built)} ms`,
  );
}, 120_000);

afterAll(async () => {
  if (workDirectory) await rm(workDirectory, { recursive: true, force: true });
});

function stackOf(districtId: string): DistrictStack {
  return byDistrict(stacks, districtStackName(districtId), 'stack');
}

function templateOf(districtId: string): Template {
  return byDistrict(templates, districtStackName(districtId), 'template');
}

function onlyResource(template: Template, type: string, filter?: (resource: CfnResourceJson) => boolean): [string, CfnResourceJson] {
  const found = Object.entries(resourcesOf(template, type)).filter(([, resource]) => !filter || filter(resource));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as [string, CfnResourceJson];
}

function logicalIdOf(construct: IConstruct): string {
  const cfn = construct.node.defaultChild;
  if (!CfnResource.isCfnResource(cfn)) throw new Error(`${construct.node.path} has no resource`);
  return cfn.stack.getLogicalId(cfn);
}

function distributionConfigOf(districtId: string): DistributionConfigJson {
  const [, distribution] = onlyResource(templateOf(districtId), 'AWS::CloudFront::Distribution');
  return distribution.Properties.DistributionConfig as DistributionConfigJson;
}

function originOf(config: DistributionConfigJson, behavior: CacheBehaviorJson): OriginJson {
  const origin = config.Origins.find((candidate) => candidate.Id === behavior.TargetOriginId);
  if (!origin) throw new Error(`no origin ${behavior.TargetOriginId}`);
  return origin;
}

/** The properties of the policy a behaviour refers to by `{ Ref }`. */
/** The policy a behaviour names: in the district's template, or an output of the shared stack. */
function policyOf(template: Template, type: string, reference: unknown): Record<string, unknown> {
  const { Ref: local, 'Fn::GetStackOutput': shared } = reference as {
    Ref?: string;
    'Fn::GetStackOutput'?: { StackName: string; OutputName: string };
  };
  const outputs = (sharedTemplate.toJSON().Outputs ?? {}) as Record<string, { Value: { Ref?: string } }>;
  if (shared) expect(shared.StackName).toBe(sharedStackName);
  const id = local ?? (shared ? outputs[shared.OutputName]?.Value.Ref : undefined);
  const policy = id ? resourcesOf(local ? template : sharedTemplate, type)[id] : undefined;
  if (!policy) throw new Error(`no ${type} for ${JSON.stringify(reference)}`);
  return policy.Properties;
}

describe('the web paths served by the API', () => {
  it('are the paths of the public routes: /catalog, /health, /needs and below, /open311 and below, /openapi.json', () => {
    expect(apiPathPatterns(routes)).toEqual(['/catalog', '/health', '/needs', '/needs/*', '/open311/*', '/openapi.json']);
    const publicPaths = routes.filter((route) => route.access === 'public').map((route) => route.path);
    for (const path of publicPaths) {
      const served = apiPathPatterns(routes).some((pattern) =>
        pattern.endsWith('/*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern,
      );
      expect(served, path).toBe(true);
    }
  });

  it('refuse a built form without index.html, with an unhashed script, or with a file an API path hides', async () => {
    const directory = join(workDirectory, 'bad-form');
    await mkdir(directory, { recursive: true });
    expect(() => checkWebDirectory(directory, ['/needs'])).toThrow(/no index\.html/);
    await writeFile(join(directory, 'index.html'), '<!doctype html>');
    await writeFile(join(directory, 'form-V6SBQ4YB.js'), '');
    expect(() => checkWebDirectory(directory, ['/needs', '/needs/*'])).not.toThrow();
    await writeFile(join(directory, 'extra.js'), '');
    expect(() => checkWebDirectory(directory, ['/needs'])).toThrow(/extra\.js would be cached for a year/);
    await rm(join(directory, 'extra.js'));
    await writeFile(join(directory, 'health'), '');
    expect(() => checkWebDirectory(directory, ['/health'])).toThrow(/health would be hidden/);
  });
});

describe.each(districts.map((district) => district.id))('web hosting of district %s', (districtId) => {
  it('keeps the pages in a private, SSL-only, encrypted bucket that is retained', () => {
    const template = templateOf(districtId);
    const bucketId = logicalIdOf(stackOf(districtId).web?.bucket as IConstruct);
    const bucket = resourcesOf(template, 'AWS::S3::Bucket')[bucketId];
    expect(bucket?.DeletionPolicy).toBe('Retain');
    expect(bucket?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalIdOf(stackOf(districtId).web?.logBucket as IConstruct) } },
    });
    expect(bucket?.Properties.WebsiteConfiguration).toBeUndefined();

    const [, policy] = onlyResource(
      template,
      'AWS::S3::BucketPolicy',
      (candidate) => JSON.stringify(candidate.Properties.Bucket) === JSON.stringify({ Ref: bucketId }),
    );
    const statements = (policy.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    // The only reader: this distribution, through origin access control.
    const allows = statements.filter((statement) => statement.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
      }),
    ]);
  });

  it('serves the bucket through origin access control by default, with index.html at the root', () => {
    const config = distributionConfigOf(districtId);
    expect(config.DefaultRootObject).toBe('index.html');
    const origin = originOf(config, config.DefaultCacheBehavior);
    expect(origin.DomainName).toEqual({ 'Fn::GetAtt': [logicalIdOf(stackOf(districtId).web?.bucket as IConstruct), 'RegionalDomainName'] });
    expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
    expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    templateOf(districtId).hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [logicalIdOf(stackOf(districtId).web?.logBucket as IConstruct), 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
  });

  it('lets browsers revalidate the HTML and keeps it a minute at most at the edge', () => {
    const template = templateOf(districtId);
    const behavior = distributionConfigOf(districtId).DefaultCacheBehavior;
    expect(policyOf(template, 'AWS::CloudFront::CachePolicy', behavior.CachePolicyId).CachePolicyConfig).toMatchObject({
      MinTTL: 0,
      DefaultTTL: 60,
      MaxTTL: 300,
    });
    const headers = policyOf(
      template,
      'AWS::CloudFront::ResponseHeadersPolicy',
      behavior.ResponseHeadersPolicyId,
    ).ResponseHeadersPolicyConfig;
    expect(headers).toMatchObject({
      CustomHeadersConfig: { Items: [{ Header: 'Cache-Control', Value: 'no-cache', Override: true }] },
      SecurityHeadersConfig: {
        StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, Override: true },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
      },
    });
  });

  it('caches the content-hashed scripts, styles and source maps for a year, immutable', () => {
    const template = templateOf(districtId);
    const config = distributionConfigOf(districtId);
    const behaviors = config.CacheBehaviors.filter((behavior) =>
      (hashedAssetPatterns as readonly string[]).includes(behavior.PathPattern ?? ''),
    );
    expect(behaviors.map((behavior) => behavior.PathPattern)).toEqual(['*.js', '*.css', '*.map']);
    for (const behavior of behaviors) {
      expect(behavior.TargetOriginId).toBe(config.DefaultCacheBehavior.TargetOriginId);
      expect(policyOf(template, 'AWS::CloudFront::CachePolicy', behavior.CachePolicyId).CachePolicyConfig).toMatchObject({
        DefaultTTL: 31_536_000,
        MaxTTL: 31_536_000,
      });
      expect(
        policyOf(template, 'AWS::CloudFront::ResponseHeadersPolicy', behavior.ResponseHeadersPolicyId).ResponseHeadersPolicyConfig,
      ).toMatchObject({
        CustomHeadersConfig: { Items: [{ Header: 'Cache-Control', Value: 'public, max-age=31536000, immutable', Override: true }] },
      });
    }
    // Every script and stylesheet the build wrote falls under these patterns.
    for (const file of web.files.filter((candidate) => /\.(?:js|css)$/.test(candidate.path))) {
      expect(file.path).toMatch(/-[A-Z0-9]{8}\.(?:js|css)$/);
    }
  });

  it('sends the public API paths to the HTTP API: HTTPS only, every method, no caching, all headers but Host', () => {
    const stack = stackOf(districtId);
    const config = distributionConfigOf(districtId);
    const apiBehaviors = config.CacheBehaviors.filter((behavior) => apiPathPatterns(routes).includes(behavior.PathPattern ?? ''));
    expect(apiBehaviors.map((behavior) => behavior.PathPattern)).toEqual(['/catalog', '/health', '/needs', '/needs/*', '/open311/*', '/openapi.json']);
    // Before the asset patterns: CloudFront takes the first match, and `/needs/x.js` is an API path.
    expect(config.CacheBehaviors.slice(0, apiBehaviors.length)).toEqual(apiBehaviors);
    for (const behavior of apiBehaviors) {
      expect(behavior).toMatchObject({
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        CachePolicyId: cachingDisabled,
        OriginRequestPolicyId: allViewerExceptHostHeader,
      });
      const origin = originOf(config, behavior);
      expect(origin.DomainName).toEqual({
        'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [logicalIdOf(stack.api.httpApi), 'ApiEndpoint'] }] }],
      });
      expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    }
  });

  it('uploads the built form (index.html, track.html, the hashed files) from the cloud assembly, never pruning', async () => {
    const template = templateOf(districtId);
    const [, deployment] = onlyResource(template, 'Custom::CDKBucketDeployment');
    expect(deployment.Properties).toMatchObject({
      DestinationBucketName: { Ref: logicalIdOf(stackOf(districtId).web?.bucket as IConstruct) },
      Prune: false,
    });
    // The built pages, then the partner app's and the console's config.json (written at deployment: they name the user pool client and the API).
    const keys = deployment.Properties.SourceObjectKeys as string[];
    expect(keys).toHaveLength(3);
    const assetDirectory = join(assemblyDirectory, `asset.${(keys[0] ?? '').replace(/\.zip$/, '')}`);
    const uploaded = (await readdir(assetDirectory, { recursive: true })).filter((path) => path !== 'partner' && path !== 'desk').sort();
    expect(uploaded).toContain('index.html');
    expect(uploaded).toContain('track.html');
    expect(uploaded).toContain('partner/index.html');
    expect(uploaded).toEqual(web.files.map((file) => file.path).sort());
    const config = JSON.parse(await readFile(join(assemblyDirectory, `asset.${(keys[1] ?? '').replace(/\.zip$/, '')}`, 'partner', 'config.json'), 'utf8')) as {
      signIn: { provider: string };
      apiBaseUrl: string;
    };
    expect(config.signIn.provider).toBe('cognito');
    // Filled in at deployment from the stage URL.
    expect(config.apiBaseUrl).toMatch(/^https:\/\/<<marker:0xbaba:\d+>>\.execute-api\./);
    expect(uploaded).toContain('desk/index.html');
    // The console signs in at the operators' pool (MFA required), with its own client, not the partners'.
    const desk = JSON.parse(await readFile(join(assemblyDirectory, `asset.${(keys[2] ?? '').replace(/\.zip$/, '')}`, 'desk', 'config.json'), 'utf8')) as {
      signIn: { provider: string; clientId: string; region: string };
      apiBaseUrl: string;
    };
    expect(desk).toMatchObject({ signIn: { provider: 'cognito' }, apiBaseUrl: config.apiBaseUrl });
    expect(desk.signIn.clientId).toMatch(/^<<marker:0xbaba:\d+>>$/);
    const markers = deployment.Properties.SourceMarkers as Array<Record<string, unknown>>;
    const partnerClientId = (config.signIn as { clientId?: string }).clientId ?? '';
    expect(JSON.stringify(markers[2]?.[desk.signIn.clientId])).toContain('OperatorUsers');
    expect(JSON.stringify(markers[1]?.[partnerClientId])).not.toContain('OperatorUsers');
  });

  it('serves a folder index (the partner app at /partner/) through a viewer-request function', () => {
    const template = templateOf(districtId);
    const [functionId, fn] = onlyResource(template, 'AWS::CloudFront::Function');
    expect(String(fn.Properties.FunctionCode)).toContain("request.uri += 'index.html'");
    const [, distribution] = onlyResource(template, 'AWS::CloudFront::Distribution');
    expect((distribution.Properties.DistributionConfig as { DefaultCacheBehavior: { FunctionAssociations: unknown } }).DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
    ]);
  });

  it('runs the deployment with its own role and a log group kept a month (no managed policy)', () => {
    const template = templateOf(districtId);
    const deploymentRole = stackOf(districtId).web?.deployment.handlerRole as IConstruct;
    const [, fn] = onlyResource(
      template,
      'AWS::Lambda::Function',
      (candidate) => JSON.stringify(candidate.Properties.Role) === JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(deploymentRole), 'Arn'] }),
    );
    const logGroupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(resourcesOf(template, 'AWS::Logs::LogGroup')[logGroupId]?.Properties.RetentionInDays).toBe(30);
    for (const role of Object.values(resourcesOf(template, 'AWS::IAM::Role'))) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('outputs WebUrl, the https URL of the distribution', () => {
    const outputs = templateOf(districtId).toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.WebUrl?.Value).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalIdOf(stackOf(districtId).web?.distribution as IConstruct), 'DomainName'] }]],
    });
  });

  it("tells exactly the functions that build links (residents' messages, partners' notifications) the pages' address, WebUrl", () => {
    const stack = stackOf(districtId);
    const outputs = templateOf(districtId).toJSON().Outputs as Record<string, { Value: unknown }>;
    const functions = [
      ...stack.routeFunctions.values(),
      ...stack.streamConsumers.map((consumer) => consumer.function),
      ...stack.scheduledTasks.map((task) => task.function),
    ];
    const told = functions.filter((fn) => {
      const owner = Stack.of(fn);
      const resource = Template.fromStack(owner).toJSON().Resources[owner.getLogicalId(fn.node.defaultChild as CfnResource)] as CfnResourceJson;
      const url = (resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables.PUBLIC_BASE_URL;
      if (url !== undefined) expect(url, fn.handlerModule).toEqual(outputs.WebUrl?.Value);
      return url !== undefined;
    });
    expect(told.map((fn) => fn.handlerModule).sort()).toEqual(['notifications/notify-partner', 'notifications/tell-people']);
  });

  it('passes cdk-nag AwsSolutions with no unacknowledged error or warning', () => {
    const { findings, success } = nagFindings(stackOf(districtId));
    expect(findings).toEqual([]);
    expect(success).toBe(true);
  });

  it('acknowledges its cdk-nag findings on single resources, each with a reason', () => {
    const acknowledged = nagAcknowledgements(stackOf(districtId));
    // Recorded as `Annotation::<rule>`.
    const ruleAt = (entry: { path: string; id: string }) => `${entry.id.replace(/^Annotation::/, '')} at ${entry.path}`;
    const webPath = stackOf(districtId).web?.node.path ?? '';
    expect(acknowledged.map(ruleAt)).toEqual(
      expect.arrayContaining([
        `AwsSolutions-S1 at ${webPath}/Logs/Resource`,
        `AwsSolutions-CFR1 at ${webPath}/Distribution/Resource`,
        `AwsSolutions-CFR4 at ${webPath}/Distribution/Resource`,
        // The BucketDeployment's singleton function sits at the stack's top level.
        expect.stringMatching(/^AwsSolutions-L1 at CommunityPartners-[\w-]+\/Custom::CDKBucketDeployment\w+\/Resource$/),
      ]),
    );
    for (const { path, id, reason, onOneResource } of acknowledged) {
      expect({ path, id, onOneResource }).toEqual({ path, id, onOneResource: true });
      expect(reason.length, `${id} at ${path}`).toBeGreaterThan(40);
    }
  });

  it('passes the public API paths with the origin secret header, its value a Secrets Manager reference (never in the template)', () => {
    const config = distributionConfigOf(districtId);
    const apiBehavior = config.CacheBehaviors.find((behavior) => behavior.PathPattern === '/needs');
    if (!apiBehavior) throw new Error('no /needs behaviour');
    const headers = originOf(config, apiBehavior).OriginCustomHeaders ?? [];
    expect(headers.map((header) => header.HeaderName)).toEqual([originVerifyHeader]);
    const value = JSON.stringify(headers[0]?.HeaderValue);
    expect(value).toContain('{{resolve:secretsmanager:');
    const guard = stackOf(districtId).edgeGuard;
    if (!guard) throw new Error('no edge guard');
    expect(value).toContain(guard.node.id);
    // The pages' origin (the bucket) gets no secret.
    expect(originOf(config, config.DefaultCacheBehavior).OriginCustomHeaders).toBeUndefined();
    Template.fromStack(guard).hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 48, ExcludePunctuation: true }),
    });
  });

  it("requires the secret in every public route's function and in no staff route's", () => {
    const stack = stackOf(districtId);
    const publicHandlers = new Set(routes.filter((route) => route.access === 'public').map((route) => route.handler));
    expect(publicHandlers.size).toBeGreaterThan(3);
    for (const [handler, fn] of stack.routeFunctions) {
      const template = Template.fromStack(fn.stack);
      const json = resourcesOf(template, 'AWS::Lambda::Function')[fn.stack.getLogicalId(fn.node.defaultChild as CfnResource)];
      if (!json) throw new Error(`no function for ${handler}`);
      const variables = (json.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      if (publicHandlers.has(handler)) expect(JSON.stringify(variables.ORIGIN_VERIFY_SECRET), handler).toContain('{{resolve:secretsmanager:');
      else expect(variables.ORIGIN_VERIFY_SECRET, handler).toBeUndefined();
    }
  });

  it('attaches the web ACL kept in us-east-1, read at deployment from its SSM parameter', () => {
    const stack = stackOf(districtId);
    const guard = stack.edgeGuard;
    if (!guard) throw new Error('no edge guard');
    expect(JSON.stringify(distributionConfigOf(districtId).WebACLId)).toContain(guard.node.id);
    const [, reader] = onlyResource(Template.fromStack(guard), 'Custom::AWS');
    const create = JSON.stringify(reader.Properties.Update);
    expect(create).toContain('getParameter');
    expect(create).toContain(webAclArnParameterName);
    expect(create).toContain('us-east-1');
    const [, policy] = onlyResource(Template.fromStack(guard), 'AWS::IAM::Policy');
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain(`:ssm:us-east-1:`);
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain(`parameter${webAclArnParameterName}`);
    expect(stack.dependencies.map((dependency) => dependency.stackName)).toContain(edgeStackName);
    expect(nagFindings(guard).findings).toEqual([]);
  });

  it('has no CDK warnings or errors (annotations)', () => {
    const annotations = Annotations.fromStack(stackOf(districtId));
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('the web ACL (CommunityPartners-edge)', () => {
  it('lives in us-east-1, scoped to CloudFront, allowing by default', () => {
    expect(edgeStack.region).toBe('us-east-1');
    Template.fromStack(edgeStack).hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
  });

  it('blocks a client address past its rate with 429, Retry-After and a Chinese problem, writes counted apart', () => {
    const [, acl] = onlyResource(Template.fromStack(edgeStack), 'AWS::WAFv2::WebACL');
    interface RuleJson {
      Name: string;
      Statement: { RateBasedStatement?: { Limit: number; AggregateKeyType: string; ScopeDownStatement?: unknown } };
      Action?: { Block?: { CustomResponse?: { ResponseCode: number; CustomResponseBodyKey: string } } };
    }
    const rules = acl.Properties.Rules as RuleJson[];
    const rated = rules.filter((rule) => rule.Statement.RateBasedStatement);
    expect(rated.map((rule) => [rule.Name, rule.Statement.RateBasedStatement?.Limit, rule.Statement.RateBasedStatement?.AggregateKeyType])).toEqual([
      ['RequestsPerClient', edgeRateLimits.requestsPer5Minutes, 'IP'],
      ['WritesPerClient', edgeRateLimits.writesPer5Minutes, 'IP'],
    ]);
    expect(JSON.stringify(rated[1]?.Statement.RateBasedStatement?.ScopeDownStatement)).toContain('"SearchString":"POST"');
    for (const rule of rated) {
      expect(rule.Action?.Block?.CustomResponse).toMatchObject({ ResponseCode: 429, ResponseHeaders: [{ Name: 'retry-after', Value: '300' }] });
    }
    const bodies = acl.Properties.CustomResponseBodies as Record<string, { ContentType: string; Content: string }>;
    const body = bodies[rated[0]?.Action?.Block?.CustomResponse?.CustomResponseBodyKey ?? ''];
    expect(body?.ContentType).toBe('APPLICATION_JSON');
    expect(JSON.parse(body?.Content ?? '{}')).toMatchObject({ status: 429, detail: expect.stringMatching(/请求过于频繁/) });
  });

  it("runs AWS's common rule set", () => {
    const [, acl] = onlyResource(Template.fromStack(edgeStack), 'AWS::WAFv2::WebACL');
    expect(JSON.stringify(acl.Properties.Rules)).toContain('"ManagedRuleGroupStatement":{"Name":"AWSManagedRulesCommonRuleSet","VendorName":"AWS"}');
  });

  it("keeps the web ACL's ARN in the SSM parameter the districts read", () => {
    const template = Template.fromStack(edgeStack);
    const [aclId] = onlyResource(template, 'AWS::WAFv2::WebACL');
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: webAclArnParameterName, Value: { 'Fn::GetAtt': [aclId, 'Arn'] } });
  });

  it('passes cdk-nag', () => {
    expect(nagFindings(edgeStack).findings).toEqual([]);
  });
});
