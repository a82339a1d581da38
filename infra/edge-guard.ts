/**
 * What keeps a district's public routes behind its CloudFront distribution, in a nested stack (the
 * district stack stays well inside its resource budget):
 *
 * - the origin secret: generated in Secrets Manager per district (never in the repository or the
 *   template, which hold only a dynamic reference), added by the distribution to every request it
 *   passes to the API (header `x-origin-verify`) and required by the public routes' functions
 *   (lib/http/edge-origin.ts), so calling the execute-api address directly gets 403;
 * - in the commercial partition, the ARN of the web ACL (infra/edge-stack.ts), read at deployment
 *   from the SSM parameter in us-east-1 by a custom resource: a CloudFront web ACL lives in
 *   us-east-1, and CloudFormation cannot refer to another region.
 *
 * Why a header and not a disabled execute-api endpoint: with the endpoint off, CloudFront could
 * reach the API only through an API Gateway custom domain (a domain and regional certificate every
 * district would need), and staff apps, which call the API's own address with their bearer tokens
 * (CloudFront does not pass Authorization on), would lose their way in.
 */
import { Aws, NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { edgeRegion, webAclArnParameterName } from './edge-stack.ts';
import { acknowledgeFinding } from './nag.ts';

export interface EdgeGuardProps extends NestedStackProps {
  districtId: string;
  /** Read the web ACL's ARN from us-east-1 (commercial partition only). */
  webAcl: boolean;
}

export class EdgeGuard extends NestedStack {
  readonly originSecret: Secret;
  /** The web ACL to attach to the distribution, where there is one. */
  readonly webAclArn: string | undefined;

  constructor(scope: Construct, id: string, props: EdgeGuardProps) {
    super(scope, id, { description: `CloudFront origin secret and web ACL of district ${props.districtId}`, ...props });
    this.originSecret = new Secret(this, 'OriginSecret', {
      description: `Header value CloudFront adds to requests for the public API of district ${props.districtId}`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    acknowledgeFinding(
      this.originSecret,
      'AwsSolutions-SMG4',
      'Not rotated automatically: the distribution and the public functions take the value at deployment, so it changes by replacing the secret (a new logical id) and deploying, which updates both together; a rotation in between would lock residents out.',
    );

    this.webAclArn = undefined;
    if (!props.webAcl) return;
    const parameterArn = `arn:${Aws.PARTITION}:ssm:${edgeRegion}:${Aws.ACCOUNT_ID}:parameter${webAclArnParameterName}`;
    const reader = new AwsCustomResource(this, 'WebAclArn', {
      onUpdate: {
        service: 'SSM',
        action: 'getParameter',
        parameters: { Name: webAclArnParameterName },
        region: edgeRegion,
        physicalResourceId: PhysicalResourceId.fromResponse('Parameter.Value'),
      },
      policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: [parameterArn] }),
      installLatestAwsSdk: false,
    });
    this.webAclArn = reader.getResponseField('Parameter.Value');
    // aws-cdk-lib's one provider function for AwsCustomResource in this stack.
    const providerRole = this.node.tryFindChild(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`)?.node.tryFindChild('ServiceRole');
    if (!providerRole) throw new Error(`${this.node.path}: the AwsCustomResource provider's role was not found`);
    acknowledgeFinding(
      providerRole,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "aws-cdk-lib's AwsCustomResource provider (runs only at deployment, reads one SSM parameter): its role carries the basic execution policy for its logs; its only other grant is ssm:GetParameter on the web ACL parameter.",
    );
  }
}
