/**
 * The AWS Parameters and Secrets Lambda Extension, a layer AWS publishes in each region for each
 * architecture it supports there, for the functions granted a secret (infra/tracking-link-secret.ts):
 * they read it over localhost (lib/secrets/secrets-extension.ts), cached by the extension, instead
 * of bundling a Secrets Manager client. AWS publishes it for arm64 in the commercial regions
 * (Hong Kong included) but only for x86_64 in the China regions, so there those functions run on
 * x86_64; their bundles are plain JavaScript, the same on either.
 */
import { Duration, Stack, Token } from 'aws-cdk-lib';
import { Architecture, ParamsAndSecretsLayerVersion, ParamsAndSecretsLogLevel, ParamsAndSecretsVersions } from 'aws-cdk-lib/aws-lambda';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { IConstruct } from 'constructs';

export const secretsExtensionVersion = ParamsAndSecretsVersions.V1_0_103;

/** The house architecture (arm64) where the extension is published for it, else x86_64 where it is published for that. */
export function architectureForSecretsExtension(scope: IConstruct): Architecture {
  const region = Stack.of(scope).region;
  // An env-agnostic stack is taken as commercial (infra/district-parts.ts): CDK maps the layer per region.
  if (Token.isUnresolved(region)) return Architecture.ARM_64;
  const published = RegionInfo.get(region);
  for (const architecture of [Architecture.ARM_64, Architecture.X86_64]) {
    if (published.paramsAndSecretsLambdaLayerArn(secretsExtensionVersion, architecture.name)) return architecture;
  }
  throw new Error(`AWS publishes no Parameters and Secrets Lambda Extension ${secretsExtensionVersion} in ${region}: the tracking-link secret cannot be read there`);
}

export function secretsExtension(): ParamsAndSecretsLayerVersion {
  return ParamsAndSecretsLayerVersion.fromVersion(secretsExtensionVersion, {
    // The functions keep the value for their environment's life (lib/secrets/tracking-link-secret.ts): one entry is enough.
    cacheSize: 10,
    // Below the reader's own 3-second limit, so the extension gives up first and says why.
    secretsManagerTimeout: Duration.seconds(2),
    logLevel: ParamsAndSecretsLogLevel.WARN,
  });
}
