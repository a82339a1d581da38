/**
 * The web ACL every district's CloudFront distribution carries (`CommunityPartners-edge`). A web ACL
 * for CloudFront must be created in us-east-1, whatever region the districts are in, so it is a
 * stack of its own there, one per account for all its districts (AWS WAF charges per web ACL and
 * rule; a rate-based rule counts each client address over every distribution the ACL is attached
 * to). Its ARN is kept in an SSM parameter beside it, which each district reads at deployment from
 * its own region (infra/edge-guard.ts): CloudFormation cannot refer to another region's stack.
 *
 * Only in the commercial partition: in the China regions AWS WAF is regional only (no web ACL for
 * CloudFront) and cannot be attached to an HTTP API either (README, Safety).
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

export const edgeStackName = 'CommunityPartners-edge';
/** Where a web ACL for CloudFront must live. */
export const edgeRegion = 'us-east-1';
/** The SSM parameter (in us-east-1) holding the web ACL's ARN. */
export const webAclArnParameterName = '/community-partners/edge/web-acl-arn';

/**
 * Per client address and 5 minutes: all requests (pages, scripts and the public API), and the public
 * writes (POST) alone. Generous, since many residents share one carrier-grade NAT address; the
 * per-client and per-phone limits in the table are the finer ones.
 */
export const edgeRateLimits = { requestsPer5Minutes: 1500, writesPer5Minutes: 150 } as const;

const problemBody = JSON.stringify({
  type: 'about:blank',
  title: 'Too Many Requests',
  status: 429,
  detail: '请求过于频繁，请几分钟后再试。',
});

export class EdgeStack extends Stack {
  readonly webAcl: CfnWebACL;
  readonly webAclArnParameter: StringParameter;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, {
      description: "Community partners: the web ACL of the districts' CloudFront distributions (AWS WAF, us-east-1)",
      ...props,
      env: { ...props.env, region: edgeRegion },
    });
    const tooMany = { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'tooManyRequests', responseHeaders: [{ name: 'retry-after', value: '300' }] } } };
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: 'community-partners-edge',
      description: 'Rate limits per client address and the AWS common rule set, in front of every district distribution',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('community-partners-edge'),
      customResponseBodies: { tooManyRequests: { contentType: 'APPLICATION_JSON', content: problemBody } },
      rules: [
        {
          name: 'RequestsPerClient',
          priority: 0,
          statement: { rateBasedStatement: { limit: edgeRateLimits.requestsPer5Minutes, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          action: tooMany,
          visibilityConfig: visibility('requests-per-client'),
        },
        {
          name: 'WritesPerClient',
          priority: 1,
          statement: {
            rateBasedStatement: {
              limit: edgeRateLimits.writesPer5Minutes,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { method: {} },
                  positionalConstraint: 'EXACTLY',
                  searchString: 'POST',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          action: tooMany,
          visibilityConfig: visibility('writes-per-client'),
        },
        {
          // Free of charge beyond the rule's price; bodies are inspected up to CloudFront's default 16 KB.
          name: 'AwsCommonRuleSet',
          priority: 2,
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
          overrideAction: { none: {} },
          visibilityConfig: visibility('aws-common-rule-set'),
        },
      ],
    });
    this.webAclArnParameter = new StringParameter(this, 'WebAclArn', {
      parameterName: webAclArnParameterName,
      description: "ARN of the web ACL for the districts' CloudFront distributions, read by each district stack at deployment",
      stringValue: this.webAcl.attrArn,
    });
  }
}

function visibility(metricName: string): CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}
