/**
 * Every configured district synthesizes in a commercial region, Hong Kong and both China regions
 * (Beijing, Ningxia) with its partition's parts (OIDC instead of Cognito, no CloudFront OAC, no SNS
 * SMS in China), with zero unacknowledged cdk-nag findings, and cfn-lint (an independent check of
 * each template against its region's resource specification) reports zero errors. One synthesis per
 * region for all districts, without bundling (district-stack.test.ts bundles for real).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type CfnElement, NestedStack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDistrictFiles } from '../../lib/district/district-files.ts';
import { cdkJsonContext, createDistrictApp } from '../../infra/district-app.ts';
import type { DistrictStack } from '../../infra/district-stack.ts';
import type { EdgeStack } from '../../infra/edge-stack.ts';
import { HouseFunction } from '../../infra/house-function.ts';
import { dataAccessOf } from '../../lib/topology/data-access.ts';
import { routes } from '../../lib/topology/topology.ts';
import { buildWeb } from '../../web/build.ts';
import { nagFindings, resourcesOf } from '../support/cfn-template.ts';

const run = promisify(execFile);
const regions = ['ap-southeast-1', 'ap-east-1', 'cn-north-1', 'cn-northwest-1'] as const;
const districts = loadDistrictFiles();

interface Synthesized {
  region: string;
  stacks: DistrictStack[];
  templateFiles: string[];
  /** The web ACL's stack (us-east-1), linted for us-east-1. */
  edge: EdgeStack | undefined;
  edgeTemplateFile: string | undefined;
}

let workDirectory: string;
const synthesized = new Map<string, Synthesized>();

beforeAll(async () => {
  workDirectory = await mkdtemp(join(tmpdir(), 'regions-test-'));
  const web = await buildWeb({ outDir: join(workDirectory, 'web-form') });
  for (const region of regions) {
    const outdir = join(workDirectory, region);
    const { app, stacks, shared, edge } = createDistrictApp({
      context: { ...cdkJsonContext(), region, 'aws:cdk:bundling-stacks': [] },
      outdir,
      stackProps: { webDirectory: web.outDir },
    });
    const assembly = app.synth();
    const all = shared ? [shared, ...stacks] : stacks;
    // The district stacks' nested stacks (route handlers, operations, operators' pool, edge guard) are linted with them.
    const nested = stacks.flatMap(nestedStacksOf);
    synthesized.set(region, {
      region,
      stacks,
      templateFiles: [...all, ...nested].map((stack) => join(assembly.directory, stack.templateFile)),
      edge,
      edgeTemplateFile: edge ? join(assembly.directory, edge.templateFile) : undefined,
    });
  }
}, 300_000);

function nestedStacksOf(stack: DistrictStack): NestedStack[] {
  return stack.node.findAll().filter((child): child is NestedStack => child instanceof NestedStack);
}

function lambdaProperties(fn: HouseFunction): Record<string, unknown> {
  const json = resourcesOf(Template.fromStack(fn.stack), 'AWS::Lambda::Function')[fn.stack.getLogicalId(fn.node.defaultChild as CfnElement)];
  if (!json) throw new Error(`no function ${fn.node.path}`);
  return json.Properties;
}

function lambdaVariables(fn: HouseFunction): Record<string, unknown> {
  return (lambdaProperties(fn).Environment as { Variables: Record<string, unknown> }).Variables;
}

async function cfnLintErrors(region: string, files: string[]): Promise<{ errors: string[]; code: number; stdout: string }> {
  // Exit code: 0 clean, 2 errors, 4 warnings, 8 informational (bit flags); only errors fail.
  const result = await run('cfn-lint', ['--regions', region, '--format', 'parseable', '--', ...files]).then(
    () => ({ code: 0, stdout: '' }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
  );
  return { ...result, errors: result.stdout.split('\n').filter((line) => /:E\d{4}:/.test(line)) };
}

afterAll(async () => {
  if (workDirectory) await rm(workDirectory, { recursive: true, force: true });
});

function synthesizedIn(region: string): Synthesized {
  const found = synthesized.get(region);
  if (!found) throw new Error(`nothing synthesized for ${region}`);
  return found;
}

describe.each(regions)('in %s', (region) => {
  const china = region.startsWith('cn-');

  it('synthesizes every district with zero unacknowledged cdk-nag findings', () => {
    const { stacks } = synthesizedIn(region);
    expect(stacks.map((stack) => stack.district.id).sort()).toEqual(districts.map((district) => district.id).sort());
    for (const stack of stacks) expect(nagFindings(stack).findings, stack.stackName).toEqual([]);
  });

  it('passes cfn-lint for the region with zero errors (the shared stack too)', async () => {
    const { templateFiles, stacks, edgeTemplateFile } = synthesizedIn(region);
    // The route handlers' nested stacks, each district's operations (alarms, dashboard), and where
    // there are, the operators' pool and the edge guard.
    const nested = stacks.reduce((count, stack) => count + nestedStacksOf(stack).length, 0);
    expect(nested).toBeGreaterThanOrEqual(stacks.reduce((count, stack) => count + stack.handlerStacks.size + 1, 0));
    expect(templateFiles).toHaveLength(stacks.length + 1 + nested);
    for (const [lintRegion, files] of [[region, templateFiles], ...(edgeTemplateFile ? [['us-east-1', [edgeTemplateFile]] as const] : [])] as const) {
      const result = await cfnLintErrors(lintRegion, [...files]);
      expect(result.errors).toEqual([]);
      expect(result.code & 2, result.stdout).toBe(0);
      expect(result.code, 'cfn-lint could not run').toBeGreaterThanOrEqual(0);
    }
  });

  it(
    china
      ? 'keeps public routes behind CloudFront where it serves the pages (origin secret), with no web ACL: WAF is regional only there'
      : 'keeps public routes behind CloudFront (origin secret) and attaches the web ACL kept in us-east-1',
    () => {
      const { stacks, edge } = synthesizedIn(region);
      const publicHandlers = new Set(routes.filter((route) => route.access === 'public').map((route) => route.handler));
      expect(edge === undefined).toBe(china);
      if (edge) {
        expect(edge.region).toBe('us-east-1');
        Template.fromStack(edge).hasResourceProperties('AWS::WAFv2::WebACL', {
          Scope: 'CLOUDFRONT',
          Rules: Match.arrayWith([Match.objectLike({ Name: 'RequestsPerClient', Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP' }) } })]),
        });
        expect(nagFindings(edge).findings).toEqual([]);
      }
      for (const stack of stacks) {
        const distributions = Object.values(resourcesOf(Template.fromStack(stack), 'AWS::CloudFront::Distribution'));
        const secretOf = (handler: string) => {
          const fn = stack.routeFunctions.get(handler);
          if (!fn) throw new Error(`no function for ${handler}`);
          return lambdaVariables(fn).ORIGIN_VERIFY_SECRET;
        };
        if (stack.district.web.hosting === 'none') {
          // No distribution: the public routes answer on the API's own address (README, Safety).
          expect(distributions).toEqual([]);
          expect(stack.edgeGuard).toBeUndefined();
          for (const handler of publicHandlers) expect(secretOf(handler), handler).toBeUndefined();
          continue;
        }
        const guard = stack.edgeGuard;
        if (!guard) throw new Error(`${stack.stackName}: no edge guard`);
        const config = distributions[0]?.Properties.DistributionConfig as { WebACLId?: unknown; Origins: Array<{ OriginCustomHeaders?: Array<{ HeaderName: string; HeaderValue: unknown }> }> };
        const headers = config.Origins.flatMap((origin) => origin.OriginCustomHeaders ?? []);
        expect(headers.map((header) => header.HeaderName)).toEqual(['x-origin-verify']);
        expect(JSON.stringify(headers[0]?.HeaderValue)).toContain('{{resolve:secretsmanager:');
        for (const handler of publicHandlers) expect(JSON.stringify(secretOf(handler)), handler).toContain('{{resolve:secretsmanager:');
        if (china) {
          expect(config.WebACLId).toBeUndefined();
          expect(Object.keys(resourcesOf(Template.fromStack(guard), 'Custom::AWS'))).toEqual([]);
        } else {
          expect(JSON.stringify(config.WebACLId)).toContain(guard.node.id);
          expect(stack.dependencies).toContain(edge);
        }
      }
    },
  );

  it(china ? 'signs staff in through the OIDC issuer: no Cognito' : 'signs staff in through Cognito', () => {
    for (const stack of synthesizedIn(region).stacks) {
      const template = Template.fromStack(stack);
      const authorizers = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer'));
      // Cognito: one authorizer per pool (partners; operators, whose pool requires MFA).
      expect(authorizers).toHaveLength(china ? 1 : 2);
      const jwt = authorizers[0]?.Properties.JwtConfiguration as { Issuer: unknown; Audience: unknown };
      if (china) {
        expect(Object.keys(resourcesOf(template, 'AWS::Cognito::UserPool'))).toEqual([]);
        expect(stack.district.identity.provider).toBe('oidc');
        if (stack.district.identity.provider === 'oidc') {
          expect(jwt.Issuer).toBe(stack.district.identity.issuer);
          expect(jwt.Audience).toEqual(stack.district.identity.audience);
        }
        expect(stack.operatorUsers).toBeUndefined();
      } else {
        expect(Object.keys(resourcesOf(template, 'AWS::Cognito::UserPool'))).toHaveLength(1);
        if (!stack.operatorUsers) throw new Error(`${stack.stackName}: no operators' pool`);
        Template.fromStack(stack.operatorUsers).hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
      }
    }
  });

  it(
    china
      ? 'serves pages without origin access control, on an ICP domain or not at all'
      : 'serves pages through CloudFront with origin access control',
    () => {
      for (const stack of synthesizedIn(region).stacks) {
        const template = Template.fromStack(stack);
        const oac = Object.keys(resourcesOf(template, 'AWS::CloudFront::OriginAccessControl'));
        const distributions = Object.values(resourcesOf(template, 'AWS::CloudFront::Distribution'));
        if (!china) {
          expect(oac).toHaveLength(1);
          expect(distributions).toHaveLength(1);
          continue;
        }
        expect(oac).toEqual([]);
        const web = stack.district.web;
        if (web.hosting === 'none') {
          expect(distributions).toEqual([]);
          continue;
        }
        const config = distributions[0]?.Properties.DistributionConfig as {
          Aliases: string[];
          ViewerCertificate: { IamCertificateId: string };
        };
        expect(config.Aliases).toEqual([web.domain?.name]);
        expect(config.ViewerCertificate.IamCertificateId).toBe(web.domain?.iamCertificateId);
        expect(Object.keys(resourcesOf(template, 'AWS::CloudFront::CloudFrontOriginAccessIdentity'))).toHaveLength(1);
      }
    },
  );

  it(
    china
      ? "gives the tracking-link secret's readers the region's Parameters and Secrets extension, on x86_64: AWS publishes no arm64 build here"
      : "gives the tracking-link secret's readers the region's arm64 Parameters and Secrets extension",
    () => {
      const partition = china ? 'aws-cn' : 'aws';
      const extensionLayer = new RegExp(`^arn:${partition}:lambda:${region}:\\d{12}:layer:AWS-Parameters-and-Secrets-Lambda-Extension${china ? '' : '-Arm64'}:\\d+$`);
      for (const stack of synthesizedIn(region).stacks) {
        const functions = stack.node.findAll().filter((child): child is HouseFunction => child instanceof HouseFunction);
        const readers = functions.filter((fn) => dataAccessOf(fn.handlerModule).trackingLinkSecret === true);
        expect(readers.length).toBeGreaterThan(0);
        for (const fn of functions) {
          const properties = lambdaProperties(fn);
          if (readers.includes(fn)) {
            expect(properties.Layers, fn.handlerModule).toEqual([expect.stringMatching(extensionLayer)]);
            expect(properties.Architectures, fn.handlerModule).toEqual([china ? 'x86_64' : 'arm64']);
          } else {
            expect(properties.Layers, fn.handlerModule).toBeUndefined();
            expect(properties.Architectures, fn.handlerModule).toEqual(['arm64']);
          }
        }
      }
    },
  );

  it(china ? 'grants no SNS SMS where the district has none' : 'lets the notifier send SMS through SNS', () => {
    for (const stack of synthesizedIn(region).stacks) {
      // The execution roles are in a nested stack of their own (infra/execution-roles.ts).
      const policies = [stack, ...stack.node.findAll().filter(NestedStack.isNestedStack)].flatMap((owner) =>
        Object.values(resourcesOf(Template.fromStack(owner), 'AWS::IAM::Policy')),
      );
      const publishes = policies.some((policy) => JSON.stringify(policy.Properties.PolicyDocument).includes('"sns:Publish"'));
      expect(publishes).toBe(stack.district.sms.provider === 'sns');
    }
  });
});
