/**
 * What every district of an account and region can share, deployed once there
 * (`CommunityPartners-shared`): the CloudFront cache and response-headers policies of the resident
 * pages. CloudFront allows 20 custom policies of each kind per account; one set per district would
 * stop an account at five districts, one shared set lets it hold as many as the other quotas allow
 * (README, Many districts per account).
 */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  CachePolicy,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  type ResponseSecurityHeadersBehavior,
} from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';

export const sharedStackName = 'CommunityPartners-shared';

/** Both page policies add the same security headers; the pages' CSP itself is in their <meta>. */
const securityHeaders: ResponseSecurityHeadersBehavior = {
  strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: false, override: true },
  contentTypeOptions: { override: true },
  frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
  referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
  // A <meta> CSP cannot say frame-ancestors; the browser applies both.
  contentSecurityPolicy: { contentSecurityPolicy: "frame-ancestors 'none'", override: true },
};

/** The resident pages' caching: HTML a minute at the edge and revalidated; content-hashed files a year, immutable. */
export class WebPolicies extends Construct {
  readonly pagesCache: CachePolicy;
  readonly pagesHeaders: ResponseHeadersPolicy;
  readonly hashedAssetsCache: CachePolicy;
  readonly hashedAssetsHeaders: ResponseHeadersPolicy;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.pagesCache = new CachePolicy(this, 'PagesCache', {
      comment: 'HTML pages of the resident form: a minute at the edge',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.minutes(1),
      maxTtl: Duration.minutes(5),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    this.pagesHeaders = new ResponseHeadersPolicy(this, 'PagesHeaders', {
      comment: 'HTML pages of the resident form: revalidated on every visit',
      securityHeadersBehavior: securityHeaders,
      customHeadersBehavior: { customHeaders: [{ header: 'Cache-Control', value: 'no-cache', override: true }] },
    });
    this.hashedAssetsCache = new CachePolicy(this, 'HashedAssetsCache', {
      comment: 'Content-hashed scripts and styles of the resident pages: a year',
      minTtl: Duration.days(1),
      defaultTtl: Duration.days(365),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    this.hashedAssetsHeaders = new ResponseHeadersPolicy(this, 'HashedAssetsHeaders', {
      comment: 'Content-hashed files of the resident pages: immutable',
      securityHeadersBehavior: securityHeaders,
      customHeadersBehavior: { customHeaders: [{ header: 'Cache-Control', value: 'public, max-age=31536000, immutable', override: true }] },
    });
  }
}

export class SharedStack extends Stack {
  readonly webPolicies: WebPolicies;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { description: 'Community partners: what the districts of this account and region share', ...props });
    this.webPolicies = new WebPolicies(this, 'WebPolicies');
  }
}
