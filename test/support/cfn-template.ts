/** Reading synthesized CloudFormation in infra tests. */
import type { Template } from 'aws-cdk-lib/assertions';

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
