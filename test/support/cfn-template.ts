/** Reading synthesized CloudFormation in infra tests. */
import { CfnResource } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** A CloudFormation resource as the assertions library hands it out (its JSON is untyped). */
export interface CfnResourceJson {
  Type: string;
  Properties: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DeletionPolicy?: string;
}

export function resourcesOf(template: Template, type: string): Record<string, CfnResourceJson> {
  // findResources answers `{ [logicalId: string]: any }`; each value is a resource's JSON.
  return template.findResources(type) as Record<string, CfnResourceJson>;
}

/** A stack or template by district from a map filled in beforeAll, failing loudly when missing. */
export function byDistrict<T>(built: ReadonlyMap<string, T>, stackName: string, what: string): T {
  const found = built.get(stackName);
  if (!found) throw new Error(`no ${what} ${stackName}`);
  return found;
}

/** cdk-nag AwsSolutions findings left unacknowledged on a stack, one line each. */
export function nagFindings(stack: IConstruct): { findings: string[]; success: boolean } {
  const report = new AwsSolutionsChecks().validateScope(stack);
  const findings = report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.severity} ${violation.ruleName} at ${resource.constructPath}`),
  );
  return { findings, success: report.success };
}

/** Every cdk-nag acknowledgement under `root`, with where it sits. */
export function nagAcknowledgements(root: IConstruct) {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({
        path: construct.node.path,
        id,
        reason,
        // On a CloudFormation resource itself: not on a stack or a subtree of constructs.
        onOneResource: CfnResource.isCfnResource(construct),
      })),
  );
}
