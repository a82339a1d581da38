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
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDistrictFiles } from '../../lib/district/district-files.ts';
import { cdkJsonContext, createDistrictApp } from '../../infra/district-app.ts';
import type { DistrictStack } from '../../infra/district-stack.ts';
import { buildWeb } from '../../web/build.ts';
import { nagFindings, resourcesOf } from '../support/cfn-template.ts';

const run = promisify(execFile);
const regions = ['ap-southeast-1', 'ap-east-1', 'cn-north-1', 'cn-northwest-1'] as const;
const districts = loadDistrictFiles();

interface Synthesized {
  region: string;
  stacks: DistrictStack[];
  templateFiles: string[];
}

let workDirectory: string;
const synthesized = new Map<string, Synthesized>();

beforeAll(async () => {
  workDirectory = await mkdtemp(join(tmpdir(), 'regions-test-'));
  const web = await buildWeb({ outDir: join(workDirectory, 'web-form') });
  for (const region of regions) {
    const outdir = join(workDirectory, region);
    const { app, stacks, shared } = createDistrictApp({
      context: { ...cdkJsonContext(), region, 'aws:cdk:bundling-stacks': [] },
      outdir,
      stackProps: { webDirectory: web.outDir },
    });
    const assembly = app.synth();
    const all = shared ? [shared, ...stacks] : stacks;
    // The district stacks' nested stacks (route handlers, operations) are linted with them.
    const nested = stacks.flatMap((stack) => [...stack.handlerStacks.values(), stack.operations]);
    synthesized.set(region, { region, stacks, templateFiles: [...all, ...nested].map((stack) => join(assembly.directory, stack.templateFile)) });
  }
}, 300_000);

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
    const { templateFiles, stacks } = synthesizedIn(region);
    // The route handlers' nested stacks and each district's operations (alarms, dashboard).
    const nested = stacks.reduce((count, stack) => count + stack.handlerStacks.size + 1, 0);
    expect(nested).toBeGreaterThan(stacks.length);
    expect(templateFiles).toHaveLength(stacks.length + 1 + nested);
    // Exit code: 0 clean, 2 errors, 4 warnings, 8 informational (bit flags); only errors fail.
    const result = await run('cfn-lint', ['--regions', region, '--format', 'parseable', '--', ...templateFiles]).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
    );
    const errors = result.stdout.split('\n').filter((line) => /:E\d{4}:/.test(line));
    expect(errors).toEqual([]);
    expect(result.code & 2, result.stdout).toBe(0);
    expect(result.code, 'cfn-lint could not run').toBeGreaterThanOrEqual(0);
  });

  it(china ? 'signs staff in through the OIDC issuer: no Cognito' : 'signs staff in through Cognito', () => {
    for (const stack of synthesizedIn(region).stacks) {
      const template = Template.fromStack(stack);
      const authorizers = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer'));
      expect(authorizers).toHaveLength(1);
      const jwt = authorizers[0]?.Properties.JwtConfiguration as { Issuer: unknown; Audience: unknown };
      if (china) {
        expect(Object.keys(resourcesOf(template, 'AWS::Cognito::UserPool'))).toEqual([]);
        expect(stack.district.identity.provider).toBe('oidc');
        if (stack.district.identity.provider === 'oidc') {
          expect(jwt.Issuer).toBe(stack.district.identity.issuer);
          expect(jwt.Audience).toEqual(stack.district.identity.audience);
        }
      } else {
        expect(Object.keys(resourcesOf(template, 'AWS::Cognito::UserPool'))).toHaveLength(1);
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

  it(china ? 'grants no SNS SMS where the district has none' : 'lets the notifier send SMS through SNS', () => {
    for (const stack of synthesizedIn(region).stacks) {
      const policies = Object.values(resourcesOf(Template.fromStack(stack), 'AWS::IAM::Policy'));
      const publishes = policies.some((policy) => JSON.stringify(policy.Properties.PolicyDocument).includes('"sns:Publish"'));
      expect(publishes).toBe(stack.district.sms.provider === 'sns');
    }
  });
});
