/**
 * The district as deployed in one region: the config's identity, SMS and web parts, or its `china`
 * ones where the region is in the China partition (lib/district/platform-parts.ts says why).
 * A part that cannot work in the partition stops synthesis with what to set instead.
 */
import type { DistrictConfig } from '../lib/district/district-config.ts';

export type Partition = 'aws' | 'aws-cn';

/** The partition of a region; an env-agnostic stack (no region given) is taken as commercial. */
export function partitionOf(region: string | undefined): Partition {
  return region?.startsWith('cn-') ? 'aws-cn' : 'aws';
}

/** The config the stack and its functions use in `partition`: the China parts in place of the others there. */
export function districtInPartition(district: DistrictConfig, partition: Partition): DistrictConfig {
  if (partition === 'aws') {
    const domain = district.web.hosting === 'cloudfront' ? district.web.domain : undefined;
    if (domain && !domain.acmCertificateArn) {
      throw new Error(`District ${district.id}: web.domain ${domain.name} needs acmCertificateArn (an ACM certificate in us-east-1)`);
    }
    return district;
  }
  const { identity, sms, web } = district.china;
  if (identity?.provider !== 'oidc') {
    throw new Error(
      `District ${district.id} cannot be deployed in the China partition: Cognito is not offered there; set china.identity to { "provider": "oidc", "issuer": "https://…", "audience": ["…"] }`,
    );
  }
  if (web.hosting === 'cloudfront' && !(web.domain?.iamCertificateId && web.domain.icpRecord)) {
    throw new Error(
      `District ${district.id}: CloudFront in the China partition serves only an ICP-recorded domain: set china.web.domain.name, iamCertificateId and icpRecord, or china.web.hosting "none"`,
    );
  }
  return { ...district, identity, sms, web };
}
