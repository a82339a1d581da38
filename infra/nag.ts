/**
 * cdk-nag acknowledgements, applied as narrowly as the construct tree allows: on the one
 * CloudFormation resource that has the finding, never on a stack or a whole construct subtree.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Acknowledges finding `id` on the CloudFormation resource of `construct` (its default child). */
export function acknowledgeFinding(construct: IConstruct, id: string, reason: string): void {
  Validations.of(construct.node.defaultChild ?? construct).acknowledge({ id, reason });
}

/** Acknowledges finding `id` on the inline default policy of `role` (where grants put statements). */
export function acknowledgePolicyFinding(role: IConstruct, id: string, reason: string): void {
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (!policy) throw new Error(`${role.node.path} has no default policy: nothing to acknowledge for ${id}`);
  acknowledgeFinding(policy, id, reason);
}
