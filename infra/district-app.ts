/**
 * Builds the CDK app: one DistrictStack per district config in infra/districts/, or only the one
 * named by context `district` (`cdk synth -c district=demo`), checked by cdk-nag's AWS Solutions pack.
 * infra/app.ts runs it for the CLI; tests call it directly with cdk.json's context.
 */
import { readFileSync } from 'node:fs';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { DistrictConfig } from '../lib/district/district-config.ts';
import { loadDistrictFiles } from '../lib/district/district-files.ts';
import { districtInPartition, partitionOf } from './district-parts.ts';
import { DistrictStack, type DistrictStackProps, districtStackName } from './district-stack.ts';
import { EdgeStack, edgeStackName } from './edge-stack.ts';
import { projectRoot, serviceName } from './house-function.ts';
import { SharedStack, sharedStackName } from './shared-stack.ts';

export interface DistrictAppOptions {
  /** Context as the CLI would pass it (cdk.json plus `-c`); when omitted the CLI's context is used. */
  context?: Record<string, unknown>;
  outdir?: string;
  /** @default every file in infra/districts/ */
  districts?: DistrictConfig[];
  /** Overrides for every stack (tests pass extra routes or schedules here). */
  stackProps?: Omit<DistrictStackProps, 'district'>;
}

export interface DistrictApp {
  app: App;
  stacks: DistrictStack[];
  /** The stack of what districts share, when the web pages are hosted. */
  shared: SharedStack | undefined;
  /** The web ACL's stack in us-east-1, when a district's pages are served through CloudFront in the commercial partition. */
  edge: EdgeStack | undefined;
}

export function createDistrictApp(options: DistrictAppOptions = {}): DistrictApp {
  const appProps: AppProps = {
    ...(options.context ? { context: options.context } : {}),
    ...(options.outdir ? { outdir: options.outdir } : {}),
  };
  const app = new App(appProps);

  const districts = options.districts ?? loadDistrictFiles();
  const only = contextString(app, 'district');
  const selected = only ? districts.filter((district) => district.id === only) : districts;
  if (selected.length === 0) {
    throw new Error(only ? `No district "${only}"; known: ${districts.map((d) => d.id).join(', ')}` : 'No district configs found');
  }

  // Env-agnostic unless a region is given (`-c region=cn-north-1`): synthesis never looks anything up.
  const region = contextString(app, 'region');
  const env = region ? { env: { region } } : {};
  // Deployed with the first district of an account and region (`cdk deploy -c district=<id> --all` deploys both).
  const shared = options.stackProps?.webDirectory
    ? new SharedStack(app, sharedStackName, { ...env, tags: { project: serviceName } })
    : undefined;
  // A web ACL for CloudFront lives in us-east-1 (infra/edge-stack.ts): one stack there for the account's districts.
  const hostedWithWaf = selected.some((district) => {
    const deployed = districtInPartition(district, partitionOf(region));
    return deployed.web.hosting === 'cloudfront' && partitionOf(region) === 'aws';
  });
  const edge = shared && hostedWithWaf ? new EdgeStack(app, edgeStackName, { tags: { project: serviceName } }) : undefined;
  const stacks = selected.map(
    (district) =>
      new DistrictStack(app, districtStackName(district.id), {
        ...options.stackProps,
        district,
        ...env,
        ...(shared ? { shared } : {}),
        ...(edge ? { edge } : {}),
        tags: { project: serviceName, district: district.id, ...options.stackProps?.tags },
      }),
  );

  // cdk-nag 3 is a policy-validation plugin (no longer an Aspect): any unacknowledged finding, error
  // or warning, fails synthesis. Acknowledgements are copied into the templates' Metadata (cdk_nag)
  // so a reviewer of cdk.out sees every suppression with its reason.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
  return { app, stacks, shared, edge };
}

/** The `context` of cdk.json: feature flags and defaults, as the CLI passes them to the app. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(`${projectRoot}cdk.json`, 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string`);
  return value;
}
